// Flat config: typescript-eslint's recommended rules, with `any` forbidden, and the layer order of
// DESIGN.md ("Layout": each floor imports only from floors below it) enforced with no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ABOVE = {
  rules: '**/rules/**',
  backends: '**/backends/**',
  runner: '**/runner/**',
  scan: '**/scan/**',
  reports: '**/reports/**',
  cli: '**/cli/**',
  generators: '**/generators/**',
  profiles: '**/profiles/**',
};

/** A floor: its files may not import from the folders listed (the floors above it). */
function floor(name, files, forbidden) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbidden,
              message: `an import against the layer order: ${name} imports only from the floors below it (DESIGN.md "Layout"). Move the shared piece down instead (shared types go to harness/model/).`,
            },
          ],
        },
      ],
    },
  };
}

/**
 * The EQL engine's Elasticsearch mappings sit below the rest of the engine: the engine reads them, they
 * read only the engine's value parsers and errors (so the two never import each other in a loop).
 */
const ENGINE_FORBIDDEN = [ABOVE.profiles, ABOVE.generators, ABOVE.rules, ABOVE.backends, ABOVE.runner, ABOVE.scan, ABOVE.reports, ABOVE.cli];
function eqlMappings() {
  const engines = floor('the engines', ['harness/engines/eql/mappings/**/*.ts'], ENGINE_FORBIDDEN);
  engines.rules['no-restricted-imports'][1].patterns.push({
    group: ['../*.js', '!../values.js', '!../errors.js'],
    message: 'the EQL mappings are imported by the engine, never the other way round: they may use only ../values.js and ../errors.js of the engine.',
  });
  return engines;
}

// From the ground up.
const LAYERS = [
  floor('harness/model (the ground floor)', ['harness/model/**/*.ts'], ['../**']),
  floor('the engines', ['harness/engines/**/*.ts'], ENGINE_FORBIDDEN),
  eqlMappings(),
  floor('harness/profiles', ['harness/profiles/**/*.ts'], [ABOVE.generators, ABOVE.rules, ABOVE.backends, ABOVE.runner, ABOVE.scan, ABOVE.reports, ABOVE.cli]),
  floor('generators', ['generators/**/*.ts'], ['**/harness/rules/**', ABOVE.backends, ABOVE.runner, ABOVE.scan, ABOVE.reports, ABOVE.cli]),
  floor('harness/rules', ['harness/rules/**/*.ts'], [ABOVE.backends, ABOVE.runner, ABOVE.scan, ABOVE.reports, ABOVE.cli]),
  floor('harness/backends', ['harness/backends/**/*.ts'], [ABOVE.runner, ABOVE.scan, ABOVE.reports, ABOVE.cli]),
  floor('harness/runner and harness/scan', ['harness/runner/**/*.ts', 'harness/scan/**/*.ts'], [ABOVE.reports, ABOVE.cli]),
  floor('reports', ['reports/**/*.ts'], [ABOVE.cli]),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/out/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...LAYERS,
);
