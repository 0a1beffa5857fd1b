// Deployment profiles from YAML: the shipped ones under profiles/ (by id) or a user's file (by path),
// validated against profiles/profile.schema.json. Every problem names the file, line and column.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument, type Document, type Node } from 'yaml';
import { InputError, positionAt, type SourceLocation } from '../errors.js';
import { fromRoot, reportPath } from '../paths.js';
import { SPLUNK_DEFAULT_TRUNCATE, DEFAULT_SOURCE_SETTINGS } from './profile.js';
import type { DeploymentProfile, IndexSettings, PipelineVersion, SourceSettings } from '../model/profile.js';
import { readBoundedText } from '../read-bounded-text.js';

export const PROFILES_DIR = fromRoot('profiles');
export const PROFILE_SCHEMA_FILE = fromRoot('profiles', 'profile.schema.json');
/** What `dth run` and the other commands use when no --profile is given. */
export const DEFAULT_PROFILE_ID = 'recommended';

interface RawProfile {
  id: string;
  title: string;
  description: string;
  sources: Record<string, { command_line?: boolean; host_metadata?: boolean; pipeline?: PipelineVersion }>;
  elasticsearch: { indices: Array<{ pattern: string; index_ignore_above?: number | null; field_ignore_above?: Record<string, number>; reason?: string }> };
  splunk: { truncate: { default: number; sourcetypes?: Record<string, number> } };
}

let validator: ValidateFunction | undefined;

function profileValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

/** The YAML node at a JSON pointer, or its nearest existing ancestor. */
function locate(doc: Document, pointer: string, file: string, text: string): SourceLocation {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let n = segments.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true)) as Node | null | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return { file, ...positionAt(text, node.range[0]) };
  }
  return { file };
}

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'the profile' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.propertyName !== undefined) return `${at}: unknown data source id '${error.propertyName}' (known: ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})`;
  if (error.keyword === 'additionalProperties') return `${at}: unknown key '${String((error.params as { additionalProperty: string }).additionalProperty)}'`;
  if (error.keyword === 'enum') return `${at}: expected one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
  return `${at}: ${error.message ?? 'invalid'}`;
}

/** Parses and validates profile YAML text. */
export function parseProfile(text: string, file: string): DeploymentProfile {
  const doc = parseDocument(text, { prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) throw new InputError(`profile is not valid YAML: ${yamlError.message.split('\n')[0] ?? ''}`, { file, ...positionAt(text, yamlError.pos[0]) }, text);
  const raw: unknown = doc.toJS();
  const validate = profileValidator();
  if (!validate(raw)) {
    // A bad property name yields its own error and then a summary one (keyword propertyNames): keep the first.
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames');
    const first = errors[0];
    if (first === undefined) throw new InputError('invalid deployment profile', { file });
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw new InputError(describe(first) + more, locate(doc, first.instancePath, file, text), text);
  }
  return toProfile(raw as RawProfile, reportPath(file));
}

function toProfile(raw: RawProfile, file: string): DeploymentProfile {
  const sources: Record<string, SourceSettings> = {};
  for (const [id, s] of Object.entries(raw.sources)) {
    sources[id] = {
      commandLine: s.command_line ?? DEFAULT_SOURCE_SETTINGS.commandLine,
      hostMetadata: s.host_metadata ?? DEFAULT_SOURCE_SETTINGS.hostMetadata,
      pipeline: s.pipeline ?? DEFAULT_SOURCE_SETTINGS.pipeline,
    };
  }
  const indices: IndexSettings[] = raw.elasticsearch.indices.map((i) => ({
    pattern: i.pattern,
    ...(i.index_ignore_above !== undefined ? { indexIgnoreAbove: i.index_ignore_above } : {}),
    fieldIgnoreAbove: { ...(i.field_ignore_above ?? {}) },
    ...(i.reason !== undefined ? { reason: i.reason } : {}),
  }));
  return {
    id: raw.id,
    title: raw.title,
    description: raw.description.trim(),
    file,
    sources,
    elasticsearch: { indices },
    splunk: { truncateDefault: raw.splunk.truncate.default ?? SPLUNK_DEFAULT_TRUNCATE, truncateBySourcetype: { ...(raw.splunk.truncate.sourcetypes ?? {}) } },
  };
}

/** The shipped profile files, by id (file name without `.yaml`), in name order. */
function shippedFiles(): Map<string, string> {
  const files = existsSync(PROFILES_DIR) ? readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.yaml')).sort() : [];
  return new Map(files.map((f) => [basename(f, '.yaml'), join(PROFILES_DIR, f)]));
}

export function readProfileFile(file: string): DeploymentProfile {
  return parseProfile(readBoundedText(file, 'deployment profile'), file);
}

/** A shipped profile by id, or a profile file by path. */
export function loadProfile(idOrFile: string = DEFAULT_PROFILE_ID): DeploymentProfile {
  const shipped = shippedFiles().get(idOrFile);
  if (shipped !== undefined) return readProfileFile(shipped);
  if (existsSync(idOrFile)) return readProfileFile(idOrFile);
  throw new InputError(`unknown deployment profile '${idOrFile}': give a shipped id (${[...shippedFiles().keys()].join(', ')}) or a profile file`);
}

/** Every shipped profile, the default first. */
export function shippedProfiles(): DeploymentProfile[] {
  const all = [...shippedFiles().values()].map(readProfileFile);
  return [...all.filter((p) => p.id === DEFAULT_PROFILE_ID), ...all.filter((p) => p.id !== DEFAULT_PROFILE_ID)];
}
