// The literal prefilter as a formula over required literals ("atoms"): a line that cannot satisfy the
// formula cannot match the rule, so it need not be parsed. A formula is only ever weakened, never
// strengthened: every simplification here keeps "rule matches => formula holds" true.

/** A literal that must occur in a matching line's raw bytes. */
export interface Atom {
  /** ASCII text; for a case-insensitive atom, in lower case. */
  text: string;
  /** Matched ignoring ASCII letter case. */
  ci: boolean;
}

export type Formula = { kind: 'true' } | { kind: 'atom'; atom: Atom } | { kind: 'and'; parts: Formula[] } | { kind: 'or'; parts: Formula[] };

/** No requirement: every line may match (the prefilter gave up here). */
export const TRUE: Formula = { kind: 'true' };

export function atom(text: string, ci: boolean): Formula {
  return { kind: 'atom', atom: { text: ci ? text.toLowerCase() : text, ci } };
}

export function and(parts: Formula[]): Formula {
  const kept: Formula[] = [];
  for (const p of parts) {
    if (p.kind === 'true') continue;
    if (p.kind === 'and') kept.push(...p.parts);
    else kept.push(p);
  }
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? (kept[0] as Formula) : { kind: 'and', parts: kept };
}

/** A disjunction with one unconstrained branch constrains nothing. An empty disjunction is treated as TRUE (never as "cannot match"). */
export function or(parts: Formula[]): Formula {
  if (parts.length === 0 || parts.some((p) => p.kind === 'true')) return TRUE;
  const kept: Formula[] = [];
  for (const p of parts) {
    if (p.kind === 'or') kept.push(...p.parts);
    else kept.push(p);
  }
  return kept.length === 1 ? (kept[0] as Formula) : { kind: 'or', parts: kept };
}

/** One clause: at least one of its atoms must occur. */
export type Clause = Atom[];
/** Conjunctive normal form: every clause must hold. An empty list is TRUE. */
export type Cnf = Clause[];

export interface CnfLimits {
  /** Clauses kept at most (the rest are dropped: a subset of required clauses is still required). */
  maxClauses: number;
  /** A clause with more atoms is dropped (it costs more than it saves). */
  maxAtomsPerClause: number;
}

export const DEFAULT_CNF_LIMITS: CnfLimits = { maxClauses: 32, maxAtomsPerClause: 16 };

function atomKey(a: Atom): string {
  return (a.ci ? 'i:' : 's:') + a.text;
}

function clauseKey(c: Clause): string {
  return c
    .map(atomKey)
    .sort()
    .join('\u0000');
}

/** Whether atom `a` occurring implies atom `b` occurs (b is a substring of a, case rules permitting). */
function implies(a: Atom, b: Atom): boolean {
  if (b.ci) return a.text.toLowerCase().includes(b.text);
  return !a.ci && a.text.includes(b.text);
}

function normalizeClause(c: Clause): Clause {
  const unique = new Map<string, Atom>();
  for (const a of c) unique.set(atomKey(a), a);
  const atoms = [...unique.values()];
  // In a disjunction, an atom that implies another is redundant: (ab OR b) == b.
  return atoms.filter((a, i) => !atoms.some((b, j) => j !== i && implies(a, b) && !(implies(b, a) && j > i)));
}

function limitClauses(clauses: Cnf, limits: CnfLimits): Cnf {
  const seen = new Set<string>();
  const out: Cnf = [];
  for (const c of clauses) {
    const n = normalizeClause(c);
    if (n.length === 0 || n.length > limits.maxAtomsPerClause) continue;
    const key = clauseKey(n);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  // Prefer narrow clauses with long atoms: they reject the most lines for the least work.
  out.sort((a, b) => a.length - b.length || minLength(b) - minLength(a));
  return out.slice(0, limits.maxClauses);
}

function minLength(c: Clause): number {
  return Math.min(...c.map((a) => a.text.length));
}

/** The formula in conjunctive normal form, within the limits (dropping clauses only weakens it). */
export function toCnf(f: Formula, limits: CnfLimits = DEFAULT_CNF_LIMITS): Cnf {
  switch (f.kind) {
    case 'true':
      return [];
    case 'atom':
      return [[f.atom]];
    case 'and':
      return limitClauses(
        f.parts.flatMap((p) => toCnf(p, limits)),
        limits,
      );
    case 'or': {
      // (A1 & A2) | (B1 & B2) = (A1|B1) & (A1|B2) & (A2|B1) & (A2|B2). A branch with no clause is TRUE.
      let acc: Cnf | null = null;
      for (const p of f.parts) {
        const cnf = toCnf(p, limits);
        if (cnf.length === 0) return [];
        if (acc === null) {
          acc = cnf;
          continue;
        }
        const product: Cnf = [];
        for (const a of acc) for (const b of cnf) product.push([...a, ...b]);
        acc = limitClauses(product, limits);
        if (acc.length === 0) return [];
      }
      return acc ?? [];
    }
  }
}

/** `"-netdev"~` for a case-insensitive atom, `"start"` for a case-sensitive one. */
export function formatAtom(a: Atom): string {
  return JSON.stringify(a.text) + (a.ci ? '~' : '');
}

export function formatCnf(cnf: Cnf): string {
  if (cnf.length === 0) return 'none';
  return cnf.map((c) => (c.length === 1 ? formatAtom(c[0] as Atom) : `(${c.map(formatAtom).join(' OR ')})`)).join(' AND ');
}
