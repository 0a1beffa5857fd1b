// An evasion variant is a mutation operator: it takes any Launch it applies to (a malicious
// scenario's QEMU start) and returns the evasive form of the same intent, recording its id on every
// event it produces. Each one is a row of the evasion table in docs/evasions.md that QEMU accepts
// (test/generators/qemu-acceptance.test.ts starts every one with the real QEMU).
import type { OsFamily } from '../canonical-event.js';
import type { Rng } from '../context/rng.js';
import type { Launch, SourceRef } from '../populations/population.js';

/** Where the variant's command line is accepted (what the QEMU acceptance test asserts). */
export type Acceptance =
  /** Accepted by QEMU 7.2 on Linux (verified by the acceptance test). */
  | 'qemu-7.2'
  /** Accepted only by QEMU ≤ 3.0: QEMU 7.2 rejects it and the test asserts that rejection. */
  | 'qemu-3.0-and-older';

export interface VariantContext {
  rng: Rng;
  params: Readonly<Record<string, unknown>>;
}

export interface Variant {
  id: string;
  title: string;
  /** Row(s) of the evasion table in docs/evasions.md. */
  rows: readonly number[];
  summary: string;
  /** Host OSes the evasion exists on. */
  os: readonly OsFamily[];
  acceptance: Acceptance;
  sources: readonly SourceRef[];
  parameterSchema: Record<string, unknown>;
  /** Why the operator cannot rewrite this launch (the option it needs is absent), or null. */
  check(launch: Launch): string | null;
  /** A rewritten copy; the input is never modified. */
  apply(launch: Launch, context: VariantContext): Launch;
}

/** The table every variant is a row of, and the test that starts each row with the real QEMU 7.2. */
export const EVASION_TABLE: SourceRef = {
  title: 'Evasion table, docs/evasions.md: each row started by the real qemu-system-x86_64 (QEMU 7.2) in test/generators/qemu-acceptance.test.ts',
  path: 'docs/evasions.md',
  confidence: 'source',
};
