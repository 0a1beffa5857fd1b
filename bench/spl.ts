// SPL engine benchmark: index rendered 4688 events (default 1,000,000; BENCH_SPL_EVENTS overrides),
// then run the seed rule "QEMU Network Tunneling - Windows" with the default macros.
// Prints, one per line: spl indexing (MB/s of raw text, wall clock, one thread), spl indexing per cpu
// second, spl seed base search (ms, the lexicon-first base search alone, cold), spl seed search (ms, the
// whole rule: base search, field extraction, table, bin, stats), and context figures.
import { prepareSearch, runPrepared } from '../harness/engines/spl/engine.js';
import { EventIndex } from '../harness/engines/spl/index.js';
import { parseMacrosConf } from '../harness/engines/spl/macros.js';
import { lexiconCandidates, runBaseSearch } from '../harness/engines/spl/search.js';
import { IndexedEvents } from '../harness/engines/spl/execute.js';
import { fromRoot } from '../harness/paths.js';
import { loadSplunkRules } from '../harness/rules/splunk-loader.js';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SplunkRecord } from '../harness/model/records.js';
import { Rng } from '../generators/context/rng.js';
import { benchEvent } from './spl-events.js';

function line(name: string, value: string | number, unit: string): void {
  process.stdout.write(`${name}: ${value} ${unit}\n`);
}

/** A full garbage collection (V8's gc(), exposed at run time for the benchmark). */
function fullGc(): void {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc === 'function') gc();
}

function main(): void {
  const count = Number(process.env.BENCH_SPL_EVENTS ?? 1_000_000);
  const rng = new Rng(20260209);
  const start = Date.UTC(2025, 0, 15) / 1000;
  // Events are rendered in batches and indexed as they come, as a loader streams them; only the
  // indexing is timed (wall clock and CPU), never the rendering.
  const BATCH = 10_000;
  const index = new EventIndex();
  index.reserve(count);
  fullGc();
  let bytes = 0;
  let indexMs = 0;
  let cpuMicros = 0;
  for (let first = 0; first < count; first += BATCH) {
    const batch: SplunkRecord[] = [];
    for (let n = first; n < Math.min(count, first + BATCH); n++) {
      const e = benchEvent(rng, n, start);
      bytes += Buffer.byteLength(e._raw, 'utf8');
      batch.push(e);
    }
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    for (const e of batch) index.add(e);
    const cpu = process.cpuUsage(cpu0);
    indexMs += performance.now() - t;
    cpuMicros += cpu.user + cpu.system;
  }
  line('spl indexing', ((bytes / 1e6) / (indexMs / 1000)).toFixed(1), 'MB/s');
  // The same work per second of CPU time (all threads, GC included): what one core does when the
  // machine is shared and wall time includes waiting for a core.
  line('spl indexing per cpu second', ((bytes / 1e6) / (cpuMicros / 1e6)).toFixed(1), 'MB/s');
  line('spl indexed events', count, 'events');
  line('spl indexed raw', (bytes / 1e6).toFixed(1), 'MB');
  line('spl lexicon terms', index.terms, 'terms');

  const [rule] = loadSplunkRules(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'));
  if (rule === undefined) throw new Error('seed rule not found');
  const macrosPath = fromRoot('rules/splunk/macros.conf');
  const macros = parseMacrosConf(readFileSync(macrosPath, 'utf8'), macrosPath);
  const prepared = prepareSearch(rule.query, macros);
  const base = prepared.pipeline.commands[0];
  if (base?.kind !== 'search' || base.expr === null) throw new Error('seed rule has no base search');

  // Each figure is the best of three cold runs: the lexicon's result cache and the field cache are
  // emptied before each one.
  let baseMs = Infinity;
  let matched = 0;
  for (let i = 0; i < 3; i++) {
    index.clearSearchCache();
    const src = new IndexedEvents(index);
    const t = performance.now();
    matched = runBaseSearch(base.expr, src, prepared.expanded.text).length;
    baseMs = Math.min(baseMs, performance.now() - t);
  }
  const candidates = lexiconCandidates(base.expr, new IndexedEvents(index), prepared.expanded.text);
  line('spl seed lexicon candidates', candidates, 'events');
  line('spl seed base search matches', matched, 'events');
  line('spl seed base search', baseMs.toFixed(1), 'ms');

  let ruleMs = Infinity;
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    index.clearSearchCache();
    const t = performance.now();
    rows = runPrepared(prepared, index).rows.length;
    ruleMs = Math.min(ruleMs, performance.now() - t);
  }
  line('spl seed rows', rows, 'rows');
  line('spl seed search', ruleMs.toFixed(1), 'ms');
}

main();
