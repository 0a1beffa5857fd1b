// The literal prefilter of an EQL event query, derived from its AST against the index's field types.
//
// A comparison contributes atoms only where a match provably puts the literal's text into the line:
// `field == "x"` (case-sensitive), `field : "x*y"` (case-insensitive, literal segments between
// wildcards), `like` / `like~`, `in` / `in~` (one atom set per item, OR-ed), on a keyword-family field
// whose values come from the document itself (no constant_keyword value, no null_value, no runtime
// field, no custom normalizer). Everything else gives up (TRUE): `not`, `!=`, `not in`, regex, numeric
// and date comparisons, functions, arithmetic, fields the mapping does not have (their dynamic type is
// unknown before the data is read). `and` keeps the requirements of both sides; `or` needs one per
// side. Semantics the derivation relies on (harness/engines/eql/verify.ts and query-predicates.ts, from
// https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax): `:` is a case-insensitive
// equality, or a case-insensitive wildcard match when the pattern has `*` or `?`; `==` on a keyword is
// a case-sensitive term query; a lowercase normalizer lowercases both sides.
import type { EqlQuery, Expr, FieldRef, Literal } from '../../engines/eql/ast.js';
import { DEFAULT_EVENT_CATEGORY_FIELD } from '../../engines/eql/compile.js';
import { eqlWildcardSegments } from '../../engines/eql/text-match.js';
import type { FieldType, FieldTypes } from '../../engines/eql/mappings/field-types.js';
import { and, atom, or, TRUE, type Formula } from './formula.js';
import { EQL_FOLD, LOWERCASE_NORMALIZER_FOLD, requiredRuns, type FoldProfile } from './literal.js';

export interface EqlPrefilterOptions {
  eventCategoryField?: string;
}

/** How a keyword field compares a literal with its values. */
interface FieldMatching {
  /** The comparison ignores case whatever the operator (lowercase normalizer). */
  forcedCi: boolean;
  profile: FoldProfile;
}

/** The field's matching rules, or null when its indexed values may not be in the line as written. */
function keywordMatching(ref: FieldRef, fields: FieldTypes): FieldMatching | null {
  let field: FieldType | undefined = fields.get(ref.name);
  if (field?.family === 'text' && field.exactField !== undefined) field = fields.get(field.exactField);
  if (field === undefined || field.family !== 'keyword') return null;
  if (field.constantValue !== undefined || field.nullValue !== undefined || field.runtime === true) return null;
  if (field.normalizer === undefined) return { forcedCi: false, profile: EQL_FOLD };
  if (field.normalizer === 'lowercase') return { forcedCi: true, profile: LOWERCASE_NORMALIZER_FOLD };
  return null;
}

/** Atoms of one literal piece: all of its required runs. */
function pieceAtoms(text: string, ci: boolean, profile: FoldProfile): Formula {
  return and(requiredRuns(text, { ci, profile, numbersIndexedAsText: true }).map((r) => atom(r, ci)));
}

/** Atoms of a wildcard pattern (`*` and `?` are wildcards in EQL `:` and `like`). */
function patternAtoms(pattern: string, ci: boolean, profile: FoldProfile): Formula {
  const segments = eqlWildcardSegments(pattern).filter((s): s is { literal: string } => 'literal' in s);
  return and(segments.map((s) => pieceAtoms(s.literal, ci, profile)));
}

function stringLiteral(e: Expr): string | null {
  return e.kind === 'Literal' && e.type === 'string' ? (e.value as string) : null;
}

function fieldAndString(left: Expr, right: Expr): { ref: FieldRef; text: string } | null {
  if (left.kind === 'FieldRef' && stringLiteral(right) !== null) return { ref: left, text: stringLiteral(right) as string };
  if (right.kind === 'FieldRef' && stringLiteral(left) !== null) return { ref: right, text: stringLiteral(left) as string };
  return null;
}

function derive(e: Expr, fields: FieldTypes): Formula {
  switch (e.kind) {
    case 'Logical': {
      const l = derive(e.left, fields);
      const r = derive(e.right, fields);
      return e.operator === 'and' ? and([l, r]) : or([l, r]);
    }
    case 'Comparison': {
      if (e.operator !== '==') return TRUE;
      const pair = fieldAndString(e.left, e.right);
      if (pair === null) return TRUE;
      const m = keywordMatching(pair.ref, fields);
      if (m === null) return TRUE;
      return pieceAtoms(pair.text, m.forcedCi, m.profile);
    }
    case 'PatternMatch': {
      if (e.value.kind !== 'FieldRef' || e.operator === 'regex' || e.operator === 'regex~') return TRUE;
      const m = keywordMatching(e.value, fields);
      if (m === null) return TRUE;
      const ci = m.forcedCi || e.operator !== 'like';
      const profile = m.forcedCi ? m.profile : EQL_FOLD;
      return or(e.patterns.map((p: Literal) => (p.type === 'string' ? patternAtoms(p.value as string, ci, profile) : TRUE)));
    }
    case 'InList': {
      if (e.negated || e.value.kind !== 'FieldRef') return TRUE;
      const m = keywordMatching(e.value, fields);
      if (m === null) return TRUE;
      const ci = m.forcedCi || e.caseInsensitive;
      const profile = m.forcedCi ? m.profile : EQL_FOLD;
      // `in` compares whole values exactly (no wildcards); a non-string item gives up.
      return or(e.list.map((item) => (stringLiteral(item) === null ? TRUE : pieceAtoms(stringLiteral(item) as string, ci, profile))));
    }
    default:
      // not, functions, arithmetic, bare fields and literals: no provable literal.
      return TRUE;
  }
}

/** The prefilter of an event query (TRUE for sequences and samples, which a scan does not run). */
export function eqlPrefilter(query: EqlQuery, fields: FieldTypes, options: EqlPrefilterOptions = {}): Formula {
  if (query.kind !== 'EventQuery') return TRUE;
  const { category, categoryLoc, condition } = query.filter;
  const parts = [derive(condition, fields)];
  if (category !== null) {
    // `process where c` is `event.category == "process" and c` (harness/engines/eql/verify.ts verifyFilter).
    const categoryField: FieldRef = { kind: 'FieldRef', name: options.eventCategoryField ?? DEFAULT_EVENT_CATEGORY_FIELD, optional: false, loc: categoryLoc };
    const m = keywordMatching(categoryField, fields);
    if (m !== null) parts.push(pieceAtoms(category, m.forcedCi, m.profile));
  }
  return and(parts);
}
