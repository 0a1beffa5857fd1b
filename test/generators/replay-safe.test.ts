// Generated attacker infrastructure is safe to replay: a purple team that runs a generated command
// line must not tunnel to someone's real host. External endpoints come from the RFC 5737
// documentation ranges (https://www.rfc-editor.org/rfc/rfc5737); what else may appear is not routed
// on the internet: RFC 1918 private networks (https://www.rfc-editor.org/rfc/rfc1918), loopback and
// 0.0.0.0 (RFC 1122), link-local (RFC 3927), and QEMU's own user-network addresses in 10.0.2.0/24.
import { expect, test } from '@playwright/test';
import { generateEvents } from '../../generators/generate.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { Rng } from '../../generators/context/rng.js';

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/g;

/** Whether an IPv4 address is documentation, private, loopback, link-local or unspecified. */
function notRouted(a: number, b: number, c: number): boolean {
  if (a === 192 && b === 0 && c === 2) return true;
  if (a === 198 && b === 51 && c === 100) return true;
  if (a === 203 && b === 0 && c === 113) return true;
  if (a === 10 || a === 127 || a === 0) return true;
  if (a === 172 && b >= 16 && b <= 31) return true;
  if (a === 192 && b === 168) return true;
  if (a === 169 && b === 254) return true;
  return false;
}

function routedAddresses(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IPV4)) {
    const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    if ([a, b, c, d].some((x) => x > 255)) continue; // a version number such as 1.2.3.4000
    if (!notRouted(a, b, c)) out.push(m[0]);
  }
  return out;
}

test('no public, non-documentation IPv4 address in any malicious command line of the QEMU pack', () => {
  const pack = loadPack();
  for (const seed of [1, 2, 3]) {
    const events = generateEvents(pack, { seed });
    const malicious = events.filter((e) => e.label === 'malicious');
    expect(malicious.length).toBeGreaterThan(100);
    const offending = malicious.flatMap((e) => routedAddresses(`${e.process.commandLine} ${e.parent.commandLine} ${e.process.args.join(" ")}`).map((ip) => `${e.scenarioId}: ${ip}`));
    expect(offending, `seed ${seed}`).toEqual([]);
  }
});

test('the Kaspersky tunnel still dials an external address on 443, now from the documentation ranges', () => {
  const pack = loadPack();
  const events = generateEvents(pack, { seed: 1 }).filter((e) => e.label === "malicious" && /connect=\d/.test(e.process.commandLine));
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) expect(e.process.commandLine).toMatch(/connect=(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}:\d+/);
});

test('documentationIpv4 draws only from RFC 5737 ranges, all three of them', () => {
  const rng = new Rng(7);
  const prefixes = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const ip = rng.documentationIpv4();
    expect(ip).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-4])$/);
    prefixes.add(ip.split('.').slice(0, 3).join('.'));
  }
  expect(prefixes.size).toBe(3);
});
