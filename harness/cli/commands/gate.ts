// dth gate: compares a report.json with a baseline and fails (exit 1) on any regression.
// Bad input (missing or malformed file, other schema version, bad threshold) exits 2.
import type { Command } from 'commander';
import { DEFAULT_THRESHOLDS, gateFiles, reportGateResult, type GateThresholds } from '../../../reports/gate.js';
import { InputError } from '../../errors.js';

export const DEFAULT_REPORT = 'reports/out/report.json';

/** A proportion given as `0.05` or `5%`, between 0 and 1. */
export function parseThreshold(option: string, raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(raw);
  if (match === null) throw new InputError(`${option}: expected a proportion such as 0.05 or 5%, got ${JSON.stringify(raw)}`);
  const value = Number(match[1]) / (match[2] === '%' ? 100 : 1);
  if (value > 1) throw new InputError(`${option}: ${JSON.stringify(raw)} is more than 100%`);
  return value;
}

export interface GateOptions {
  baseline: string;
  report: string;
  maxRecallDrop?: string;
  maxFprRise?: string;
}

export function thresholdsFrom(options: { maxRecallDrop?: string; maxFprRise?: string }): GateThresholds {
  return {
    maxRecallDrop: options.maxRecallDrop === undefined ? DEFAULT_THRESHOLDS.maxRecallDrop : parseThreshold('--max-recall-drop', options.maxRecallDrop),
    maxFprRise: options.maxFprRise === undefined ? DEFAULT_THRESHOLDS.maxFprRise : parseThreshold('--max-fpr-rise', options.maxFprRise),
  };
}

export function register(program: Command): void {
  program
    .command('gate')
    .description('compare a report.json with a baseline; exit 1 listing every regression, 0 when none, 2 on bad input')
    .requiredOption('--baseline <report.json>', 'the baseline report (e.g. reports/baseline.json)')
    .option('--report <report.json>', 'the current report', DEFAULT_REPORT)
    .option('--max-recall-drop <x>', 'largest allowed recall drop per rule x scenario x data source, e.g. 0.05 or 5%', '0')
    .option('--max-fpr-rise <x>', 'largest allowed false positive rate rise per rule x scenario x data source', '0')
    .action((options: GateOptions) => {
      const thresholds = thresholdsFrom(options);
      const result = gateFiles({ baseline: options.baseline, current: options.report }, thresholds);
      reportGateResult(result, { baseline: options.baseline, current: options.report }, (text) => process.stdout.write(text));
    });
}
