// Timing a command from outside, as a user runs it: wall time, and peak RSS from /usr/bin/time -v.
// Figures are medians of several runs; every run's output is kept so callers can check that variants agree.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const TIME_BINARY = '/usr/bin/time';

export interface Timed {
  seconds: number;
  stdout: string;
  /** What the command wrote on stderr (without /usr/bin/time's report). */
  stderr: string;
  /** Peak resident set size in MB (null when /usr/bin/time is missing). */
  peakRssMb: number | null;
  /** CPU seconds (user + system; null when /usr/bin/time is missing). */
  cpuSeconds: number | null;
}

/** Runs a command once; exit statuses in `okStatuses` count as success (grep -c exits 1 on no match). */
export function timeOnce(command: string, args: string[], okStatuses: readonly number[] = [0]): Timed {
  const useTime = existsSync(TIME_BINARY);
  const started = performance.now();
  const result = useTime
    ? spawnSync(TIME_BINARY, ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) throw result.error;
  if (!okStatuses.includes(result.status ?? -1)) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(-2000)}`);
  const m = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr) : null;
  const user = useTime ? /User time \(seconds\): ([\d.]+)/.exec(result.stderr) : null;
  const system = useTime ? /System time \(seconds\): ([\d.]+)/.exec(result.stderr) : null;
  const stderr = useTime ? result.stderr.replace(/\n?\tCommand being timed:[\s\S]*$/, '') : result.stderr;
  return { seconds, stdout: result.stdout, stderr, peakRssMb: m ? Number(m[1]) / 1024 : null, cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : null };
}

/** The median run of `runs` (by time); all runs' outputs must be equal, or this throws. */
export function timeMedian(runs: number, command: string, args: string[], okStatuses: readonly number[] = [0]): Timed & { allSeconds: number[] } {
  const all: Timed[] = [];
  for (let r = 0; r < runs; r++) all.push(timeOnce(command, args, okStatuses));
  for (const t of all) if (t.stdout !== (all[0] as Timed).stdout) throw new Error(`${command} ${args.join(' ')}: runs disagree`);
  const sorted = [...all].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor(sorted.length / 2)] as Timed;
  const peak = all.reduce<number | null>((p, t) => (t.peakRssMb === null ? p : Math.max(p ?? 0, t.peakRssMb)), null);
  return { ...median, peakRssMb: peak, allSeconds: all.map((t) => t.seconds) };
}

/**
 * A command run `runs` times, for figures of CPU time and memory: wall and CPU seconds are the
 * medians (each taken over the runs on its own), peak RSS the highest run's. The callers check that the
 * runs' counts agree (their output differs in timings, so it is not compared here).
 */
export function timeRuns(runs: number, command: string, args: string[], okStatuses: readonly number[] = [0]): Timed & { all: Timed[] } {
  const all = Array.from({ length: runs }, () => timeOnce(command, args, okStatuses));
  const medianOf = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const cpu = all.map((t) => t.cpuSeconds);
  const rss = all.map((t) => t.peakRssMb);
  return {
    ...(all[0] as Timed),
    seconds: medianOf(all.map((t) => t.seconds)),
    cpuSeconds: cpu.every((c): c is number => c !== null) ? medianOf(cpu) : null,
    peakRssMb: rss.every((r): r is number => r !== null) ? Math.max(...rss) : null,
    all,
  };
}

/** Items per second from a count and microseconds. */
export function rate(count: number, micros: number): number {
  return Math.round((count / micros) * 1_000_000);
}

/** CPU time (user + system, every thread) of this process in microseconds since `since`. */
export function cpuSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** `name: value unit` */
export function figure(name: string, value: number | string, unit: string): void {
  process.stdout.write(`${name}: ${typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 0)) : value} ${unit}\n`);
}

/** How loaded the machine is (1-minute load average and cores), printed beside the figures: shared machines give slower figures. */
export function loadNote(): void {
  figure('load average (1 min)', loadavg()[0] ?? 0, `on ${cpus().length} cores`);
}
