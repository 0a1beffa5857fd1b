// The bounded PCRE engine (harness/engines/matching/pcre.ts) against JavaScript's RegExp, the engine SPL
// used before, on realistic extractions over 4688-like command lines, and its bound on hostile values.
// Prints `name: value unit` lines; the ratio is bounded / RegExp in the same run.
// Usage: npm run bench:pcre [-- <values, default 20000>]
import { compileBoundedPcre, type BoundedPcre } from '../harness/engines/matching/pcre.js';
import { SPLUNK_PCRE_LIMITS } from '../harness/engines/spl/regex.js';

const COUNT = Number(process.argv[2] ?? 20_000);

function compile(p: string): BoundedPcre {
  const re = compileBoundedPcre(p, SPLUNK_PCRE_LIMITS);
  if (typeof re === 'string') throw new Error(re);
  return re;
}

function perSecond(f: () => void, n: number): number {
  f(); // warm up
  const t0 = performance.now();
  f();
  return n / ((performance.now() - t0) / 1000);
}

// Deterministic values: a mix of matching and non-matching command lines (no randomness needed).
const values: string[] = [];
for (let i = 0; i < COUNT; i++) {
  values.push(
    i % 3 === 0
      ? `"C:\\Program Files\\qemu\\qemu-system-x86_64.exe" -m 2048 -netdev user,id=n${i},hostfwd=tcp::${2000 + (i % 1000)}-:22 -device e1000,netdev=n${i}`
      : `C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule ${i}`,
  );
}

const cases: [string, string][] = [
  ['rex-hostfwd', 'hostfwd=(?<proto>tcp|udp):(?<host>[^:]*):(?<port>\\d+)'],
  ['rex-exe', '(?<image>[^\\\\"]+\\.exe)'],
  ['rex-backref', '(?<q>["\'])(?<path>[^"\']+)\\k<q>'],
];
for (const [name, pattern] of cases) {
  const bounded = compile(pattern);
  const js = new RegExp(pattern.replace('\\k<q>', '\\k<q>'), 'u');
  let hits = 0;
  const b = perSecond(() => {
    for (const v of values) if (bounded.exec(v) !== null) hits++;
  }, values.length);
  const j = perSecond(() => {
    for (const v of values) if (js.exec(v) !== null) hits++;
  }, values.length);
  console.log(`${name} bounded: ${Math.round(b)} values/s`);
  console.log(`${name} RegExp: ${Math.round(j)} values/s`);
  console.log(`${name} ratio: ${(b / j).toFixed(2)} x`);
  if (hits < 0) console.log(hits);
}

const regexTest = compile('hostfwd=tcp::\\d+-:22');
console.log(`regex-test automaton: ${Math.round(perSecond(() => values.forEach((v) => regexTest.test(v)), values.length))} values/s`);

const a = 'a'.repeat(10_000);
for (const [name, pattern] of [
  ['hostile-regular', '(a+)+b'],
  ['hostile-backref', '(a+)+\\1b'],
  ['hostile-lookahead', '(?=(a+)+b)'],
] as const) {
  const re = compile(pattern);
  const t0 = performance.now();
  re.test(a);
  console.log(`${name}: ${(performance.now() - t0).toFixed(1)} ms per 10,000-character value`);
}
