// Lookup tables, --splunk-ca files and the CA certificate files named by credential variables go through
// the bounded reader (harness/read-bounded-text.ts, issue 13 item 5): a device, a FIFO or a file over
// DTH_MAX_CONFIG_BYTES is refused by name at once, never read without end (`readFileSync('/dev/zero')`
// grew to 5.7 GB in 48 s) and never blocking (a FIFO without a writer).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { elasticsearchCredentialsFromEnv, splunkCredentialsFromEnv } from '../../harness/backends/credentials.js';
import { planBackends } from '../../harness/backends/select.js';
import { loadLookupDirectory } from '../../harness/engines/spl/lookups.js';
import { InputError } from '../../harness/errors.js';
import { MAX_CONFIG_BYTES_ENV } from '../../harness/read-bounded-text.js';
import { inputErrorOf } from '../support/input-error.js';

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dth-bounded-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withCap<T>(bytes: number, f: () => T): T {
  const before = process.env[MAX_CONFIG_BYTES_ENV];
  process.env[MAX_CONFIG_BYTES_ENV] = String(bytes);
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env[MAX_CONFIG_BYTES_ENV];
    else process.env[MAX_CONFIG_BYTES_ENV] = before;
  }
}

function timed<T>(f: () => T): T {
  const started = performance.now();
  const r = f();
  expect(performance.now() - started).toBeLessThan(2000);
  return r;
}

test('lookup tables: a .csv that is a device or a FIFO, or over the cap, is refused naming the file', () => {
  const devices = join(dir, 'devices');
  execFileSync('mkdir', ['-p', devices]);
  symlinkSync('/dev/zero', join(devices, 'zero.csv'));
  const zero = timed(() => inputErrorOf(() => loadLookupDirectory(devices)));
  expect(zero.message).toBe('cannot read lookup table: it is a device, not a regular file');
  expect(zero.location.file).toBe(join(devices, 'zero.csv'));

  const fifos = join(dir, 'fifos');
  execFileSync('mkdir', ['-p', fifos]);
  execFileSync('mkfifo', [join(fifos, 'pipe.csv')]);
  expect(timed(() => inputErrorOf(() => loadLookupDirectory(fifos))).message).toBe('cannot read lookup table: it is a FIFO (named pipe), not a regular file');

  const big = join(dir, 'big');
  execFileSync('mkdir', ['-p', big]);
  writeFileSync(join(big, 'allow.csv'), 'a,b\n' + '1,2\n'.repeat(100));
  expect(withCap(100, () => inputErrorOf(() => loadLookupDirectory(big))).message).toMatch(/^cannot read lookup table: the file is 404 bytes, over the limit of 100 \(set DTH_MAX_CONFIG_BYTES to raise it\)$/);
  expect(withCap(1000, () => loadLookupDirectory(big)).names()).toEqual(['allow']);
});

test('--splunk-ca: a device or an oversized file is refused before anything is contacted', () => {
  const env = { DTH_SPLUNK_TOKEN: 't0ken-value' };
  const plan = (caFile: string): unknown => planBackends({ backend: 'splunk', splunkUrl: 'https://splunk.example:8089', splunkCaFile: caFile }, env);
  expect(() => plan('/dev/zero')).toThrow(/^--splunk-ca \/dev\/zero: cannot read the CA certificate: it is a device, not a regular file$/);
  const pem = join(dir, 'ca.pem');
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\n' + 'A'.repeat(2000) + '\n-----END CERTIFICATE-----\n');
  expect(() => withCap(1000, () => plan(pem))).toThrow(/--splunk-ca .*ca\.pem: cannot read the CA certificate: the file is \d+ bytes, over the limit of 1000/);
  expect(() => withCap(1000, () => plan(pem))).toThrow(InputError);
  expect(withCap(10_000, () => plan(pem))).toBeDefined();
});

test('credential variables naming a CA certificate file: a device, a FIFO or an oversized file is refused', () => {
  const fifo = join(dir, 'ca.fifo');
  execFileSync('mkfifo', [fifo]);
  const es = timed(() => inputErrorOf(() => elasticsearchCredentialsFromEnv({ DTH_ELASTICSEARCH_API_KEY: 'k3y-value', DTH_ELASTICSEARCH_CA_CERT: fifo })));
  expect(es.message).toBe('DTH_ELASTICSEARCH_CA_CERT names a CA certificate file that cannot be read: cannot read the CA certificate: it is a FIFO (named pipe), not a regular file');
  const splunk = timed(() => inputErrorOf(() => splunkCredentialsFromEnv({ DTH_SPLUNK_TOKEN: 't0ken-value', DTH_SPLUNK_CA_CERT: '/dev/zero' })));
  expect(splunk.message).toContain('cannot read the CA certificate: it is a device, not a regular file');
  const pem = join(dir, 'big-ca.pem');
  writeFileSync(pem, 'x'.repeat(5000));
  expect(withCap(1000, () => inputErrorOf(() => elasticsearchCredentialsFromEnv({ DTH_ELASTICSEARCH_API_KEY: 'k3y-value', DTH_ELASTICSEARCH_CA_CERT: pem }))).message).toContain('the file is 5000 bytes, over the limit of 1000');
});
