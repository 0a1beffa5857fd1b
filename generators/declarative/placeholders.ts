// Placeholders in declarative templates: `{name}` or `{name:argument}`, filled from the scenario's
// seeded Rng and host. Attacker infrastructure comes only from documentation ranges (RFC 5737
// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849 2001:db8::/32) and reserved names
// (RFC 2606 `.example`, `.invalid`), so generated events are replay-safe. `{{` and `}}` are literal braces.
import type { OsFamily } from '../canonical-event.js';
import type { Host } from '../context/hosts.js';
import type { Rng } from '../context/rng.js';

export interface PlaceholderEnv {
  rng: Rng;
  os: OsFamily;
  host: Host;
}

interface Placeholder {
  description: string;
  /** Whether the placeholder takes `:argument`. */
  argument: 'none' | 'required' | 'optional';
  /** Checks the argument at load time; returns why it is invalid, or null. */
  checkArgument?: (argument: string) => string | null;
  fill(env: PlaceholderEnv, argument: string | undefined): string;
}

const DOC_NETS = ['192.0.2', '198.51.100', '203.0.113'] as const;

function range(argument: string): [number, number] | null {
  const m = /^(\d{1,9})-(\d{1,9})$/.exec(argument);
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return lo <= hi ? [lo, hi] : null;
}

function tempDir(env: PlaceholderEnv): string {
  if (env.os === 'windows') return `${env.host.person.home}\\AppData\\Local\\Temp`;
  return env.os === 'macos' ? `/private/var/folders/${env.rng.alnum(2)}/${env.rng.alnum(8)}/T` : '/tmp';
}

export const PLACEHOLDERS: Readonly<Record<string, Placeholder>> = {
  doc_ip: { description: 'an IPv4 address from a documentation range (RFC 5737)', argument: 'none', fill: ({ rng }) => `${rng.pick(DOC_NETS)}.${rng.int(1, 254)}` },
  doc_ip6: { description: 'an IPv6 address from 2001:db8::/32 (RFC 3849)', argument: 'none', fill: ({ rng }) => `2001:db8:${rng.int(1, 0xffff).toString(16)}::${rng.int(1, 0xffff).toString(16)}` },
  doc_host: { description: 'an attacker host name under .example or .invalid (RFC 2606)', argument: 'none', fill: ({ rng }) => `${rng.nounSlug()}${rng.int(1, 99)}.${rng.pick(['example', 'invalid'])}` },
  corp_host: { description: "a host name in the organisation's own domain (corp.example.com style)", argument: 'none', fill: ({ rng, host }) => `${rng.pick(['jump', 'bastion', 'build', 'git', 'db', 'app'])}${rng.int(1, 20)}.${host.context.domain || 'corp.example.com'}` },
  internal_ip: { description: 'a private (RFC 1918) address inside the victim network', argument: 'none', fill: ({ rng }) => rng.pick([`10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, `192.168.${rng.int(0, 255)}.${rng.int(1, 254)}`, `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${rng.int(1, 254)}`]) },
  host_ip: { description: "the generated host's own address", argument: 'none', fill: ({ host }) => host.context.ip },
  port: { description: 'a TCP port in a range (default 1024-65535), e.g. {port:8000-8999}', argument: 'optional', checkArgument: (a) => (range(a) && (range(a) as [number, number])[1] <= 65535 ? null : 'expected a range lo-hi within 0-65535'), fill: ({ rng }, a) => String(a === undefined ? rng.int(1024, 65535) : rng.int(...(range(a) as [number, number]))) },
  int: { description: 'an integer in a range, e.g. {int:1-9}', argument: 'required', checkArgument: (a) => (range(a) ? null : 'expected a range lo-hi'), fill: ({ rng }, a) => String(rng.int(...(range(a ?? '') as [number, number]))) },
  pick: { description: 'one of |-separated literals, e.g. {pick:http|tcp}', argument: 'required', checkArgument: (a) => (a.length > 0 ? null : 'expected a|b|…'), fill: ({ rng }, a) => rng.pick((a ?? '').split('|')) },
  user: { description: "the host person's login name", argument: 'none', fill: ({ host }) => host.person.login },
  home: { description: "the host person's home directory", argument: 'none', fill: ({ host }) => host.person.home },
  temp: { description: "the person's temporary directory (%TEMP% on Windows, /tmp on Linux)", argument: 'none', fill: tempDir },
  word: { description: 'a lower-case word', argument: 'none', fill: ({ rng }) => rng.nounSlug() },
  hex: { description: 'lower-case hex digits, e.g. {hex:8}', argument: 'required', checkArgument: (a) => (/^\d{1,3}$/.test(a) && Number(a) > 0 ? null : 'expected a length 1-999'), fill: ({ rng }, a) => rng.hex(Number(a)) },
  alnum: { description: 'lower-case letters and digits, e.g. {alnum:12}', argument: 'required', checkArgument: (a) => (/^\d{1,3}$/.test(a) && Number(a) > 0 ? null : 'expected a length 1-999'), fill: ({ rng }, a) => rng.alnum(Number(a)) },
  uuid: { description: 'a random UUID', argument: 'none', fill: ({ rng }) => rng.uuid() },
  password: { description: 'a throwaway password', argument: 'none', fill: ({ rng }) => `${rng.adjective()}${rng.int(10, 9999)}!` },
};

const TOKEN = /\{\{|\}\}|\{([a-z0-9_]+)(?::([^{}]*))?\}|[{}]/g;

/** Every problem with the placeholders in `text` (unknown names, bad arguments, stray braces). */
export function placeholderProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[0] === '{{' || m[0] === '}}') continue;
    if (m[0] === '{' || m[0] === '}') {
      problems.push(`stray '${m[0]}' at offset ${m.index ?? 0} (write '${m[0]}${m[0]}' for a literal brace)`);
      continue;
    }
    const name = m[1] as string;
    const spec = PLACEHOLDERS[name];
    if (spec === undefined) {
      problems.push(`unknown placeholder {${name}}; expected one of: ${Object.keys(PLACEHOLDERS).join(', ')}`);
      continue;
    }
    const argument = m[2];
    if (argument === undefined && spec.argument === 'required') problems.push(`{${name}} needs an argument: ${spec.description}`);
    else if (argument !== undefined && spec.argument === 'none') problems.push(`{${name}} takes no argument`);
    else if (argument !== undefined && spec.checkArgument) {
      const why = spec.checkArgument(argument);
      if (why !== null) problems.push(`{${name}:${argument}}: ${why}`);
    }
  }
  return problems;
}

/** `text` with every placeholder filled (assumes placeholderProblems(text) is empty). */
export function fillPlaceholders(text: string, env: PlaceholderEnv): string {
  return text.replace(TOKEN, (whole, name: string | undefined, argument: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const spec = name === undefined ? undefined : PLACEHOLDERS[name];
    if (spec === undefined) throw new Error(`internal: unchecked placeholder ${whole}`);
    return spec.fill(env, argument);
  });
}
