// The public evidence the evasion variants rest on, in one place: QEMU's own documentation and
// source (what the option syntax is), the vendors' documentation (how a command line reaches the
// telemetry), and the reports the attacks come from. Each variant cites the ones its rewrite relies on.
import type { SourceRef } from '../populations/population.js';

/** QEMU's option reference: the Invocation page is generated from qemu-options.hx. */
export const QEMU_INVOCATION: SourceRef = {
  title: 'QEMU documentation, Invocation (generated from qemu-options.hx)',
  url: 'https://www.qemu.org/docs/master/system/invocation.html',
  repo: 'qemu/qemu',
  path: 'qemu-options.hx',
  confidence: 'source',
};

export const QEMU_BOOLEAN_VALUES: SourceRef = {
  title: 'QEMU boolean option values: on/yes/true/y and off/no/false/n (qapi_bool_parse)',
  repo: 'qemu/qemu',
  path: 'qapi/qapi-util.c',
  confidence: 'source',
};

export const QEMU_DOUBLE_DASH: SourceRef = {
  title: 'QEMU reads --foo as -foo (lookup_opt: "Treat --foo the same as -foo"; system/vl.c in later releases)',
  repo: 'qemu/qemu',
  path: 'softmmu/vl.c',
  confidence: 'source',
};

export const QEMU_NETDEV_SCHEMA: SourceRef = {
  title: 'QEMU qapi/net.json (Netdev, NetdevUserOptions, NetdevSocketOptions, NetdevStreamOptions, NetdevDgramOptions)',
  repo: 'qemu/qemu',
  path: 'qapi/net.json',
  confidence: 'source',
};

export const QEMU_MONITOR_HOSTFWD: SourceRef = {
  title: 'QEMU monitor command hostfwd_add',
  url: 'https://www.qemu.org/docs/master/system/monitor.html',
  repo: 'qemu/qemu',
  path: 'hmp-commands.hx',
  confidence: 'source',
};

export const QEMU_REMOVED_REDIR: SourceRef = {
  title: 'QEMU removed features: -redir (removed in 3.1)',
  repo: 'qemu/qemu',
  path: 'docs/about/removed-features.rst',
  confidence: 'source',
};

export const QEMU_WINDOWS_BUILDS: SourceRef = {
  title: "Stefan Weil's QEMU for Windows builds (qemu-system-<target>.exe and the …w.exe GUI twin)",
  url: 'https://qemu.weilnetz.de/',
  confidence: 'source',
};

export const MS_CMD_ESCAPE: SourceRef = {
  title: 'Microsoft, cmd: the caret (^) escapes the next character',
  url: 'https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/cmd',
  confidence: 'source',
};

export const SECURELIST_QEMU: SourceRef = {
  title: 'Securelist, Network tunneling with… QEMU? (2024)',
  url: 'https://securelist.com/network-tunneling-with-qemu/111803/',
  confidence: 'secondary',
};

export const RENAMED_QEMU_REPORTS: readonly SourceRef[] = [
  { title: 'TrustedSec, Hiding in the Shadows: Covert Tunnels via QEMU Virtualization (2025): QEMU renamed stl.exe', confidence: 'secondary' },
  { title: 'Securonix Threat Research, CRON#TRAP (2024): QEMU renamed fontdiag.exe', confidence: 'secondary' },
];
