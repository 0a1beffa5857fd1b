// Word and name pools for generated hosts, users, projects and padding: faker's English locale data,
// read once at load and drawn by index with the run's seeded PRNG (Rng), so faker's own generator
// never runs per event. Slug pools hold the lower-case a–z form every caller used to compute per draw
// (`.toLowerCase().replace(/[^a-z]/g, '')`); empty slugs are left out.
import { en } from '@faker-js/faker';

function slug(word: string): string {
  return word.toLowerCase().replace(/[^a-z]/g, '');
}

function slugs(words: readonly string[]): readonly string[] {
  return words.map(slug).filter((w) => w !== '');
}

/** The locale entry when it is a list of strings (faker types some entries more loosely). */
function stringsOf(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function list(words: readonly string[] | null | undefined, what: string): readonly string[] {
  if (words === undefined || words === null || words.length === 0) throw new Error(`internal: faker's en locale has no ${what}`);
  return words;
}

const WORD = en.word ?? {};
const PERSON = en.person ?? {};

/** Nouns as faker has them (may hold capitals and hyphens: 'CD', 'e-mail'). */
export const NOUNS = list(WORD.noun, 'word.noun');
export const ADJECTIVES = list(WORD.adjective, 'word.adjective');
export const NOUN_SLUGS = slugs(NOUNS);
/** Each word class faker's word.sample draws from (adjective, adverb, conjunction, …, verb), as slugs. */
export const WORD_CLASS_SLUGS: ReadonlyArray<readonly string[]> = Object.values(WORD)
  .filter((words): words is string[] => Array.isArray(words) && words.length > 0)
  .map(slugs)
  .filter((words) => words.length > 0);
/** First names by faker's lists: female, male and the sex-neutral generic list. */
export const FIRST_NAME_SLUGS = {
  female: slugs(list(stringsOf(PERSON.first_name?.female), 'person.first_name.female')),
  male: slugs(list(stringsOf(PERSON.first_name?.male), 'person.first_name.male')),
  generic: slugs(list(stringsOf(PERSON.first_name?.generic), 'person.first_name.generic')),
};
export const LAST_NAME_SLUGS = slugs(list(stringsOf(PERSON.last_name?.generic), 'person.last_name.generic'));
/** Company legal forms (faker's company.legal_entity_type: Group, Inc, LLC, and Sons), as slugs. */
export const LEGAL_ENTITY_SLUGS = slugs(list(stringsOf(en.company?.legal_entity_type), 'company.legal_entity_type'));
