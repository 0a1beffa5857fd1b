// Turns a generated QEMU invocation into one the local qemu-system-x86_64 can start safely: the same
// options (network back ends, devices, monitors, syntax) with every external resource made local.
// What changes and why (each change is listed in the plan's notes):
//   - hosts QEMU connects to → 127.0.0.1 and a TCP listener the test runs; listening ports, hostfwd
//     host ports and UDP ports → free local ports; VNC displays → a free display;
//   - paths → files and UNIX sockets in a temporary directory (QEMU-connected sockets get a listener);
//   - inherited fds → sockets handed to the child at those fd numbers;
//   - guest disks, firmware, kernels, -cpu, -accel / -enable-kvm and -machine are dropped or replaced
//     (`-machine pc` or `microvm` for virtio-*-device, `-accel tcg`): they need images and hardware
//     that are not there and do not touch networking; display back ends other than none/VNC become
//     `-display none`;
//   - `-S` keeps the CPUs stopped; a QMP socket tells the test that QEMU finished starting up;
//     `-daemonize` gets a `-pidfile` so the daemon can be stopped.
// Options QEMU 7.2 on Linux cannot run as generated (other platforms, removed options, fds that must
// be tap devices) get an explicit expected rejection, and a substitute plan checks everything else.
import { existsSync } from 'node:fs';
import type { ConfigFile, JsonNode, QemuInvocation, QemuOption } from '../../../generators/qemu/model.js';
import { renderConfigFile, renderOption } from '../../../generators/qemu/render.js';
import type { ChardevSpec, FdRole, Prop, Value } from '../../../generators/qemu/values.js';

export interface LocalEnv {
  dir: string;
  /** Port of a TCP listener the test runs, for every outbound connection. */
  connectPort: number;
  freePort(): Promise<number>;
  /** A tap interface name unique to this run (≤ 15 characters). */
  tapName(): string;
  /** Whether QEMU can create tap interfaces here (root with /dev/net/tun). */
  tunUsable: boolean;
}

export type Expectation = { accept: true } | { accept: false; stderr: RegExp; why: string };

export interface LocalPlan {
  /** The system emulator to start (by the invocation's target architecture, when installed). */
  binary: string;
  args: string[];
  files: Array<{ path: string; content: string }>;
  /** fd number → what to hand over there. */
  fds: Map<number, 'socket' | 'listening-socket'>;
  /** UNIX socket paths QEMU connects to: the test must listen there first. */
  unixListeners: string[];
  qmpSocket: string;
  pidfile?: string;
  daemonize: boolean;
  expect: Expectation;
  notes: string[];
}

/** `exact`: the generated options as they are; `substitute`: platform-only parts swapped for runnable ones. */
export type PlanMode = 'exact' | 'substitute';

const DROPPED = new Set(['drive', 'hda', 'hdb', 'hdc', 'hdd', 'cdrom', 'blockdev', 'bios', 'pflash', 'kernel', 'initrd', 'append', 'cpu', 'accel', 'enable-kvm', 'machine', 'M']);
const STORAGE_DEVICES = /^(virtio-blk|ide-|scsi-hd|scsi-cd|nvme|usb-storage|virtio-9p)/;
const DISPLAY_OPTIONS = new Set(['display', 'nographic', 'vnc', 'curses', 'sdl']);

interface Failure {
  stderr: RegExp;
  why: string;
}

class Localizer {
  readonly notes: string[] = [];
  readonly files: Array<{ path: string; content: string }> = [];
  readonly fds = new Map<number, 'socket' | 'listening-socket'>();
  readonly unixListeners: string[] = [];
  readonly failures: Failure[] = [];
  private readonly paths = new Map<string, string>();
  private counter = 0;

  constructor(private readonly env: LocalEnv) {}

  private localPath(original: string, role: string): string {
    const known = this.paths.get(original);
    if (known !== undefined) return known;
    const local = `${this.env.dir}/${role.slice(0, 6)}${++this.counter}${role.startsWith('unix') ? '.sock' : ''}`;
    this.paths.set(original, local);
    if (role === 'unix-connect') this.unixListeners.push(local);
    this.notes.push(`path ${original} → ${local}`);
    return local;
  }

  private static localHost(host: string): string {
    return host === '' || host === '0.0.0.0' || host === '::' ? host : '127.0.0.1';
  }

  async value(value: Value, context: { fdRole?: FdRole; listening?: boolean } = {}): Promise<Value> {
    if (typeof value === 'string') return value;
    switch (value.$v) {
      case 'hostport': {
        if (value.role === 'connect') return { ...value, host: '127.0.0.1', port: this.env.connectPort };
        if (value.role === 'mcast') return { ...value, port: await this.env.freePort() };
        if (value.role === 'vnc') {
          const display = (await this.freePortAbove(5900)) - 5900;
          return { ...value, host: '127.0.0.1', port: display };
        }
        return { ...value, host: value.role === 'listen' ? Localizer.localHost(value.host) : '127.0.0.1', port: await this.env.freePort() };
      }
      case 'host':
        return { ...value, host: value.role === 'mcast' ? value.host : value.role === 'listen' ? Localizer.localHost(value.host) : '127.0.0.1' };
      case 'port':
        return { ...value, port: value.role === 'connect' ? this.env.connectPort : await this.env.freePort() };
      case 'path':
        return { ...value, path: this.localPath(value.path, value.role) };
      case 'fd':
        this.fds.set(value.fd, value.role === 'chardev' && context.listening ? 'listening-socket' : 'socket');
        if (value.role === 'tap' || value.role === 'vhost') {
          this.failures.push({
            stderr: /TUNGETIFF|could not (open|configure)|vhost/i,
            why: `fd=${value.fd} must be a tap device the launcher opened with TUNSETIFF (net/tap.c queries it with TUNGETIFF); the test can only hand over a socket`,
          });
        }
        return value;
      case 'hostfwd':
        return { ...value, hostAddr: value.hostAddr === '' ? '' : '127.0.0.1', hostPort: await this.env.freePort() };
      case 'guestfwd':
        return value.target.kind === 'cmd' ? value : { ...value, target: { kind: 'chardev', spec: (await this.value(value.target.spec)) as ChardevSpec } };
      case 'chardev': {
        const listening = value.flags.some((f) => f.key === 'server' && f.value !== 'off');
        const address = value.address ? ((await this.value({ ...value.address, role: listening ? 'listen' : 'connect' })) as typeof value.address) : undefined;
        const path = value.path ? ((await this.value({ ...value.path, role: value.backend === 'unix' ? (listening ? 'unix-listen' : 'unix-connect') : value.path.role })) as typeof value.path) : undefined;
        const flags = await this.props(value.flags, listening);
        return { ...value, ...(address ? { address } : {}), ...(path ? { path } : {}), flags };
      }
    }
  }

  private async freePortAbove(floor: number): Promise<number> {
    for (;;) {
      const port = await this.env.freePort();
      if (port > floor && port - floor < 65000) return port;
    }
  }

  async props(props: Prop[], listening: boolean): Promise<Prop[]> {
    const out: Prop[] = [];
    for (const p of props) out.push({ key: p.key, value: p.value === null ? null : await this.value(p.value, { listening }) });
    return out;
  }

  async json(node: JsonNode, listening: boolean): Promise<JsonNode> {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return Promise.all(node.map((n) => this.json(n, listening)));
    if ('$v' in node && typeof node.$v === 'string') return this.value(node as Value, { listening });
    const out: { [key: string]: JsonNode } = {};
    for (const [k, v] of Object.entries(node as { [key: string]: JsonNode })) out[k] = await this.json(v, listening);
    return out;
  }

  async configFile(file: ConfigFile): Promise<ConfigFile> {
    const sections = [];
    for (const section of file.sections) {
      const entries: Array<[string, Value]> = [];
      for (const [key, value] of section.entries) entries.push([key, await this.value(value)]);
      sections.push({ ...section, entries });
    }
    return { path: (await this.value(file.path)) as ConfigFile['path'], sections };
  }

  tapName(): string {
    return this.env.tapName();
  }

  get tunUsable(): boolean {
    return this.env.tunUsable;
  }
}

function netType(option: QemuOption): string | undefined {
  if (option.kind === 'opts') return typeof option.head === 'string' ? option.head : undefined;
  if (option.kind === 'json') return typeof option.value.type === 'string' ? option.value.type : undefined;
  return undefined;
}

function optsProp(option: QemuOption, key: string): Value | null | undefined {
  if (option.kind === 'opts') return option.props.find((p) => p.key === key)?.value;
  if (option.kind === 'json') return option.value[key] as Value | undefined;
  return undefined;
}

function isStorageDevice(option: QemuOption): boolean {
  if (option.name !== 'device') return false;
  const driver = option.kind === 'opts' ? option.head : option.kind === 'json' ? option.value.driver : undefined;
  return (typeof driver === 'string' && STORAGE_DEVICES.test(driver)) || optsProp(option, 'drive') !== undefined;
}

function deviceDriver(option: QemuOption): string {
  const driver = option.kind === 'opts' ? option.head : option.kind === 'json' ? option.value.driver : undefined;
  return typeof driver === 'string' ? driver : '';
}

/** A QEMU-opened tap in place of an inherited tap fd, and `user` in place of back ends Linux lacks. */
function substitute(option: QemuOption, local: Localizer): QemuOption {
  const type = netType(option);
  const id = optsProp(option, 'id');
  const idProps = typeof id === 'string' ? [{ key: 'id', value: id }] : [];
  if (type === 'tap' && (optsProp(option, 'fd') !== undefined || optsProp(option, 'fds') !== undefined)) {
    local.notes.push('substitute: tap fd= → tap,ifname=<new>,script=no,downscript=no (vhost off)');
    return { kind: 'opts', name: option.name, head: 'tap', props: [...idProps, { key: 'ifname', value: local.tapName() }, { key: 'script', value: 'no' }, { key: 'downscript', value: 'no' }] };
  }
  if (type !== undefined && (type.startsWith('vmnet') || type === 'bridge')) {
    local.notes.push(`substitute: ${type} → user`);
    return { kind: 'opts', name: option.name, head: 'user', props: idProps };
  }
  return option;
}

function expectNetBackend(option: QemuOption, local: Localizer): QemuOption {
  const type = netType(option);
  if (type === undefined) return option;
  if (type.startsWith('vmnet')) {
    local.failures.push({ stderr: /vmnet/, why: `${type} exists only in macOS builds (vmnet.framework, QEMU ≥ 7.1 on macOS)` });
  } else if (type === 'bridge') {
    local.failures.push({ stderr: /bridge helper|failed to (get|parse|add)|bridge/i, why: 'bridge needs qemu-bridge-helper allowed by /etc/qemu/bridge.conf and an existing host bridge' });
  } else if (type === 'tap' && optsProp(option, 'fd') === undefined && optsProp(option, 'fds') === undefined && option.kind === 'opts') {
    // QEMU creates the tap itself: give it a unique name and no host scripts.
    const props = option.props.filter((p) => !['ifname', 'script', 'downscript', 'br', 'helper'].includes(p.key));
    props.push({ key: 'ifname', value: local.tapName() }, { key: 'script', value: 'no' }, { key: 'downscript', value: 'no' });
    local.notes.push('tap: ifname → unique name, script=no,downscript=no');
    if (!local.tunUsable) local.failures.push({ stderr: /tun|tap/i, why: 'creating a tap needs root and /dev/net/tun' });
    return { ...option, props };
  }
  return option;
}

async function localOption(option: QemuOption, local: Localizer, mode: PlanMode): Promise<QemuOption | null> {
  if (option.kind === 'positional') {
    local.notes.push(`dropped positional ${JSON.stringify(option.value)} (disk image)`);
    return null;
  }
  if (option.kind === 'foreign') {
    if (mode === 'substitute') {
      local.notes.push(`substitute: dropped -${option.name} (${option.note})`);
      return null;
    }
    local.failures.push({ stderr: new RegExp(`-${option.name.replace(/[-]/g, '\\-')}: invalid option`), why: option.note });
    return option;
  }
  if (DROPPED.has(option.name) || isStorageDevice(option) || (option.name === 'fw_cfg' && optsProp(option, 'file') !== undefined)) {
    local.notes.push(`dropped -${option.name} (needs images or hardware absent here; not networking)`);
    return null;
  }
  if (option.name === 'display') {
    const head = option.kind === 'opts' ? option.head : option.kind === 'arg' ? option.value : null;
    if (head !== 'none') {
      local.notes.push(`-display ${JSON.stringify(head)} → none`);
      return { kind: 'arg', name: 'display', value: 'none', ...(option.dashes ? { dashes: option.dashes } : {}) };
    }
  }
  let out: QemuOption = option;
  if (['netdev', 'net', 'nic'].includes(option.name)) out = mode === 'substitute' ? substitute(out, local) : out;
  switch (out.kind) {
    case 'flag':
      return out;
    case 'arg':
      return { ...out, value: await local.value(out.value) };
    case 'opts': {
      const listening = out.props.some((p) => p.key === 'server' && p.value !== 'off');
      const head = out.head === null ? null : await local.value(out.head);
      out = { ...out, head, props: await local.props(out.props, listening) };
      return ['netdev', 'net', 'nic'].includes(out.name) ? expectNetBackend(out, local) : out;
    }
    case 'json': {
      out = { ...out, value: (await local.json(out.value, out.value.server === true || out.value.server === 'on')) as typeof out.value };
      return ['netdev', 'net', 'nic'].includes(out.name) ? expectNetBackend(out, local) : out;
    }
    default:
      return out;
  }
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(`${dir}/${name}`));
}

/** qemu-system-<arch> when installed; Debian's qemu-system-x86 has x86_64 and i386 only. */
function localBinary(invocation: QemuInvocation, notes: string[]): string {
  const wanted = `qemu-system-${invocation.binary.arch}`;
  if (onPath(wanted)) return wanted;
  notes.push(`${wanted} is not installed (Debian's qemu-system-x86 has x86_64 and i386): options checked with qemu-system-x86_64 and its PC machine`);
  return 'qemu-system-x86_64';
}

/** The local plan for `invocation`; `exact` keeps everything QEMU 7.2 may reject, `substitute` swaps it. */
export async function localPlan(invocation: QemuInvocation, env: LocalEnv, mode: PlanMode = 'exact'): Promise<LocalPlan> {
  const local = new Localizer(env);
  const options: QemuOption[] = [];
  for (const option of invocation.options) {
    const localOpt = await localOption(option, local, mode);
    if (localOpt !== null) options.push(localOpt);
  }
  for (const file of invocation.configFiles) {
    const localFile = await local.configFile(file);
    local.files.push({ path: localFile.path.path, content: renderConfigFile(localFile) });
  }
  if (invocation.defaultConfig) {
    // QEMU reads <sysconfdir>/qemu/qemu.conf with the -readconfig parser (softmmu/vl.c
    // qemu_read_default_config_file); the test must not write /etc, so it passes the same text by -readconfig.
    const localFile = await local.configFile(invocation.defaultConfig);
    local.files.push({ path: localFile.path.path, content: renderConfigFile(localFile) });
    options.push({ kind: 'arg', name: 'readconfig', value: localFile.path });
    local.notes.push(`default config ${invocation.defaultConfig.path.path} → -readconfig ${localFile.path.path}`);
  }
  const names = new Set(options.map((o) => o.name));
  const daemonize = names.has('daemonize');
  const virtioMmio = options.some((o) => o.name === 'device' && /-device$/.test(deviceDriver(o)));
  const added: QemuOption[] = [
    { kind: 'arg', name: 'machine', value: virtioMmio ? 'microvm' : 'pc' },
    { kind: 'arg', name: 'accel', value: 'tcg' },
  ];
  if (!names.has('S')) added.push({ kind: 'flag', name: 'S' });
  if (![...DISPLAY_OPTIONS].some((d) => names.has(d))) added.push({ kind: 'arg', name: 'display', value: 'none' });
  const qmpSocket = `${env.dir}/dth-qmp.sock`;
  added.push({ kind: 'arg', name: 'qmp', value: `unix:${qmpSocket},server=on,wait=off` });
  let pidfile: string | undefined;
  const pidOption = options.find((o) => o.name === 'pidfile');
  if (pidOption?.kind === 'arg' && typeof pidOption.value === 'object' && pidOption.value.$v === 'path') pidfile = pidOption.value.path;
  if (daemonize && pidfile === undefined) {
    pidfile = `${env.dir}/dth.pid`;
    added.push({ kind: 'arg', name: 'pidfile', value: pidfile });
  }
  const args = [...options, ...added].flatMap(renderOption);
  const unique = (list: string[]) => [...new Set(list)];
  const expect: Expectation =
    local.failures.length === 0
      ? { accept: true }
      : { accept: false, stderr: new RegExp(unique(local.failures.map((f) => f.stderr.source)).join('|'), 'i'), why: unique(local.failures.map((f) => f.why.replace(/fd=\d+/, 'an inherited fd'))).join('; ') };
  return { binary: localBinary(invocation, local.notes), args, files: local.files, fds: local.fds, unixListeners: local.unixListeners, qmpSocket, ...(pidfile ? { pidfile } : {}), daemonize, expect, notes: local.notes };
}

