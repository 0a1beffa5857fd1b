// The JSON Schema of a scenario pack, built from the registries so that population and variant
// ids, their parameter schemas and the data source ids cannot drift from the code. The file
// scenarios/qemu-tunneling.schema.json is this object, written out (a test keeps them identical);
// editors can validate packs against it.
import { DATA_SOURCE_IDS } from './data-source-ids.js';
import { DECLARATIVE_DEFINITIONS, DECLARATIVE_PACK_PROPERTIES } from './declarative/schema.js';
import { EVASIONS } from './evasion/index.js';
import { POPULATIONS } from './populations/index.js';
import { VARIANTS } from './variants/index.js';

const VERDICT = {
  enum: ['detect', 'miss', 'partial'],
  description: 'detect: the rule fires on every event of the scenario in the data source; miss: on none (a known gap, or a benign tool it is quiet on); partial: on some but not all',
};

export function buildPackSchema(): Record<string, unknown> {
  const populationIds = POPULATIONS.map((p) => p.id);
  const variantIds = [...VARIANTS.map((v) => v.id), ...EVASIONS.map((e) => e.id)];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/detection-harness/scenarios/qemu-tunneling.schema.json',
    title: 'detection-harness scenario pack',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'scenarios'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'pack name' },
      description: { type: 'string' },
      defaults: {
        type: 'object',
        additionalProperties: false,
        properties: { count: { type: 'integer', minimum: 1, maximum: 100000, description: 'events per scenario and OS when a scenario has no count' } },
      },
      scenarios: { type: 'array', minItems: 1, items: { $ref: '#/definitions/scenario' } },
      ...DECLARATIVE_PACK_PROPERTIES,
    },
    definitions: {
      ...DECLARATIVE_DEFINITIONS,
      scenario: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'description', 'label', 'techniques', 'references', 'population', 'os'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'kebab-case, unique in the pack' },
          title: { type: 'string', minLength: 1 },
          description: { type: 'string', minLength: 1 },
          label: { enum: ['malicious', 'benign'] },
          techniques: { type: 'array', items: { type: 'string', pattern: '^T[0-9]{4}(\\.[0-9]{3})?$' }, description: 'ATT&CK technique ids' },
          references: { type: 'array', items: { type: 'string', minLength: 1 } },
          population: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: `a built-in population (${populationIds.join(', ')}) or one in the pack's populations` },
          parameters: { type: 'object' },
          os: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['windows', 'linux', 'macos'] } },
          variants: { type: 'array', items: { anyOf: [{ enum: variantIds }, { $ref: '#/definitions/variantUse' }] } },
          count: { type: 'integer', minimum: 1, maximum: 100000, description: 'events generated for each OS in os' },
          purpose: {
            enum: ['detection', 'report-safety'],
            description: 'detection (default): a behaviour the rates count; report-safety: a harness self-test (e.g. hostile text for output escaping) that runs and is checked by its pins but counts toward no rate',
          },
          weight: { type: 'number', exclusiveMinimum: 0, maximum: 1000000, description: "the scenario's weight in the rule x data source recall or FPR (default 1; a --weights file overrides it)" },
          chain: {
            type: 'array',
            maxItems: 20,
            description:
              'an ordered chain after each generated process start, for sequence rules: each step is a child process the previous process starts, `after` seconds later, on the same host and account. The chain head is the behaviour the rates count; a rule catches the chain when it fires on its head',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['after', 'executable'],
              properties: {
                after: { type: 'integer', minimum: 1, maximum: 86400, description: 'seconds after the previous step' },
                executable: { type: 'string', minLength: 1, description: 'full path of the child image' },
                args: { type: 'array', items: { type: 'string' }, description: 'argv after argv[0] (argv[0] is the executable)' },
              },
            },
          },
          expect: {
            type: 'object',
            description: 'pinned verdicts by rule id',
            additionalProperties: {
              anyOf: [
                VERDICT,
                {
                  type: 'object',
                  additionalProperties: false,
                  required: ['verdict'],
                  properties: {
                    verdict: VERDICT,
                    reason: { type: 'string', minLength: 1 },
                    sources: { type: 'object', propertyNames: { enum: [...DATA_SOURCE_IDS] }, additionalProperties: VERDICT },
                  },
                },
              ],
            },
          },
        },
        allOf: POPULATIONS.map((p) => ({
          if: { properties: { population: { const: p.id } }, required: ['population'] },
          then: { properties: { parameters: p.parameterSchema } },
        })),
      },
      variantUse: {
        type: 'object',
        required: ['id'],
        properties: { id: { enum: variantIds } },
        allOf: [...VARIANTS, ...EVASIONS].map((v) => {
          const params = v.parameterSchema as { properties?: Record<string, unknown> };
          return {
            if: { properties: { id: { const: v.id } }, required: ['id'] },
            then: { additionalProperties: false, properties: { id: { const: v.id }, ...(params.properties ?? {}) } },
          };
        }),
      },
    },
  };
}
