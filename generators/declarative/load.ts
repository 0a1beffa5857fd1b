// From the pack's validated YAML data to declarative populations and programs, and the checks a
// schema cannot make (program references, placeholders, OS forms), each at its YAML position.
import type { OsFamily } from '../canonical-event.js';
import type { SourceLocation } from '../../harness/errors.js';
import type { DeclarativePopulation, OsForm, ParentSpec, ProgramSpec, ProgramTrait, SourceCitation, TemplateItem } from './model.js';
import { placeholderProblems } from './placeholders.js';
import { templateProblems } from './template.js';

export interface RawProgram {
  title: string;
  traits: ProgramTrait[];
  check: { kind: 'real'; command: string; package: string } | { kind: 'documented'; reference: string };
}

interface RawOsForm {
  executable: string | string[];
  argv0?: 'path' | 'name';
  args: TemplateItem[];
  parents: Array<{ executable: string; args?: TemplateItem[]; account?: ParentSpec['account']; weight?: number }>;
  account?: OsForm['account'];
  integrity?: OsForm['integrity'];
  workingDirectory?: string;
  pe?: { originalFileName: string; description?: string; product?: string; company?: string; fileVersion?: string };
}

export interface RawPopulation {
  id: string;
  title: string;
  label: DeclarativePopulation['label'];
  program: string;
  hostProfile?: DeclarativePopulation['hostProfile'];
  summary: string;
  sources: SourceCitation[];
  windows?: RawOsForm;
  linux?: RawOsForm;
  macos?: RawOsForm;
}

export type Locator = (path: Array<string | number>) => SourceLocation;

const OSES: readonly OsFamily[] = ['windows', 'linux', 'macos'];

export function toPrograms(raw: Record<string, RawProgram> | undefined): Record<string, ProgramSpec> {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([id, p]) => [id, { id, title: p.title, traits: [...p.traits], check: { ...p.check } }]));
}

function toForm(os: OsFamily, raw: RawOsForm): OsForm {
  const form: OsForm = {
    executable: Array.isArray(raw.executable) ? [...raw.executable] : [raw.executable],
    argv0: raw.argv0 ?? 'path',
    args: raw.args,
    parents: raw.parents.map((p) => ({ executable: p.executable, args: p.args ?? [], weight: p.weight ?? 1, ...(p.account ? { account: p.account } : {}) })),
    account: raw.account ?? 'person',
  };
  if (raw.integrity !== undefined) form.integrity = raw.integrity;
  if (raw.workingDirectory !== undefined) form.workingDirectory = raw.workingDirectory;
  if (raw.pe !== undefined) {
    const name = raw.pe.originalFileName;
    form.pe = { originalFileName: name, description: raw.pe.description ?? name, product: raw.pe.product ?? name, company: raw.pe.company ?? '', fileVersion: raw.pe.fileVersion ?? '1.0.0.0' };
  }
  if (os !== 'windows') delete form.integrity;
  return form;
}

export function toPopulations(raw: RawPopulation[] | undefined, at: Locator): DeclarativePopulation[] {
  return (raw ?? []).map((p, i) => {
    const forms: DeclarativePopulation['forms'] = {};
    for (const os of OSES) {
      const form = p[os];
      if (form !== undefined) forms[os] = toForm(os, form);
    }
    return { id: p.id, title: p.title, label: p.label, program: p.program, hostProfile: p.hostProfile ?? 'workstation', summary: p.summary, sources: p.sources.map((s) => ({ ...s })), forms, location: at(['populations', i]) };
  });
}

export interface Issue {
  message: string;
  location: SourceLocation;
}

/** Problems in the declarative populations themselves (programs named, forms present, placeholders), and the ids of the populations that have any. */
export function populationIssues(populations: readonly DeclarativePopulation[], raw: RawPopulation[] | undefined, programs: Readonly<Record<string, ProgramSpec>>, builtInIds: ReadonlySet<string>, at: Locator): { issues: Issue[]; broken: Set<string> } {
  const issues: Issue[] = [];
  const broken = new Set<string>();
  const seen = new Map<string, number>();
  populations.forEach((population, i) => {
    const before = issues.length;
    const where = `populations[${i}]`;
    const earlier = seen.get(population.id);
    if (earlier !== undefined) issues.push({ message: `${where}.id: duplicate population id '${population.id}' (first used by populations[${earlier}])`, location: at(['populations', i, 'id']) });
    else seen.set(population.id, i);
    if (builtInIds.has(population.id)) issues.push({ message: `${where}.id: '${population.id}' is a built-in population; expected another id`, location: at(['populations', i, 'id']) });
    if (programs[population.program] === undefined) {
      const known = Object.keys(programs);
      issues.push({ message: `${where}.program: no program '${population.program}' in the pack's programs; expected one of: ${known.length > 0 ? known.join(', ') : '(none defined: add a programs: entry)'}`, location: at(['populations', i, 'program']) });
    }
    if (Object.keys(population.forms).length === 0) issues.push({ message: `${where}: expected at least one OS form (windows, linux or macos)`, location: at(['populations', i]) });
    const rawPopulation = raw?.[i];
    for (const os of OSES) {
      const form = rawPopulation?.[os];
      if (form === undefined) continue;
      const base = ['populations', i, os];
      const executables = Array.isArray(form.executable) ? form.executable : [form.executable];
      executables.forEach((e, j) => {
        for (const message of placeholderProblems(e)) issues.push({ message: `${where}.${os}.executable: ${message}`, location: at(Array.isArray(form.executable) ? [...base, 'executable', j] : [...base, 'executable']) });
        if (os === 'windows' && !/^[A-Za-z]:\\|^\{/.test(e)) issues.push({ message: `${where}.${os}.executable: expected an absolute Windows path (C:\\…) or one starting with a placeholder such as {home}`, location: at([...base, 'executable']) });
        if (os !== 'windows' && !/^\/|^\{/.test(e)) issues.push({ message: `${where}.${os}.executable: expected an absolute path (/…) or one starting with a placeholder such as {home}`, location: at([...base, 'executable']) });
      });
      for (const problem of templateProblems(form.args)) issues.push({ message: `${where}.${os}.args: ${problem.message}`, location: at([...base, 'args', ...problem.path]) });
      form.parents.forEach((parent, j) => {
        for (const message of placeholderProblems(parent.executable)) issues.push({ message: `${where}.${os}.parents[${j}].executable: ${message}`, location: at([...base, 'parents', j, 'executable']) });
        for (const problem of templateProblems(parent.args ?? [])) issues.push({ message: `${where}.${os}.parents[${j}].args: ${problem.message}`, location: at([...base, 'parents', j, 'args', ...problem.path]) });
      });
      if (form.workingDirectory !== undefined) for (const message of placeholderProblems(form.workingDirectory)) issues.push({ message: `${where}.${os}.workingDirectory: ${message}`, location: at([...base, 'workingDirectory']) });
    }
    if (issues.length > before) broken.add(population.id);
  });
  return { issues, broken };
}
