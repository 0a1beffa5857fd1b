// Reading a report.json back (the gate's baseline and current report): JSON syntax, schema version
// and the JSON Schema are all checked, and any problem is bad input naming the file and the reason.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { InputError, positionAt } from '../harness/errors.js';
import { fromRoot } from '../harness/paths.js';
import { visible } from './escape.js';
import { REPORT_SCHEMA_VERSION, type Report } from './model.js';

export const REPORT_SCHEMA_FILE = 'reports/report.schema.json';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(fromRoot(REPORT_SCHEMA_FILE), 'utf8')) as object;
    compiled = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  }
  return compiled;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const allowed =
    error.keyword === 'enum' || error.keyword === 'const'
      ? `: ${JSON.stringify((error.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)}`
      : error.keyword === 'additionalProperties'
        ? ` (${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)})`
        : '';
  return `${where} ${error.message ?? 'is invalid'}${allowed}`;
}

/** Schema problems of `value` as `path message` lines; empty when it is a valid report. */
export function reportSchemaErrors(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

const MAX_LISTED = 10;

/** Parses and checks report.json text; `file` names it in errors. */
export function parseReport(text: string, file: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes the offending text in some messages: keep it short and inert.
    const message = visible(error instanceof Error ? error.message : String(error), 200);
    const offset = /at position (\d+)/.exec(message);
    const location = offset === null ? { file } : { file, ...positionAt(text, Number(offset[1])) };
    throw new InputError(`not valid JSON: ${message}`, location, offset === null ? undefined : text);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('not a detection-harness report: expected a JSON object', { file });
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) throw new InputError('not a detection-harness report: no schemaVersion', { file });
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      `report schema version ${JSON.stringify(version)} is not the version this dth reads (${REPORT_SCHEMA_VERSION}); regenerate the report with this version of dth` +
        (version === 1 ? ' (what changed: reports/REPORT-SCHEMA.md, "Migrating from version 1")' : ''),
      { file },
    );
  }
  const problems = reportSchemaErrors(value);
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => `\n  ${p}`).join('');
    const more = problems.length > MAX_LISTED ? `\n  ... and ${problems.length - MAX_LISTED} more` : '';
    throw new InputError(`does not match the report schema (${REPORT_SCHEMA_FILE}):${listed}${more}`, { file });
  }
  return value as Report;
}

export function readReportFile(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file' : `cannot read the file: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  return parseReport(text, file);
}
