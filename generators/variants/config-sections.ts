// Shared by the -readconfig and default-config variants: keyval -netdev options as config sections.
import type { ConfigSection } from '../qemu/model.js';
import type { Value } from '../qemu/values.js';
import { headOf, idOf, type KeyvalOption } from './network-options.js';

export function netdevSections(netdevs: readonly KeyvalOption[]): ConfigSection[] {
  return netdevs.map((option) => ({
    group: 'netdev',
    id: idOf(option),
    entries: [['type', headOf(option)], ...option.props.filter((p) => p.key !== 'id').map((p): [string, Value] => [p.key, p.value ?? 'on'])],
  }));
}
