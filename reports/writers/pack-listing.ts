// `dth generate --list`: the scenario pack's scenarios, the evasion variants, the generic evasions, the
// data sources and the deployment profiles, as left-aligned text tables or as one JSON document (--json).
import { DATA_SOURCES } from '../../generators/data-sources.js';
import { EVASIONS } from '../../generators/evasion/index.js';
import type { ScenarioPack } from '../../generators/scenario-pack.js';
import { variantLabel } from '../../generators/scenario.js';
import { VARIANTS } from '../../generators/variants/index.js';
import { shippedProfiles } from '../../harness/profiles/load-profile.js';
import { layoutTable } from './text-table.js';

/** The `--list --json` document: scenarios of the pack, variants and data sources. */
export function listingJson(pack: ScenarioPack): string {
  return JSON.stringify(listing(pack), null, 2) + '\n';
}

function listing(pack: ScenarioPack): Record<string, unknown> {
  return {
    pack: pack.file,
    scenarios: pack.scenarios.map((s) => ({
      id: s.id,
      label: s.label,
      title: s.title,
      population: s.population,
      variant: variantLabel(s),
      variants: s.variants.map((v) => v.id),
      os: s.os,
      techniques: s.techniques,
      count: s.count,
      references: s.references,
      expectations: s.expectations.map((e) => ({ rule: e.ruleId, verdict: e.verdict, sources: e.sources, ...(e.reason ? { reason: e.reason } : {}) })),
    })),
    variants: VARIANTS.map((v) => ({ id: v.id, title: v.title, rows: v.rows, os: v.os, acceptance: v.acceptance })),
    evasions: EVASIONS.map((e) => ({ id: e.id, title: e.title, os: e.os, requires: e.requires })),
    programs: Object.values(pack.programs ?? {}).map((p) => ({ id: p.id, title: p.title, traits: p.traits, check: p.check })),
    populations: (pack.populations ?? []).map((p) => ({ id: p.id, title: p.title, label: p.label, program: p.program, os: Object.keys(p.forms), sources: p.sources })),
    profiles: shippedProfiles().map((p) => ({ id: p.id, title: p.title })),
    sources: DATA_SOURCES.map((s) => ({
      id: s.id,
      siem: s.siem,
      title: s.title,
      product: s.product,
      os: s.os,
      ...(s.siem === 'elastic' ? { index: s.index } : { index: s.index, sourcetype: s.sourcetype, source: s.source }),
    })),
  };
}

/** Left-aligned columns through the one text-table writer (text-table.ts). */
function table(rows: string[][]): string {
  return layoutTable(rows.map((row) => row.map((text) => ({ text }))), []).join('\n');
}

/** The text listing: one table per kind, each headed by its count. */
export function listingText(pack: ScenarioPack): string {
  const scenarios = table([
    ['ID', 'LABEL', 'OS', 'COUNT', 'POPULATION', 'VARIANT'],
    ...pack.scenarios.map((s) => [s.id, s.label, s.os.join(','), String(s.count), s.population, variantLabel(s) ?? '-']),
  ]);
  const variants = table([['ID', 'ROWS', 'OS', 'ACCEPTED BY', 'TITLE'], ...VARIANTS.map((v) => [v.id, v.rows.join(','), v.os.join(','), v.acceptance, v.title])]);
  const sources = table([
    ['ID', 'SIEM', 'OS', 'WHERE', 'TITLE'],
    ...DATA_SOURCES.map((s) => [s.id, s.siem, s.os.join(','), s.siem === 'elastic' ? s.index : `index=${s.index} sourcetype=${s.sourcetype} source=${s.source}`, s.title]),
  ]);
  const evasions = table([['ID', 'OS', 'PROGRAM MUST ACCEPT', 'TITLE'], ...EVASIONS.map((e) => [e.id, e.os.join(','), e.requires.join(',') || '-', e.title])]);
  const profiles = shippedProfiles();
  const profileTable = table([['ID', 'TITLE'], ...profiles.map((p) => [p.id, p.title])]);
  return `Scenarios (${pack.scenarios.length}, ${pack.file}):\n${scenarios}\n\nVariants (${VARIANTS.length}):\n${variants}\n\nGeneric evasions for populations written in a pack (${EVASIONS.length}):\n${evasions}\n\nData sources (${DATA_SOURCES.length}):\n${sources}\n\nDeployment profiles (${profiles.length}, --profile):\n${profileTable}\n`;
}
