// The literal prefilter for one EQL event query over blocks of JSON lines (harness/line-reader.ts), as
// `dth eql` uses it: the same SIMD pass and matcher as `dth scan` (prefilter/simd-scan.ts, matcher.ts),
// so a line that lacks every literal a match needs is never decoded or parsed.
//
// When it applies (derivePrefilter): the query must be an event query with a literal requirement
// (prefilter/eql.ts), and every field it reads must be in the explicit mapping. A line ruled out is not
// indexed either; when the fields the query reads are mapped explicitly, no unindexed document can change
// how they are mapped (explicit definitions never change), so the verdicts are those of reading every
// line. What a skipped line cannot do is fail: like `dth scan`, a line that looks like one JSON object
// (`{` ... `}`) and lacks the literals is counted, not checked; lines that do not look like an object
// are always parsed, so they are reported.
import type { EqlQuery } from '../engines/eql/ast.js';
import { referencedFields } from '../engines/eql/ast.js';
import { DEFAULT_EVENT_CATEGORY_FIELD } from '../engines/eql/compile.js';
import type { LineBlock } from '../line-reader.js';
import type { FieldTypes } from '../engines/eql/mappings/field-types.js';
import { eqlPrefilter } from './prefilter/eql.js';
import { toCnf, type Cnf } from './prefilter/formula.js';
import { ChunkPrefilter } from './prefilter/matcher.js';
import { createChunkScanner, JsChunkScanner, type ChunkScanner } from './prefilter/simd-scan.js';

const CR = 0x0d;
/** Blocks larger than this (one long line) go through the JavaScript pass (WebAssembly memory never shrinks). */
const SIMD_BLOCK_LIMIT = 8 * 1024 * 1024;

/**
 * The query's prefilter, or null when it has none or cannot be used soundly: a field the query reads is
 * not in the explicit mapping `base` (its dynamic type would come from documents a prefilter skips).
 */
export function derivePrefilter(query: EqlQuery, base: FieldTypes): Cnf | null {
  if (query.kind !== 'EventQuery') return null;
  const names = referencedFields(query).map((f) => f.name);
  if (query.filter.category !== null) names.push(DEFAULT_EVENT_CATEGORY_FIELD);
  if (names.some((name) => base.get(name)?.dynamic !== false)) return null;
  const cnf = toCnf(eqlPrefilter(query, base));
  return cnf.length > 0 ? cnf : null;
}

/** Lines of a block and how many were ruled out. */
export interface BlockCandidates {
  skipped: number;
}

export class LinePrefilter {
  private readonly scanner: ChunkScanner = createChunkScanner();
  private readonly prefilter: ChunkPrefilter;

  constructor(cnf: Cnf) {
    this.prefilter = new ChunkPrefilter([cnf], true);
  }

  /**
   * Calls `visit` with the text and number of every line of the block the query may match, and of every
   * line that does not look like one JSON object (blank, malformed). Returns how many were ruled out.
   */
  forEachCandidate(block: LineBlock, visit: (text: string, line: number) => void): BlockCandidates {
    const bytes = block.bytes;
    const length = bytes.length;
    const scanner = length > SIMD_BLOCK_LIMIT ? new JsChunkScanner() : this.scanner;
    const scan = scanner.scan(bytes, length, this.prefilter.request());
    const spans = { starts: null, ends: scan.ends, count: scan.lineCount };
    this.prefilter.run(bytes, length, spans, scan);
    const candidates = this.prefilter.candidates;
    const odd = scan.odd;
    const tail = scan.lineCount > scan.newlineCount ? scan.newlineCount : -1;
    // Ascending merge of the candidates, the odd lines and the unterminated tail.
    let c = 0;
    let o = 0;
    let visited = 0;
    let last = -1;
    for (;;) {
      const x = c < candidates.length ? (candidates[c] as number) : Infinity;
      const y = o < scan.oddCount ? (odd[o] as number) : Infinity;
      const z = tail > last ? tail : Infinity;
      const i = Math.min(x, y, z);
      if (i === Infinity) break;
      if (x === i) c++;
      if (y === i) o++;
      if (i <= last) continue;
      last = i;
      const start = i === 0 ? 0 : (scan.ends[i - 1] as number) + 1;
      let end = scan.ends[i] as number;
      if (end > start && bytes[end - 1] === CR) end--;
      visit(bytes.toString('utf8', start, end), block.firstLine + i);
      visited++;
    }
    return { skipped: scan.lineCount - visited };
  }
}
