// The weights file (`dth run --weights <yaml>`): how often each benign scenario's tool is launched in
// a team's estate, in launches per 1,000 endpoints per day, so the report can turn firing fractions into
// expected false alerts per 1,000 endpoints per day; and optionally a weight per malicious scenario for a
// weighted recall. Format (checked against WEIGHTS_SCHEMA; errors name the file, line and column):
//
//   unit: launches per 1000 endpoints per day      # the only unit
//   benign:
//     vagrant-qemu: { launches: 0.5, basis: "why this number" }
//   malicious:                                      # optional
//     kaspersky-socket-tunnel: { weight: 2, basis: "why" }
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { InputError, positionAt } from '../harness/errors.js';
import { yamlToJs } from '../harness/yaml-document.js';
import { readBoundedText } from '../harness/read-bounded-text.js';

export const WEIGHTS_UNIT = 'launches per 1000 endpoints per day';

export interface WeightsFile {
  /** As the user named it. */
  file: string;
  /** Benign scenario id -> expected launches per 1,000 endpoints per day, with the basis of the figure. */
  benign: Record<string, { launches: number; basis: string }>;
  /** Malicious scenario id -> weight in the recall, with its basis. */
  malicious: Record<string, { weight: number; basis: string }>;
}

const ENTRY = (value: string, extra: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: [value, 'basis'],
  properties: { ...extra, basis: { type: 'string', minLength: 1, description: 'where the number comes from (an example, a measurement, a guess)' } },
});

export const WEIGHTS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'dth weights file',
  type: 'object',
  additionalProperties: false,
  required: ['unit', 'benign'],
  properties: {
    unit: { const: WEIGHTS_UNIT },
    description: { type: 'string' },
    benign: { type: 'object', additionalProperties: ENTRY('launches', { launches: { type: 'number', minimum: 0, maximum: 1e9 } }) },
    malicious: { type: 'object', additionalProperties: ENTRY('weight', { weight: { type: 'number', exclusiveMinimum: 0, maximum: 1e6 } }) },
  },
} as const;

/** Compiled on first use: compiling costs every `dth run` tens of milliseconds, and few runs read a weights file. */
let compiled: ReturnType<Ajv2020['compile']> | undefined;

function describe(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; allowedValue?: unknown; missingProperty?: string };
  if (error.keyword === 'additionalProperties') return `unknown key '${params.additionalProperty ?? ''}'`;
  if (error.keyword === 'const') return `expected ${JSON.stringify(params.allowedValue)}`;
  return error.message ?? 'is invalid';
}

/** Parses and checks a weights file's text; scenario ids are checked against the pack by checkWeights. */
export function parseWeights(text: string, file: string): WeightsFile {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = positionAt(text, first.pos[0]);
    throw new InputError(`not valid YAML: ${first.message.split('\n')[0] ?? ''}`, { file, ...at }, text);
  }
  const value = yamlToJs(doc, text, file);
  const validate = (compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(WEIGHTS_SCHEMA));
  if (!validate(value)) {
    const error = (validate.errors ?? [])[0] as ErrorObject;
    const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const at = node?.range === undefined ? {} : positionAt(text, node.range[0]);
    const where = path.length === 0 ? '(top level)' : path.join('.');
    throw new InputError(`${where}: ${describe(error)} (weights file format: reports/REPORT-SCHEMA.md, "Weights and alert volume")`, { file, ...at }, text);
  }
  const raw = value as { benign: WeightsFile['benign']; malicious?: WeightsFile['malicious'] };
  return { file, benign: raw.benign, malicious: raw.malicious ?? {} };
}

export function readWeightsFile(file: string): WeightsFile {
  return parseWeights(readBoundedText(file, 'the weights file'), file);
}

/** Every id must be a scenario of the pack with the right label: a typo would silently weigh nothing. */
export function checkWeights(weights: WeightsFile, scenarios: readonly { id: string; label: 'malicious' | 'benign' }[]): void {
  const labels = new Map(scenarios.map((s) => [s.id, s.label]));
  for (const [section, label] of [['benign', 'benign'], ['malicious', 'malicious']] as const) {
    for (const id of Object.keys(weights[section])) {
      const found = labels.get(id);
      if (found === undefined) throw new InputError(`${section}.${id}: no scenario of the pack has this id`, { file: weights.file });
      if (found !== label) throw new InputError(`${section}.${id}: scenario ${id} is ${found}; expected a ${label} scenario`, { file: weights.file });
    }
  }
}
