// Queries and rewrites on the network part of a QEMU invocation, shared by the variant operators.
import { cloneInvocation, type QemuInvocation, type QemuOption } from '../qemu/model.js';
import type { Launch } from '../populations/population.js';
import type { HostPort, Prop, Value } from '../qemu/values.js';

export type KeyvalOption = Extract<QemuOption, { kind: 'opts' }>;

export function isNetdev(option: QemuOption): boolean {
  return option.name === 'netdev' && (option.kind === 'opts' || option.kind === 'json');
}

export function keyvalNetdevs(invocation: QemuInvocation): KeyvalOption[] {
  return invocation.options.filter((o): o is KeyvalOption => o.name === 'netdev' && o.kind === 'opts');
}

export function headOf(option: KeyvalOption): string {
  return typeof option.head === 'string' ? option.head : '';
}

export function propOf(option: KeyvalOption, key: string): Value | null | undefined {
  return option.props.find((p) => p.key === key)?.value;
}

export function idOf(option: KeyvalOption): string {
  const id = propOf(option, 'id');
  return typeof id === 'string' ? id : '';
}

export function hasProp(option: KeyvalOption, key: string, value?: string): boolean {
  return option.props.some((p) => p.key === key && (value === undefined || p.value === value));
}

/** Copy a launch with a fresh invocation, ready for an operator to modify. */
export function cloneLaunch(launch: Launch): Launch {
  return {
    ...launch,
    invocation: cloneInvocation(launch.invocation),
    parent: { ...launch.parent, argv: [...launch.parent.argv] },
    commandLineEdits: [...launch.commandLineEdits],
    parentCommandLineEdits: [...launch.parentCommandLineEdits],
  };
}

/** NIC -device options wired to `netdevId` (keyval `netdev=` or JSON `"netdev"`). */
export function devicesFor(invocation: QemuInvocation, netdevId: string): QemuOption[] {
  return invocation.options.filter((o) => {
    if (o.name !== 'device') return false;
    if (o.kind === 'opts') return o.props.some((p) => p.key === 'netdev' && p.value === netdevId);
    if (o.kind === 'json') return o.value.netdev === netdevId;
    return false;
  });
}

export function deviceModel(option: QemuOption): string {
  if (option.kind === 'opts') return typeof option.head === 'string' ? option.head : 'e1000';
  if (option.kind === 'json') return typeof option.value.driver === 'string' ? option.value.driver : 'e1000';
  return 'e1000';
}

export function deviceMac(option: QemuOption): string | undefined {
  if (option.kind === 'opts') {
    const mac = option.props.find((p) => p.key === 'mac')?.value;
    return typeof mac === 'string' ? mac : undefined;
  }
  if (option.kind === 'json') return typeof option.value.mac === 'string' ? option.value.mac : undefined;
  return undefined;
}

export function socketConnect(invocation: QemuInvocation): { option: KeyvalOption; address: HostPort } | undefined {
  for (const option of keyvalNetdevs(invocation)) {
    if (headOf(option) !== 'socket') continue;
    const value = propOf(option, 'connect');
    if (typeof value === 'object' && value !== null && value.$v === 'hostport') return { option, address: value };
  }
  return undefined;
}

export function userNetdevsWithHostfwd(invocation: QemuInvocation): KeyvalOption[] {
  return keyvalNetdevs(invocation).filter((o) => headOf(o) === 'user' && o.props.some((p) => p.key === 'hostfwd'));
}

export function replaceOption(invocation: QemuInvocation, target: QemuOption, replacements: QemuOption[]): void {
  const index = invocation.options.indexOf(target);
  if (index === -1) throw new Error('option to replace is not in the invocation');
  invocation.options.splice(index, 1, ...replacements);
}

export function removeOptions(invocation: QemuInvocation, targets: readonly QemuOption[]): void {
  invocation.options = invocation.options.filter((o) => !targets.includes(o));
}

export function withoutProps(props: Prop[], key: string): Prop[] {
  return props.filter((p) => p.key !== key);
}

/** Index of the first network option (-netdev/-nic/-net/-device/-readconfig), or the end. */
export function firstNetworkIndex(invocation: QemuInvocation): number {
  const index = invocation.options.findIndex((o) => ['netdev', 'nic', 'net', 'device', 'readconfig'].includes(o.name));
  return index === -1 ? invocation.options.length : index;
}
