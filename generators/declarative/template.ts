// argv templates: literal tokens with placeholders, option units (`{option, value}`), choices
// (`oneOf`, optionally weighted) and optional groups, expanded with the scenario's seeded Rng.
import type { ArgToken, TemplateItem } from './model.js';
import { fillPlaceholders, placeholderProblems, type PlaceholderEnv } from './placeholders.js';

function expandInto(item: TemplateItem | TemplateItem[], env: PlaceholderEnv, out: ArgToken[]): void {
  if (Array.isArray(item)) {
    for (const inner of item) expandInto(inner, env, out);
    return;
  }
  if (typeof item === 'string') {
    const text = fillPlaceholders(item, env);
    // A bare token starting with '-' is a flag (an option unit of its own); anything else an operand.
    out.push({ text, role: text.startsWith('-') && text.length > 1 ? 'option' : 'operand' });
    return;
  }
  if ('option' in item) {
    out.push({ text: fillPlaceholders(item.option, env), role: 'option' });
    if (item.value !== undefined) out.push({ text: fillPlaceholders(item.value, env), role: 'value' });
    return;
  }
  if ('oneOf' in item) {
    const choices = item.oneOf;
    const weights = item.weights ?? choices.map(() => 1);
    expandInto(env.rng.weighted(choices.map((c, i) => [weights[i] ?? 1, c] as const)), env, out);
    return;
  }
  if (env.rng.chance(item.p ?? 0.5)) expandInto(item.optional, env, out);
}

export function expandTemplate(items: readonly TemplateItem[], env: PlaceholderEnv): ArgToken[] {
  const out: ArgToken[] = [];
  for (const item of items) expandInto(item, env, out);
  return out;
}

/** Placeholder problems in every string of a template, each with the JSON path below the template. */
export function templateProblems(items: readonly TemplateItem[]): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const visit = (item: TemplateItem | TemplateItem[], path: Array<string | number>): void => {
    if (Array.isArray(item)) return item.forEach((inner, i) => visit(inner, [...path, i]));
    if (typeof item === 'string') {
      for (const message of placeholderProblems(item)) problems.push({ path, message });
      return;
    }
    if ('option' in item) {
      for (const message of placeholderProblems(item.option)) problems.push({ path: [...path, 'option'], message });
      if (item.value !== undefined) for (const message of placeholderProblems(item.value)) problems.push({ path: [...path, 'value'], message });
      return;
    }
    if ('oneOf' in item) {
      if (item.weights !== undefined && item.weights.length !== item.oneOf.length) problems.push({ path: [...path, 'weights'], message: `expected ${item.oneOf.length} weights, one per oneOf choice` });
      return item.oneOf.forEach((inner, i) => visit(inner, [...path, 'oneOf', i]));
    }
    visit(item.optional, [...path, 'optional']);
  };
  items.forEach((item, i) => visit(item, [i]));
  return problems;
}
