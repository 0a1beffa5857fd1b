// Long runs of random words (padding text): windows of one fixed text of word-pool slugs joined
// with '-', built once per process. A 20 000-character padding drawn word by word was ~2 700 words
// and two PRNG draws each, ~10% of generating the whole pack for 50 events; a window is one draw,
// and the slice shares the text's memory instead of copying it. The text is fixed data like the word
// pools themselves: which window an event gets is the seeded choice.
import { Sfc32 } from './prng.js';
import { WORD_CLASS_SLUGS } from './word-pools.js';

/** Characters in the text: windows up to a quarter of it start at any of ~35 000 word starts or more. */
const TEXT_LENGTH = 1 << 20;
/** The longest window: longer ones would start only in the first words of the text. */
export const MAX_WORD_TEXT_LENGTH = TEXT_LENGTH / 4;
/** The text's own seed: fixed, so the text is the same in every run (the run seed picks windows). */
const TEXT_SEED = 0x5eed_7e47;
const TWO_POW_32 = 4_294_967_296;

interface WordText {
  text: string;
  /** Offset of every word's first character, ascending. */
  starts: Int32Array;
}

let built: WordText | undefined;

/** The text, as wordSlug() draws words: a word class, then a word of it. */
function buildWordText(): WordText {
  const source = new Sfc32(TEXT_SEED);
  const words: string[] = [];
  const starts: number[] = [];
  let at = 0;
  while (at < TEXT_LENGTH) {
    const list = WORD_CLASS_SLUGS[Math.floor((source.next() / TWO_POW_32) * WORD_CLASS_SLUGS.length)] as readonly string[];
    const word = list[Math.floor((source.next() / TWO_POW_32) * list.length)] as string;
    starts.push(at);
    words.push(word);
    at += word.length + 1;
  }
  return { text: words.join('-'), starts: Int32Array.from(starts) };
}

/** The index of the last word that starts at or before `offset`. */
function lastStartAtOrBefore(starts: Int32Array, offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((starts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** How many windows of `length` characters there are (each starts at a word). */
export function wordTextWindows(length: number): number {
  if (!Number.isInteger(length) || length < 0 || length > MAX_WORD_TEXT_LENGTH) throw new RangeError(`word text length ${length} is outside 0..${MAX_WORD_TEXT_LENGTH}`);
  built ??= buildWordText();
  return lastStartAtOrBefore(built.starts, built.text.length - length) + 1;
}

/** Window `index` (0 ≤ index < wordTextWindows(length)): `length` characters from the start of that word. */
export function wordTextWindow(index: number, length: number): string {
  if (!Number.isInteger(length) || length < 0 || length > MAX_WORD_TEXT_LENGTH) throw new RangeError(`word text length ${length} is outside 0..${MAX_WORD_TEXT_LENGTH}`);
  const { text, starts } = (built ??= buildWordText());
  // Starts ascend, so a window fits exactly when index < wordTextWindows(length): checked without the search.
  const start = starts[index];
  if (!Number.isInteger(index) || start === undefined || start + length > text.length) throw new RangeError(`word text window ${index} does not fit ${length} characters`);
  return text.slice(start, start + length);
}
