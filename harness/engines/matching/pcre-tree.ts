// The tree a PCRE pattern parses to (./pcre-parse.ts), run by ./pcre-backtrack.ts, and what can be read
// from it before matching: the fixed length a look-behind needs, the literal every match contains.

/** A predicate over one code point. */
export type CharTest = (c: number) => boolean;

export type AnchorKind = 'start' | 'end' | 'endnl' | 'linestart' | 'lineend' | 'word' | 'notword';

export type PNode =
  | { readonly t: 'char'; readonly test: CharTest; /** The code point, for a case-sensitive literal. */ readonly lit?: number }
  | { readonly t: 'seq'; readonly items: readonly PNode[] }
  | { readonly t: 'alt'; readonly items: readonly PNode[] }
  | { readonly t: 'group'; readonly index: number; readonly e: PNode }
  | { readonly t: 'rep'; readonly e: PNode; readonly min: number; readonly max: number; readonly mode: 'greedy' | 'lazy' | 'possessive' }
  | { readonly t: 'anchor'; readonly what: AnchorKind }
  | { readonly t: 'look'; readonly behind: boolean; readonly negate: boolean; readonly e: PNode }
  | { readonly t: 'backref'; readonly index: number; readonly fold: boolean }
  | { readonly t: 'atomic'; readonly e: PNode };

export interface ParsedPcre {
  root: PNode;
  /** Capturing groups, numbered from 1. */
  groupCount: number;
  /** Name of each named group, by number. */
  names: Map<string, number>;
}

/** The length in code points every match of `node` has, or null when it varies (or is unknown). */
export function fixedLength(node: PNode): number | null {
  switch (node.t) {
    case 'char':
      return 1;
    case 'anchor':
    case 'look':
      return 0;
    case 'backref':
      return null;
    case 'group':
    case 'atomic':
      return fixedLength(node.e);
    case 'rep': {
      if (node.min !== node.max) return null;
      const l = fixedLength(node.e);
      return l === null ? null : l * node.min;
    }
    case 'seq': {
      let sum = 0;
      for (const it of node.items) {
        const l = fixedLength(it);
        if (l === null) return null;
        sum += l;
      }
      return sum;
    }
    case 'alt': {
      let len: number | null = null;
      for (const it of node.items) {
        const l = fixedLength(it);
        if (l === null || (len !== null && l !== len)) return null;
        len = l;
      }
      return len ?? 0;
    }
  }
}

/**
 * A string every match contains (the longest run of case-sensitive literals that every match passes
 * through), or null. A value without it cannot match: a substring search rejects it before any
 * matching (PCRE's "required code unit" optimization, taken further).
 */
export function requiredLiteral(node: PNode): string | null {
  switch (node.t) {
    case 'group':
    case 'atomic':
      return requiredLiteral(node.e);
    case 'rep':
      return node.min >= 1 ? requiredLiteral(node.e) : null;
    case 'seq': {
      let best: string | null = null;
      let run = '';
      const consider = (x: string | null): void => {
        if (x !== null && (best === null || x.length > best.length)) best = x;
      };
      for (const it of node.items) {
        if (it.t === 'char' && it.lit !== undefined) {
          run += String.fromCodePoint(it.lit);
          continue;
        }
        consider(run === '' ? null : run);
        run = '';
        consider(requiredLiteral(it));
      }
      consider(run === '' ? null : run);
      return best;
    }
    case 'char':
      return node.lit === undefined ? null : String.fromCodePoint(node.lit);
    default:
      return null;
  }
}
