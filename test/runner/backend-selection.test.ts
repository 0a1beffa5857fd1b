// `dth run` with a real backend and nothing to run it on: a clear error naming what is missing (exit 2),
// before anything is generated, never a fake pass. DOCKER_HOST points at a socket that does not exist,
// so the outcome is the same on a machine that has Docker.
import { expect, test } from '@playwright/test';
import { dth } from '../support/cli.js';

const NO_DOCKER = { DOCKER_HOST: 'unix:///nonexistent/dth-test/docker.sock' };

for (const backend of ['elasticsearch', 'splunk', 'all'] as const) {
  test(`--backend ${backend} without Docker or a URL exits 2 naming what is missing`, () => {
    const result = dth(['run', '--backend', backend, '--out', '/nonexistent/never-written'], { env: NO_DOCKER });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--backend ${backend} cannot run here`);
    if (backend !== 'splunk') expect(result.stderr).toContain('--elasticsearch-url');
    if (backend !== 'elasticsearch') expect(result.stderr).toContain('--splunk-url');
  });
}

test('a URL without credentials in the environment is bad input that names the variables', () => {
  const result = dth(['run', '--backend', 'elasticsearch', '--elasticsearch-url', 'http://127.0.0.1:9/'], {
    env: { ...NO_DOCKER, DTH_ELASTICSEARCH_USERNAME: '', DTH_ELASTICSEARCH_PASSWORD: '', DTH_ELASTICSEARCH_API_KEY: '' },
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/DTH_ELASTICSEARCH_(API_KEY|USERNAME)/);
});

test('an unknown backend is bad input', () => {
  const result = dth(['run', '--backend', 'opensearch']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('--backend must be one of embedded, elasticsearch, splunk, all');
});

test('a missing or malformed baseline is bad input (exit 2) naming the file, before the run', () => {
  const missing = dth(['run', '--baseline', '/nonexistent/baseline.json', '--out', '/nonexistent/never-written']);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('/nonexistent/baseline.json');
  expect(missing.stdout).toBe('');
  const malformed = dth(['run', '--baseline', 'package.json', '--out', '/nonexistent/never-written']);
  expect(malformed.status).toBe(2);
  expect(malformed.stderr).toContain('package.json');
});
