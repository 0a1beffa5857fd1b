// JSON Schema of the declarative parts of a pack (`programs`, `populations`) and of the pack's own
// rule list, merged into the pack schema by generators/pack-schema.ts.
import { PROGRAM_TRAITS } from './model.js';

const TEMPLATE_STRING = { type: 'string', maxLength: 4000, description: 'a token; {placeholder} is filled per event (see the README for the list)' };

export const DECLARATIVE_DEFINITIONS: Record<string, unknown> = {
  templateItem: {
    anyOf: [
      TEMPLATE_STRING,
      { type: 'object', additionalProperties: false, required: ['option'], properties: { option: { type: 'string', minLength: 1, maxLength: 200 }, value: TEMPLATE_STRING }, description: 'an option and its value (one unit: reordering keeps them together)' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['oneOf'],
        properties: {
          oneOf: { type: 'array', minItems: 1, items: { anyOf: [{ $ref: '#/definitions/templateItem' }, { type: 'array', items: { $ref: '#/definitions/templateItem' } }] } },
          weights: { type: 'array', items: { type: 'number', minimum: 0 } },
        },
        description: 'one of the choices (each a token or a list of tokens)',
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['optional'],
        properties: {
          optional: { anyOf: [{ $ref: '#/definitions/templateItem' }, { type: 'array', items: { $ref: '#/definitions/templateItem' } }] },
          p: { type: 'number', minimum: 0, maximum: 1, description: 'probability the group is present (default 0.5)' },
        },
      },
    ],
  },
  program: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'traits', 'check'],
    properties: {
      title: { type: 'string', minLength: 1 },
      traits: { type: 'array', uniqueItems: true, items: { enum: [...PROGRAM_TRAITS] }, description: "what the program's argument parser accepts (decides which evasions apply)" },
      check: {
        anyOf: [
          { type: 'object', additionalProperties: false, required: ['kind', 'command', 'package'], properties: { kind: { const: 'real' }, command: { type: 'string', minLength: 1 }, package: { type: 'string', minLength: 1 } } },
          { type: 'object', additionalProperties: false, required: ['kind', 'reference'], properties: { kind: { const: 'documented' }, reference: { type: 'string', minLength: 1 } } },
        ],
      },
    },
  },
  parent: {
    type: 'object',
    additionalProperties: false,
    required: ['executable'],
    properties: {
      executable: { type: 'string', minLength: 1, maxLength: 1000 },
      args: { type: 'array', items: { $ref: '#/definitions/templateItem' } },
      account: { enum: ['person', 'system', 'root'] },
      weight: { type: 'number', exclusiveMinimum: 0 },
    },
  },
  osForm: {
    type: 'object',
    additionalProperties: false,
    required: ['executable', 'args', 'parents'],
    properties: {
      executable: { anyOf: [{ type: 'string', minLength: 1, maxLength: 1000 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 1000 } }], description: 'path, or path choices' },
      argv0: { enum: ['path', 'name'], description: 'argv[0] as the full path (default) or the file name' },
      args: { type: 'array', items: { $ref: '#/definitions/templateItem' } },
      parents: { type: 'array', minItems: 1, items: { $ref: '#/definitions/parent' } },
      account: { enum: ['person', 'system', 'root'] },
      integrity: { enum: ['Low', 'Medium', 'High', 'System'] },
      workingDirectory: { type: 'string', minLength: 1 },
      pe: {
        type: 'object',
        additionalProperties: false,
        required: ['originalFileName'],
        properties: { originalFileName: { type: 'string' }, description: { type: 'string' }, product: { type: 'string' }, company: { type: 'string' }, fileVersion: { type: 'string' } },
      },
    },
  },
  population: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'label', 'program', 'summary', 'sources'],
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'kebab-case, unique among the pack and built-in populations' },
      title: { type: 'string', minLength: 1 },
      label: { enum: ['malicious', 'benign'] },
      program: { type: 'string', minLength: 1, description: 'a key of the pack\'s programs' },
      hostProfile: { enum: ['workstation', 'server', 'developer', 'ci-runner', 'hypervisor', 'lab'] },
      summary: { type: 'string', minLength: 1 },
      sources: {
        type: 'array',
        minItems: 1,
        items: { type: 'object', additionalProperties: false, required: ['title', 'confidence'], properties: { title: { type: 'string', minLength: 1 }, url: { type: 'string', minLength: 1 }, confidence: { enum: ['source', 'secondary', 'reconstructed', 'unverified'] } } },
      },
      windows: { $ref: '#/definitions/osForm' },
      linux: { $ref: '#/definitions/osForm' },
      macos: { $ref: '#/definitions/osForm' },
    },
  },
};

export const DECLARATIVE_PACK_PROPERTIES: Record<string, unknown> = {
  rules: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'rule files or directories this pack runs against, relative to the pack file (default: every rule under rules/ outside rules/packs/)' },
  macros: { type: 'string', minLength: 1, description: 'macros.conf for the Splunk rules, relative to the pack file (default: rules/splunk/macros.conf)' },
  programs: { type: 'object', propertyNames: { pattern: '^[a-z0-9][a-z0-9-]*$' }, additionalProperties: { $ref: '#/definitions/program' } },
  populations: { type: 'array', items: { $ref: '#/definitions/population' } },
};
