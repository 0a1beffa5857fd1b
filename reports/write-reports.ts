// Writes every report file into one folder: report.json, junit.xml, summary.md, report.html.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from './model.js';
import { renderHtml } from './writers/html.js';
import { renderJson } from './writers/json.js';
import { renderJunit } from './writers/junit.js';
import { renderMarkdown } from './writers/markdown.js';

export const REPORT_FILES = {
  json: 'report.json',
  junit: 'junit.xml',
  markdown: 'summary.md',
  html: 'report.html',
} as const;

export type WrittenReports = Record<keyof typeof REPORT_FILES, string>;

/** Renders all formats first, then writes them, so a rendering bug never leaves a half-written folder. Returns the paths written. */
export function writeReports(report: Report, outDir: string): WrittenReports {
  const contents: Record<keyof typeof REPORT_FILES, string> = {
    json: renderJson(report),
    junit: renderJunit(report),
    markdown: renderMarkdown(report),
    html: renderHtml(report),
  };
  mkdirSync(outDir, { recursive: true });
  const written = {} as WrittenReports;
  for (const kind of Object.keys(REPORT_FILES) as (keyof typeof REPORT_FILES)[]) {
    const path = join(outDir, REPORT_FILES[kind]);
    writeFileSync(path, contents[kind], 'utf8');
    written[kind] = path;
  }
  return written;
}
