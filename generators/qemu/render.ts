// Model → argv, and config sections → QEMU config-file text.
import type { ConfigFile, JsonNode, QemuInvocation, QemuOption } from './model.js';
import { isTyped, renderValue, type Prop, type Value } from './values.js';

/**
 * QemuOpts value escaping: a literal comma inside a value is written as two commas
 * (qemu-system(1): "comma separated options ... to include a comma, double it").
 */
export function escapeOptValue(text: string): string {
  return text.includes(',') ? text.replaceAll(',', ',,') : text;
}

function renderProp(p: Prop): string {
  return p.value === null ? p.key : p.key + '=' + escapeOptValue(renderValue(p.value));
}

export function renderProps(head: Value | null, props: Prop[]): string {
  // Most options have a head and at most one property: no parts array for those.
  const first = head === null ? null : escapeOptValue(renderValue(head));
  if (props.length === 0) return first ?? '';
  if (props.length === 1 && first === null) return renderProp(props[0] as Prop);
  // Sized once (growing an array by push copies its store several times for a long option).
  const offset = first === null ? 0 : 1;
  const parts = new Array<string>(props.length + offset);
  if (first !== null) parts[0] = first;
  for (let i = 0; i < props.length; i++) parts[i + offset] = renderProp(props[i] as Prop);
  // join gives one flat string: the argv entry is kept in the event and written once per data source.
  return parts.join(',');
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return isTyped(value) ? renderValue(value) : value;
}

export function renderJson(value: JsonNode): string {
  return JSON.stringify(value, jsonReplacer);
}

function optionName(option: Exclude<QemuOption, { kind: 'positional' }>): string {
  return (option.kind !== 'foreign' && option.dashes === 2 ? '--' : '-') + option.name;
}

export function renderOption(option: QemuOption): string[] {
  switch (option.kind) {
    case 'flag':
      return [optionName(option)];
    case 'arg':
      return [optionName(option), renderValue(option.value)];
    case 'opts':
      return [optionName(option), renderProps(option.head, option.props)];
    case 'json':
      return [optionName(option), renderJson(option.value)];
    case 'foreign':
      return [optionName(option), ...option.values.map(renderValue)];
    case 'positional':
      return [renderValue(option.value)];
  }
}

/** Appends one option's argv entries (renderOption's, without building an array per option). */
function pushOption(argv: string[], option: QemuOption): void {
  switch (option.kind) {
    case 'flag':
      argv.push(optionName(option));
      return;
    case 'arg':
      argv.push(optionName(option), renderValue(option.value));
      return;
    case 'opts':
      argv.push(optionName(option), renderProps(option.head, option.props));
      return;
    case 'positional':
      argv.push(renderValue(option.value));
      return;
    default:
      for (const part of renderOption(option)) argv.push(part);
  }
}

// Argv templates: a population's options that are the same in every launch (`-nographic`,
// `-device virtio-rng-pci`, the tunnel's hubports) are built once, at module load, as constant options
// and rendered once here; each launch shares them. They are frozen, so an operator that edits an option
// in place must work on a copy (cloneInvocation copies every option, and a copy is rendered afresh).
const prerendered = new WeakMap<QemuOption, readonly string[]>();

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** `option`, frozen with everything it holds, and rendered once: every launch that lists it shares the text. */
export function constantOption<T extends QemuOption>(option: T): T {
  deepFreeze(option);
  prerendered.set(option, Object.freeze(renderOption(option)));
  return option;
}

/** The argv QEMU's main() receives: argv[0] as the launcher spelled it, then every option. */
export function renderArgv(invocation: QemuInvocation): string[] {
  // A packed array (not pre-sized, which would make it holey): every renderer reads it per event.
  const argv = [invocation.binary.argv0];
  for (const option of invocation.options) {
    const entries = prerendered.get(option);
    if (entries === undefined) pushOption(argv, option);
    else for (const entry of entries) argv.push(entry);
  }
  return argv;
}

/**
 * QEMU's config-file syntax (docs/system/invocation: -readconfig / -writeconfig): one
 * `[group "id"]` header per section and `key = "value"` lines, values in double quotes.
 */
export function renderConfigFile(file: ConfigFile): string {
  const lines: string[] = [];
  for (const section of file.sections) {
    lines.push(`[${section.group} "${section.id}"]`);
    for (const [key, value] of section.entries) lines.push(`  ${key} = "${renderValue(value)}"`);
    lines.push('');
  }
  return lines.join('\n');
}
