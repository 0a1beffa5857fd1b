// The adversarial sweep: hostile or broken input of every kind the CLI takes (rule files, queries,
// macros, packs, options, event files, backend answers) must end as a clear exit — 2 for bad input with
// the file, position and reason, or 0/1 — never exit 3 (an internal error) and never a stack trace.
// Backends are local stand-ins on 127.0.0.1 (no Docker, no network).
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { fromRoot } from '../../harness/paths.js';

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  input?: string;
  /** Exit codes that are a correct answer (default: 2, bad input). */
  exits?: number[];
  /** Text stderr must contain. */
  says?: string;
  /** The answer must come within this many milliseconds (a reader that waits or grows without end does not). */
  within?: number;
}

function run(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fromRoot('dist/harness/cli/main.js'), ...args], { cwd: fromRoot(), env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

function serve(handler: (body: string, url: string) => { status: number; body: string; headers?: Record<string, string> } | null): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const answer = handler(body, req.url ?? '/');
        if (answer === null) return; // never answers: a hung server
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body);
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }));
  });
}

const ES = { 'x-elastic-product': 'Elasticsearch' };

test('adversarial sweep over every input: no exit 3, no stack trace', async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'dth-sweep-'));
  const servers: Server[] = [];
  try {
    const file = (name: string, content: string | Buffer): string => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const toml = readFileSync(fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml'), 'utf8');
    const yml = readFileSync(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'), 'utf8');
    const deep = (n: number, inner: string): string => '('.repeat(n) + inner + ')'.repeat(n);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');
    const macroBomb = ['[m0(1)]', 'args = x', 'definition = $x$$x$$x$$x$$x$$x$$x$$x$$x$$x$', ...Array.from({ length: 11 }, (_, i) => `[m${i + 1}(1)]\nargs = x\ndefinition = \`m${i}("$x$$x$$x$$x$$x$$x$$x$$x$$x$$x$")\``)].join('\n');
    const ndjson = file('events.ndjson', '{"process":{"name":"qemu"}}\n');
    const splEvents = file('events.spl.json', '{"_raw":"a","_time":1,"host":"h","source":"s","sourcetype":"st","index":"x","_id":"1"}\n');
    writeFileSync(join(dir, 'a-file'), 'x');
    const rule = fromRoot('rules/elastic/command_and_control_tunnel_qemu.toml');
    const fifo = join(dir, 'fifo.toml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const zeroLink = join(dir, 'zero.toml');
    symlinkSync('/dev/zero', zeroLink);

    const garbage = await serve(() => ({ status: 200, body: '<<<not json>>>' }));
    const error500 = await serve(() => ({ status: 500, body: '{"error":"boom"}', headers: ES }));
    const echo = await serve((body) => ({ status: 200, body: body || '{}', headers: ES }));
    const hung = await serve(() => null);
    const noTemplates = await serve((_, url) =>
      url === '/'
        ? { status: 200, body: JSON.stringify({ version: { number: '9.1.0' }, tagline: 'You Know, for Search' }), headers: ES }
        : url.startsWith('/_cluster/health')
          ? { status: 200, body: '{"status":"green"}', headers: ES }
          : { status: 500, body: '{"error":{"type":"illegal_state_exception","reason":"index creation failed"},"status":500}', headers: ES },
    );
    servers.push(garbage.server, error500.server, echo.server, hung.server, noTemplates.server);
    const esEnv = { DTH_ELASTICSEARCH_API_KEY: 'sweep-secret-key' };
    const splunkEnv = { DTH_SPLUNK_TOKEN: 'sweep-secret-token' };
    const realRun = (backend: 'elasticsearch' | 'splunk', url: string): string[] => [
      'run', '--backend', backend, `--${backend}-url`, url, '--backend-timeout', '2', '--scale', '0.02',
      '--source', backend === 'elasticsearch' ? 'elastic-defend' : 'splunk-xmlwineventlog-4688', '--out', join(dir, 'out-real'),
    ];

    const cases: Case[] = [
      // Rule files
      { name: 'EQL nested 1,000 parentheses deep', args: ['rule', 'show', file('deep.toml', toml.replace("process where event.type", `process where ${deep(1000, 'true')} and event.type`))], says: 'nests more than 200' },
      { name: 'EQL 5,000-term or chain', args: ['rule', 'show', file('chain.toml', toml.replace("process where event.type", `process where ${Array.from({ length: 5000 }, (_, i) => `process.name == "a${i}"`).join(' or ')} or event.type`))], says: 'nested more than 1000' },
      { name: 'SPL nested 5,000 parentheses deep', args: ['rule', 'show', file('deep.yml', yml.replace('"qemu-system-"', deep(5000, '"qemu-system-"')))], says: 'nests more than 200' },
      { name: 'YAML alias bomb in a rule', args: ['rule', 'show', file('bomb.yml', `${bomb}\n${yml}`)], says: 'aliases' },
      { name: 'savedsearches.conf with a null annotation', args: ['rule', 'show', file('savedsearches.conf', '[x]\nsearch = index=x\naction.correlationsearch.annotations = null\n')], says: 'expected a JSON object' },
      { name: 'unquoted numeric rule id', args: ['rule', 'show', file('unquoted.yml', yml.replace("id: '29624.53380'", 'id: 29624.53380'))], says: "quote it: id: '29624.53380'" },
      { name: 'binary garbage as a rule', args: ['rule', 'show', file('garbage.toml', Buffer.from([0, 255, 1, 254, 0x5b, 0x5b]))] },
      { name: 'TOML typo far down the file', args: ['rule', 'show', file('typo.toml', toml.replace('process.command_line : "*hostfwd=*"', 'process.command_line : : "*hostfwd=*"'))], says: 'typo.toml:80:' },
      // Queries
      { name: 'dth eql: 1,000 parentheses', args: ['eql', `process where ${deep(1000, 'true')}`, '--events', ndjson], says: 'nests more than 200' },
      { name: 'dth spl: 1,000 parentheses in eval', args: ['spl', `index=x | eval y=${deep(1000, '1')}`, '--events', splEvents], says: 'nests more than 200' },
      { name: 'dth spl: 5,000-term eval chain', args: ['spl', `index=x | eval y=${Array(5000).fill('1').join('+')}`, '--events', splEvents], says: 'nested more than 1000' },
      { name: 'dth spl: 3,000 NOTs', args: ['spl', `index=x | where ${'not '.repeat(3000)} 1=1`, '--events', splEvents], says: 'nests more than 200' },
      // Macros
      { name: 'macro argument bomb', args: ['spl', 'index=x `m11(a)`', '--macros', file('bomb.conf', macroBomb), '--events', splEvents], says: 'macro expansion longer than' },
      { name: 'a site macros file beside the shipped rules', args: ['rule', 'show', file('my.yml', "id: site\ntitle: site\nlogic_format: Splunk\nlogic: '`site_m` \"qemu\"'\n"), '--macros', file('site.conf', '[site_m]\ndefinition = index=x\n')], exits: [0] },
      // Packs
      { name: 'YAML alias bomb in a pack', args: ['generate', '--pack', file('bomb-pack.yaml', `${bomb}\nname: x\nscenarios: []\n`)], says: 'aliases' },
      { name: 'a pack that is not YAML', args: ['generate', '--pack', file('pack.yaml', '{{{: [')] },
      // Configuration files as devices, FIFOs or oversized files: refused before reading
      // (harness/read-bounded-text.ts). Before: --pack /dev/zero grew to 5.7 GB in 48 s; a FIFO waited for a writer.
      { name: 'run --pack /dev/zero', args: ['run', '--pack', '/dev/zero'], says: 'cannot read scenario pack: it is a device', within: 15_000 },
      { name: 'run --rule /dev/zero', args: ['run', '--rule', '/dev/zero'], says: '/dev/zero:', within: 15_000 },
      { name: 'run --macros /dev/zero', args: ['run', '--macros', '/dev/zero'], says: 'cannot read macros file: it is a device', within: 15_000 },
      { name: 'run --profile /dev/zero', args: ['run', '--profile', '/dev/zero'], says: 'cannot read deployment profile: it is a device', within: 15_000 },
      { name: 'run --weights /dev/zero', args: ['run', '--weights', '/dev/zero'], says: 'cannot read the weights file: it is a device', within: 15_000 },
      { name: 'a rule named .toml that is /dev/zero', args: ['rule', 'show', zeroLink], says: 'cannot read rule file: it is a device', within: 15_000 },
      { name: 'a rule that is a FIFO', args: ['rule', 'show', fifo], says: 'cannot read rule file: it is a FIFO', within: 15_000 },
      { name: 'a rule over DTH_MAX_CONFIG_BYTES', args: ['rule', 'show', rule], env: { DTH_MAX_CONFIG_BYTES: '100' }, says: 'over the limit of 100 (set DTH_MAX_CONFIG_BYTES', within: 15_000 },
      { name: 'a malformed DTH_MAX_CONFIG_BYTES', args: ['rule', 'show', rule], env: { DTH_MAX_CONFIG_BYTES: '8MB' }, says: 'DTH_MAX_CONFIG_BYTES must be a positive whole number' },
      // Options
      { name: '--scale 1e9', args: ['run', '--scale', '1e9'], says: '--scale' },
      { name: '--scale -1', args: ['run', '--scale', '-1'], says: '--scale' },
      { name: '--start far beyond any date', args: ['generate', '--source', 'elastic-defend', '--start', 'now-99999999w'], says: '--start' },
      { name: '--start without a zone', args: ['run', '--start', '2026-03-02T00:00:00'], says: 'with a zone' },
      { name: '--count beyond memory', args: ['generate', '--count', '999999999', '--source', 'elastic-defend'], says: 'more than 1000000' },
      { name: '--out naming a file', args: ['run', '--out', join(dir, 'a-file')], says: 'not a directory' },
      { name: '--out /dev/null', args: ['run', '--out', '/dev/null'], says: 'not a directory' },
      { name: '--out ""', args: ['run', '--out', ''], says: 'empty path' },
      { name: '--out below a file', args: ['run', '--out', join(dir, 'a-file', 'sub')] },
      { name: '--source nope (run)', args: ['run', '--source', 'nope'], says: "unknown data source 'nope'" },
      { name: '--source nope (generate)', args: ['generate', '--source', 'nope'], says: "'nope'" },
      { name: '--seed -1', args: ['run', '--seed', '-1'] },
      { name: '--backend nope', args: ['run', '--backend', 'nope'] },
      { name: '--baseline missing', args: ['run', '--baseline', join(dir, 'missing.json')] },
      // Event files
      { name: 'scan: binary garbage', args: ['scan', '--rule', rule, '--events', file('garbage.ndjson', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)))] },
      { name: 'scan: raw records without --raw', args: ['scan', '--rule', rule, '--events', fromRoot('test/fixtures/scan/byo/crowdstrike-fdr-raw.ndjson')], says: 'no record carries' },
      { name: 'scan: --raw without --source', args: ['scan', '--rule', rule, '--events', ndjson, '--raw'], says: '--raw needs --source' },
      { name: 'scan: an unterminated JSON array', args: ['scan', '--rule', rule, '--events', file('cut.json', '[{"process":{"name":"qemu"}}, {"process":')] },
      { name: 'scan: a missing file', args: ['scan', '--rule', rule, '--events', join(dir, 'nope.ndjson')] },
      // Documents nested past any real shape: Elasticsearch's index.mapping.depth.limit (20) refuses the
      // objects (https://www.elastic.co/docs/reference/elasticsearch/index-settings/mapping-limit); arrays
      // of arrays are flattened as Elasticsearch flattens them. Before: a stack overflow, exit 3. (The
      // documents carry the query's literal "process", so dth eql's prefilter hands them to indexing.)
      { name: 'eql: a document nested 100,000 objects deep', args: ['eql', 'process where true', '--events', file('deep-objects.ndjson', `{"event":{"category":"process"},"a":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_001)}\n`)], says: 'Limit of mapping depth [20]' },
      { name: 'eql: a field name of 5,000 dotted segments', args: ['eql', 'process where true', '--events', file('dotted.ndjson', `{"event":{"category":"process"},"${Array(5000).fill('a').join('.')}":1}\n`)], says: 'Limit of mapping depth [20]' },
      { name: 'scan: a value nested 100,000 arrays deep', args: ['scan', '--rule', rule, '--events', file('deep-arrays.ndjson', `{"event":{"type":"start","category":"process"},"process":{"command_line":"qemu -netdev user,hostfwd=tcp::1-:22","args":${'['.repeat(100_000)}"-netdev"${']'.repeat(100_000)}}}\n`)], exits: [0] },
      // Backend answers (stand-ins on 127.0.0.1)
      { name: 'Elasticsearch answering garbage', args: realRun('elasticsearch', garbage.url), env: esEnv, says: garbage.url },
      { name: 'Elasticsearch answering HTTP 500', args: realRun('elasticsearch', error500.url), env: esEnv, says: '500' },
      { name: 'Elasticsearch echoing the request', args: realRun('elasticsearch', echo.url), env: esEnv, says: 'version.number' },
      { name: 'Elasticsearch that never answers', args: realRun('elasticsearch', hung.url), env: esEnv, says: 'timeout' },
      { name: 'Elasticsearch failing index creation', args: realRun('elasticsearch', noTemplates.url), env: esEnv, says: 'index creation failed' },
      { name: 'Elasticsearch over TLS that is not TLS', args: realRun('elasticsearch', garbage.url.replace('http:', 'https:')), env: esEnv },
      { name: 'Splunk answering garbage', args: realRun('splunk', garbage.url), env: splunkEnv },
      { name: 'Splunk answering HTTP 500', args: realRun('splunk', error500.url), env: splunkEnv },
      { name: 'Splunk that never answers', args: realRun('splunk', hung.url), env: splunkEnv },
    ];
    const outcomes: string[] = [];
    const check = async (c: Case): Promise<void> => {
      const started = Date.now();
      const { status, stderr } = await run(c.args, c.env, c.input);
      if (process.env.DTH_SWEEP_TIMES !== undefined) console.log(`${Date.now() - started} ms  ${c.name}`);
      const problems: string[] = [];
      if (!(c.exits ?? [2]).includes(status ?? -1)) problems.push(`exit ${status}`);
      if (/internal error|\n\s+at .+:\d+:\d+\)?/.test(stderr)) problems.push('internal error or stack trace');
      if (c.says !== undefined && !stderr.includes(c.says)) problems.push(`stderr lacks "${c.says}"`);
      if (c.within !== undefined && Date.now() - started > c.within) problems.push(`took ${Date.now() - started} ms (bound ${c.within} ms)`);
      for (const secret of ['sweep-secret-key', 'sweep-secret-token']) if (stderr.includes(secret)) problems.push('a credential in the output');
      if (problems.length > 0) outcomes.push(`${c.name}: ${problems.join(', ')}\n    ${stderr.split('\n').slice(0, 3).join('\n    ')}`);
    };
    // A few at a time: the backend cases mostly wait on their stand-ins' timeouts.
    const queue = [...cases];
    await Promise.all(Array.from({ length: 3 }, async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) await check(c);
    }));
    expect(outcomes, outcomes.join('\n')).toEqual([]);
  } finally {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
