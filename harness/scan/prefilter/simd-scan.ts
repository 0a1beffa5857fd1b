// One pass over a chunk with WebAssembly SIMD (16 bytes per step), doing what the prefilter needs from
// every byte so that JavaScript only looks at the few interesting lines:
// - the position of every newline;
// - the lines that do not look like one JSON object (first byte `{`, last byte before `\r\n`/`\n` `}`):
//   blank, indented or malformed lines, which the chunk loop examines one by one;
// - whether the byte pair `\u` occurs at all (only then are escapes looked at);
// - the positions of up to 8 "probes", byte pairs taken from the literals the rules need (matched on the
//   bytes as they are, or case-insensitively on the bytes OR 0x20), so that the literal search is part
//   of this same pass (matcher.ts checks each hit);
// - on request, the folded copy (every byte OR 0x20) that case-insensitive literals are searched in with
//   Buffer.indexOf when the probes do not serve.
// A plain JavaScript version (JsChunkScanner) gives the same answers where SIMD is missing; the tests run
// both on the same bytes.
//
// The module is assembled here byte by byte (binary format:
// https://webassembly.github.io/spec/core/binary/index.html; SIMD opcodes:
// https://github.com/WebAssembly/simd/blob/main/proposals/simd/BinarySIMD.md). In text form:
//
//   (func (export "scan") (param $a $b $len $nl $odd $slots $probes $nprobes $hits $hitcap i32)
//     ;; $a: chunk bytes (64 bytes of 0x80 after $len, one byte readable before $a); $b: folded copy, or 0
//     ;; for none; $nl: newline positions (i32); $odd: indices of lines to examine (i32); $probes: per
//     ;; probe 48 bytes: first byte splatted, second byte splatted, i32 case-insensitive flag;
//     ;; $hits: (position << 3 | probe) of each probe hit, at most $hitcap of them;
//     ;; $slots: [newline count, odd count, saw `\u`, probe hits (all, also beyond $hitcap)]
//     for ($i = 0; $i < $len; $i += 16) {   ;; (unrolled twice: 32 bytes per step, the masks joined)
//       $v = v128.load($a + $i); $w = v128.load($a + $i + 1); $vf = $v | splat(0x20); $wf = $w | splat(0x20)
//       if ($b) v128.store($b + $i, $vf)
//       $esc |= ($v == splat('\\')) & ($w == splat('u'))
//       for ($m = i8x16.bitmask($v == splat('\n')); $m != 0; $m &= $m - 1) {
//         $p = $i + ctz($m); $nl[$count] = $p
//         $e = $p - (($p > $start) & (load8($a + $p - 1) == '\r'))
//         if (!(($e > $start) & (load8($a + $start) == '{') & (load8($a + $e - 1) == '}'))) $odd[$oddCount++] = $count
//         $count++; $start = $p + 1
//       }
//       for ($k = 0; $k < $nprobes; $k++) {
//         $pb = $probes + 48 * $k; $ci = load($pb + 32)
//         for ($m = bitmask((select($vf, $v, $ci) == load128($pb)) & (select($wf, $w, $ci) == load128($pb + 16))); $m; $m &= $m - 1) {
//           if ($h < $hitcap) $hits[$h] = (($i + ctz($m)) << 3) | $k
//           $h++
//         }
//       }
//     }
//     store($slots, $count); store($slots + 4, $oddCount); store($slots + 8, any_true($esc)); store($slots + 12, $h))

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

// Instructions, as byte sequences.
const I32 = 0x7f;
const V128 = 0x7b;
const VOID = 0x40;
const get = (l: number): number[] => [0x20, ...uleb(l)];
const set = (l: number): number[] => [0x21, ...uleb(l)];
const i32c = (n: number): number[] => [0x41, ...sleb(n)];
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
const MEM16 = [0x04, 0x00]; // align 2^4, offset 0
const MEM4 = [0x02, 0x00];
const MEM1 = [0x00, 0x00];
const OP = {
  block: [0x02, VOID],
  loop: [0x03, VOID],
  if: [0x04, VOID],
  end: [0x0b],
  br: (l: number) => [0x0c, ...uleb(l)],
  brIf: (l: number) => [0x0d, ...uleb(l)],
  load: [0x28, ...MEM4],
  load32At: (offset: number) => [0x28, 0x02, ...uleb(offset)],
  load8: [0x2d, ...MEM1],
  store: [0x36, ...MEM4],
  eqz: [0x45],
  ltU: [0x49],
  mul: [0x6c],
  or: [0x72],
  select: [0x1b],
  eq: [0x46],
  gtU: [0x4b],
  geU: [0x4f],
  ctz: [0x68],
  add: [0x6a],
  sub: [0x6b],
  and: [0x71],
  shl: [0x74],
  vload: simd(0x00, ...MEM16),
  vstore: simd(0x0b, ...MEM16),
  splat: simd(0x0f),
  veq: simd(0x23),
  vand: simd(0x4e),
  vor: simd(0x50),
  anyTrue: simd(0x53),
  bitmask: simd(0x64),
};

// Parameters and locals by index.
const A = 0,
  B = 1,
  LEN = 2,
  NL = 3,
  ODD = 4,
  SLOTS = 5,
  PROBES = 6,
  NPROBES = 7,
  HITS = 8,
  HITCAP = 9;
const I = 10,
  M = 11,
  P = 12,
  START = 13,
  COUNT = 14,
  ODDC = 15,
  E = 16,
  K = 17,
  H = 18,
  PB = 19,
  CI = 20,
  CI0 = 21;
const V0 = 22,
  W0 = 23,
  VF0 = 24,
  WF0 = 25,
  V1 = 26,
  W1 = 27,
  VF1 = 28,
  WF1 = 29,
  ESC = 30,
  FOLD = 31,
  NLV = 32,
  BSV = 33,
  UV = 34,
  P0A = 35,
  P0B = 36;
const PARAMS = 10;
/** Bytes per step: two vectors, their bit masks joined into one 32-bit mask. */
const STEP = 32;

function scanBody(): number[] {
  const byteAt = (addr: number[]): number[] => [...addr, ...OP.load8];
  const vload = (offset: number): number[] => [...get(A), ...get(I), ...OP.add, ...(offset === 0 ? [] : [...i32c(offset), ...OP.add]), ...OP.vload];
  /** i8x16.bitmask of both halves into $m: mask(v0-based) | mask(v1-based) << 16. */
  const joinMasks = (low: number[], high: number[]): number[] => [...low, ...OP.bitmask, ...high, ...OP.bitmask, ...i32c(16), ...OP.shl, ...OP.or, ...set(M)];
  /** For each bit of $m: position $i + ctz. */
  const eachBit = (body: number[]): number[] => [
    ...OP.block,
    ...OP.loop,
    ...get(M), ...OP.eqz, ...OP.brIf(1),
    ...get(I), ...get(M), ...OP.ctz, ...OP.add, ...set(P),
    ...body,
    ...get(M), ...get(M), ...i32c(1), ...OP.sub, ...OP.and, ...set(M),
    ...OP.br(0),
    ...OP.end,
    ...OP.end,
  ];
  const newline = [
    // $nl[$count] = $p
    ...get(NL), ...get(COUNT), ...i32c(2), ...OP.shl, ...OP.add, ...get(P), ...OP.store,
    // $e = $p - (($p > $start) & (byte[$a + $p - 1] == '\r'))
    ...get(P),
    ...get(P), ...get(START), ...OP.gtU,
    ...byteAt([...get(A), ...get(P), ...OP.add, ...i32c(1), ...OP.sub]), ...i32c(0x0d), ...OP.eq,
    ...OP.and, ...OP.sub, ...set(E),
    // if !(($e > $start) & (byte[$a + $start] == '{') & (byte[$a + $e - 1] == '}')) $odd[$oddc++] = $count
    ...get(E), ...get(START), ...OP.gtU,
    ...byteAt([...get(A), ...get(START), ...OP.add]), ...i32c(0x7b), ...OP.eq, ...OP.and,
    ...byteAt([...get(A), ...get(E), ...OP.add, ...i32c(1), ...OP.sub]), ...i32c(0x7d), ...OP.eq, ...OP.and,
    ...OP.eqz, ...OP.if,
    ...get(ODD), ...get(ODDC), ...i32c(2), ...OP.shl, ...OP.add, ...get(COUNT), ...OP.store,
    ...get(ODDC), ...i32c(1), ...OP.add, ...set(ODDC),
    ...OP.end,
    ...get(COUNT), ...i32c(1), ...OP.add, ...set(COUNT),
    ...get(P), ...i32c(1), ...OP.add, ...set(START),
  ];
  /** Records hit ($p << 3 | $k) while the table has room; counts it always. */
  const hit = [
    ...get(H), ...get(HITCAP), ...OP.ltU, ...OP.if,
    ...get(HITS), ...get(H), ...i32c(2), ...OP.shl, ...OP.add,
    ...get(P), ...i32c(3), ...OP.shl, ...get(K), ...OP.or,
    ...OP.store,
    ...OP.end,
    ...get(H), ...i32c(1), ...OP.add, ...set(H),
  ];
  /** $m for one probe: (select(vf, v, ci) == first) & (select(wf, w, ci) == second), both halves. */
  const probeMask = (first: number[], second: number[], ci: number[]): number[] =>
    joinMasks(
      [...get(VF0), ...get(V0), ...ci, ...OP.select, ...first, ...OP.veq, ...get(WF0), ...get(W0), ...ci, ...OP.select, ...second, ...OP.veq, ...OP.vand],
      [...get(VF1), ...get(V1), ...ci, ...OP.select, ...first, ...OP.veq, ...get(WF1), ...get(W1), ...ci, ...OP.select, ...second, ...OP.veq, ...OP.vand],
    );
  const probes = [
    // Probe 0 from locals (the common case: one literal to find), the others from memory.
    ...get(NPROBES), ...OP.if,
    ...i32c(0), ...set(K),
    ...probeMask(get(P0A), get(P0B), get(CI0)),
    ...eachBit(hit),
    ...i32c(1), ...set(K),
    ...OP.block,
    ...OP.loop,
    ...get(K), ...get(NPROBES), ...OP.geU, ...OP.brIf(1),
    ...get(PROBES), ...get(K), ...i32c(48), ...OP.mul, ...OP.add, ...set(PB),
    ...get(PB), ...OP.load32At(32), ...set(CI),
    ...probeMask([...get(PB), ...OP.vload], [...get(PB), ...i32c(16), ...OP.add, ...OP.vload], get(CI)),
    ...eachBit(hit),
    ...get(K), ...i32c(1), ...OP.add, ...set(K),
    ...OP.br(0),
    ...OP.end,
    ...OP.end,
    ...OP.end,
  ];
  return [
    // locals: 12 i32 ($i $m $p $start $count $oddc $e $k $h $pb $ci $ci0), 15 v128
    0x02, 0x0c, I32, 0x0f, V128,
    ...i32c(0x20), ...OP.splat, ...set(FOLD),
    ...i32c(0x0a), ...OP.splat, ...set(NLV),
    ...i32c(0x5c), ...OP.splat, ...set(BSV),
    ...i32c(0x75), ...OP.splat, ...set(UV),
    ...get(NPROBES), ...OP.if,
    ...get(PROBES), ...OP.vload, ...set(P0A),
    ...get(PROBES), ...i32c(16), ...OP.add, ...OP.vload, ...set(P0B),
    ...get(PROBES), ...OP.load32At(32), ...set(CI0),
    ...OP.end,
    ...OP.block,
    ...OP.loop,
    ...get(I), ...get(LEN), ...OP.geU, ...OP.brIf(1),
    ...vload(0), ...set(V0),
    ...vload(1), ...set(W0),
    ...vload(16), ...set(V1),
    ...vload(17), ...set(W1),
    ...get(V0), ...get(FOLD), ...OP.vor, ...set(VF0),
    ...get(W0), ...get(FOLD), ...OP.vor, ...set(WF0),
    ...get(V1), ...get(FOLD), ...OP.vor, ...set(VF1),
    ...get(W1), ...get(FOLD), ...OP.vor, ...set(WF1),
    ...get(B), ...OP.if,
    ...get(B), ...get(I), ...OP.add, ...get(VF0), ...OP.vstore,
    ...get(B), ...get(I), ...OP.add, ...i32c(16), ...OP.add, ...get(VF1), ...OP.vstore,
    ...OP.end,
    ...get(ESC),
    ...get(V0), ...get(BSV), ...OP.veq, ...get(W0), ...get(UV), ...OP.veq, ...OP.vand, ...OP.vor,
    ...get(V1), ...get(BSV), ...OP.veq, ...get(W1), ...get(UV), ...OP.veq, ...OP.vand, ...OP.vor,
    ...set(ESC),
    ...joinMasks([...get(V0), ...get(NLV), ...OP.veq], [...get(V1), ...get(NLV), ...OP.veq]),
    ...eachBit(newline),
    ...probes,
    ...get(I), ...i32c(STEP), ...OP.add, ...set(I),
    ...OP.br(0),
    ...OP.end,
    ...OP.end,
    ...get(SLOTS), ...get(COUNT), ...OP.store,
    ...get(SLOTS), ...i32c(4), ...OP.add, ...get(ODDC), ...OP.store,
    ...get(SLOTS), ...i32c(8), ...OP.add, ...get(ESC), ...OP.anyTrue, ...OP.store,
    ...get(SLOTS), ...i32c(12), ...OP.add, ...get(H), ...OP.store,
    ...OP.end,
  ];
}

function moduleBytes(): Uint8Array {
  const body = scanBody();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, PARAMS, ...Array<number>(PARAMS).fill(I32), 0x00]), // type 0: (i32 x10) -> ()
    ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]), // import memory, min 1 page
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name('scan'), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(body.length), ...body]),
  ]);
}

// The WebAssembly JS API, as far as this module uses it (the project's TypeScript libs do not declare it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly kind?: never;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A byte pair to report the positions of: one from a literal the rules need. */
export interface Probe {
  first: number;
  second: number;
  /** Compare with the bytes OR 0x20 (the pair's bytes are then given folded too). */
  ci: boolean;
}

/** The most probes one pass reports (a hit stores its probe in 3 bits). */
export const MAX_PROBES = 8;

export interface ScanOptions {
  probes: readonly Probe[];
  /** Also return the folded copy of the chunk. */
  fold: boolean;
}

/** What one pass over a chunk found. Views are valid until the next scan. */
export interface LineScan {
  /** Every byte OR 0x20, when asked for. */
  folded: Buffer | null;
  /** Where each line ends: its newline's offset, or the chunk's length for a last line without one. */
  ends: Int32Array;
  /** Lines (newlines, plus one when the chunk does not end with a newline). */
  lineCount: number;
  newlineCount: number;
  /** Indices (into `ends`) of the newline-terminated lines that do not look like one JSON object. */
  odd: Int32Array;
  oddCount: number;
  /** Whether the byte pair `\u` occurs anywhere (escapes need a look only then). */
  escapeU: boolean;
  /** `position << 3 | probe` of every probe hit, or null when there were too many to keep. */
  hits: Int32Array | null;
}

export interface ChunkScanner {
  readonly simd: boolean;
  /**
   * A buffer to read a chunk of up to `capacity` bytes into, so that scan() finds it in place (no copy).
   * Valid until the next area() or scan() call.
   */
  area(capacity: number): Buffer;
  scan(chunk: Buffer, length: number, options: ScanOptions): LineScan;
}

const PAGE = 65536;
/** Bytes read past the chunk by the last step (two vectors and one byte more, rounded up). */
const SLACK = 64;
const PAST_END = 0x80;
const PROBE_BYTES = 48;

function roundUp16(n: number): number {
  return (n + 15) & ~15;
}

/** Probe hits kept per chunk: beyond this the caller searches with Buffer.indexOf instead. */
function hitCapacity(length: number): number {
  return Math.max(1024, length >>> 3);
}

/** Where a chunk read straight into the SIMD pass's memory starts (slots and probes come before). */
const AREA = 512;

/** Bytes of memory a pass over `length` bytes at `a` needs (chunk, folded copy, tables). */
function layoutEnd(a: number, length: number): number {
  const tables = roundUp16(a + length + SLACK) + roundUp16(length + SLACK);
  return tables + 8 * (length + 1) + 4 * hitCapacity(length);
}

class SimdChunkScanner implements ChunkScanner {
  readonly simd = true;
  private readonly memory: WasmMemory;
  private readonly run: (a: number, b: number, len: number, nl: number, odd: number, slots: number, probes: number, nprobes: number, hits: number, hitcap: number) => void;

  constructor(api: WasmApi, module: WasmModule) {
    this.memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(module, { env: { memory: this.memory } });
    this.run = instance.exports['scan'] as SimdChunkScanner['run'];
  }

  private ensure(end: number): void {
    const pages = Math.ceil(end / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > have) this.memory.grow(pages - have);
  }

  area(capacity: number): Buffer {
    // Room for any chunk of up to `capacity` bytes anywhere in the area, so that scanning it grows nothing.
    this.ensure(layoutEnd(AREA + capacity, capacity));
    return Buffer.from(this.memory.buffer, AREA, capacity);
  }

  scan(chunk: Buffer, length: number, options: ScanOptions): LineScan {
    if (options.probes.length > MAX_PROBES) throw new Error(`at most ${MAX_PROBES} probes per pass`);
    // Layout: slots at 0, probes at 64, the chunk from AREA on (so the byte before it is readable;
    // where area() put it, or copied to AREA), its folded copy, then the newline, odd-line and hit
    // tables (a line is at least one byte: at most length + 1 entries each).
    const inPlace = chunk.buffer === this.memory.buffer && chunk.byteOffset >= AREA;
    const a = inPlace ? chunk.byteOffset : AREA;
    const probes = 64;
    const b = roundUp16(a + length + SLACK);
    const nl = b + (options.fold ? roundUp16(length + SLACK) : 0);
    const odd = nl + 4 * (length + 1);
    const hits = odd + 4 * (length + 1);
    const hitcap = hitCapacity(length);
    if (inPlace && layoutEnd(a, length) > this.memory.buffer.byteLength) throw new Error('a chunk in the scan area is larger than the area');
    this.ensure(layoutEnd(a, length));
    const memory = this.memory.buffer;
    const bytes = Buffer.from(memory);
    options.probes.forEach((probe, k) => {
      const at = probes + k * PROBE_BYTES;
      bytes.fill(probe.first, at, at + 16);
      bytes.fill(probe.second, at + 16, at + 32);
      bytes.writeInt32LE(probe.ci ? 1 : 0, at + 32);
    });
    if (!inPlace) chunk.copy(bytes, a, 0, length);
    // The last vectors read past the chunk: bytes that are no newline, no `\` or `u`, and (folded or
    // not) no ASCII, so no probe hits there.
    bytes.fill(PAST_END, a + length, a + length + SLACK);
    this.run(a, options.fold ? b : 0, length, nl, odd, 0, probes, options.probes.length, hits, hitcap);
    const slots = new Int32Array(memory, 0, 4);
    const newlineCount = slots[0] as number;
    const oddCount = slots[1] as number;
    const hitCount = slots[3] as number;
    // The table has room for one entry more: the end of a last line without a newline.
    const table = new Int32Array(memory, nl, length + 1);
    const lineCount = withTail(table, newlineCount, length);
    return {
      folded: options.fold ? Buffer.from(memory, b, length) : null,
      ends: table.subarray(0, lineCount),
      lineCount,
      newlineCount,
      odd: new Int32Array(memory, odd, oddCount),
      oddCount,
      escapeU: slots[2] !== 0,
      hits: hitCount > hitcap ? null : new Int32Array(memory, hits, hitCount),
    };
  }
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Appends the end of a last line without a newline; returns the number of lines. */
function withTail(ends: Int32Array, newlines: number, length: number): number {
  const lastStart = newlines === 0 ? 0 : (ends[newlines - 1] as number) + 1;
  if (lastStart >= length) return newlines;
  ends[newlines] = length;
  return newlines + 1;
}

/** Copies `chunk[0, length)` into `out` with every byte OR 0x20, 4 bytes at a time. */
export function foldInto(chunk: Buffer, length: number, out: { words: Uint32Array; bytes: Buffer }): Buffer {
  if (out.bytes.length < length) {
    const ab = new ArrayBuffer((length + 7) & ~3);
    out.words = new Uint32Array(ab);
    out.bytes = Buffer.from(ab);
  }
  chunk.copy(out.bytes, 0, 0, length);
  const words = out.words;
  const n = (length + 3) >>> 2;
  for (let k = 0; k < n; k++) words[k] = (words[k] as number) | 0x20202020;
  return out.bytes.subarray(0, length);
}

/** The same answers in plain JavaScript (32-bit word fold, Buffer.indexOf for newlines and probes). */
export class JsChunkScanner implements ChunkScanner {
  readonly simd = false;
  private readonly folded = { words: new Uint32Array(0), bytes: Buffer.alloc(0) };
  private newlines = new Int32Array(1024);
  private odd = new Int32Array(1024);
  private readArea = Buffer.alloc(0);

  area(capacity: number): Buffer {
    if (this.readArea.length < capacity) this.readArea = Buffer.allocUnsafe(capacity);
    return this.readArea.subarray(0, capacity);
  }

  scan(chunk: Buffer, length: number, options: ScanOptions): LineScan {
    const folded = foldInto(chunk, length, this.folded);
    const view = chunk.subarray(0, length);
    let count = 0;
    let oddCount = 0;
    let start = 0;
    for (let p = view.indexOf(NEWLINE); p >= 0; p = view.indexOf(NEWLINE, p + 1)) {
      if (count + 1 >= this.newlines.length) this.newlines = grow(this.newlines);
      this.newlines[count] = p;
      const e = p > start && chunk[p - 1] === CR ? p - 1 : p;
      if (!(e > start && chunk[start] === 0x7b && chunk[e - 1] === 0x7d)) {
        if (oddCount === this.odd.length) this.odd = grow(this.odd);
        this.odd[oddCount++] = count;
      }
      count++;
      start = p + 1;
    }
    if (count + 1 >= this.newlines.length) this.newlines = grow(this.newlines);
    const lineCount = withTail(this.newlines, count, length);
    const hits: number[] = [];
    options.probes.forEach((probe, k) => {
      const pair = Buffer.from([probe.first, probe.second]);
      const hay = probe.ci ? folded : view;
      for (let p = hay.indexOf(pair); p >= 0; p = hay.indexOf(pair, p + 1)) hits.push((p << 3) | k);
    });
    return {
      folded: options.fold ? folded : null,
      ends: this.newlines.subarray(0, lineCount),
      lineCount,
      newlineCount: count,
      odd: this.odd.subarray(0, oddCount),
      oddCount,
      escapeU: view.indexOf('\\u', 0, 'latin1') >= 0,
      hits: hits.length > hitCapacity(length) ? null : Int32Array.from(hits),
    };
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

let compiled: WasmModule | null | undefined;

/** The SIMD scanner when this runtime validates the module, else the JavaScript one. */
export function createChunkScanner(preferSimd = true): ChunkScanner {
  if (preferSimd && compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  return preferSimd && compiled && wasm !== undefined ? new SimdChunkScanner(wasm, compiled) : new JsChunkScanner();
}
