// Typed option values. Every host address, port, path and file descriptor in a QEMU command line is
// kept as data (not pre-rendered text), so that one model renders the realistic command line and the
// QEMU acceptance test can rewrite exactly the resources (external hosts, ports, paths, fds) it must.

export type AddressRole =
  | 'connect' // an outbound TCP connection (socket connect=, stream client, chardev tcp client)
  | 'listen' // a listening TCP socket (socket listen=, chardev server)
  | 'udp-remote'
  | 'udp-local'
  | 'mcast'
  | 'vnc';

/** `host:port`; an empty host means "any address" the way QEMU reads `:8443`. */
export interface HostPort {
  $v: 'hostport';
  host: string;
  port: number;
  role: AddressRole;
}

/** A host alone, for options that split host and port (`addr.host=…`, `remote.host=…`). */
export interface HostOnly {
  $v: 'host';
  host: string;
  role: AddressRole;
}

/** A port alone (`addr.port=…`, `remote.port=…`). */
export interface PortOnly {
  $v: 'port';
  port: number;
  role: AddressRole;
}

export type PathRole =
  | 'unix-listen' // QEMU creates and listens on the UNIX socket
  | 'unix-connect' // QEMU connects to an existing UNIX socket
  | 'file-write' // log, serial or pid file QEMU writes
  | 'disk' // guest disk image QEMU opens
  | 'config' // a -readconfig file
  | 'firmware'
  | 'other';

export interface PathValue {
  $v: 'path';
  path: string;
  role: PathRole;
}

export type FdRole = 'tap' | 'vhost' | 'socket' | 'chardev';

/** A file descriptor inherited from the parent (libvirt, socket_vmnet, Podman hand these over). */
export interface FdValue {
  $v: 'fd';
  fd: number;
  role: FdRole;
}

/** `hostfwd=[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport` (qemu-system(1), -netdev user). */
export interface HostFwd {
  $v: 'hostfwd';
  proto: 'tcp' | 'udp' | '';
  hostAddr: string;
  hostPort: number;
  guestAddr: string;
  guestPort: number;
}

/** `guestfwd=[tcp]:server:port-dev` or `…-cmd:command` (qemu-system(1), -netdev user). */
export interface GuestFwd {
  $v: 'guestfwd';
  server: string;
  port: number;
  target: { kind: 'cmd'; command: string } | { kind: 'chardev'; spec: ChardevSpec };
}

/** A character device spec as -serial / -monitor / -qmp take it: `tcp:h:p,server,nowait`, `unix:path,…`, `stdio`. */
export interface ChardevSpec {
  $v: 'chardev';
  backend: 'tcp' | 'telnet' | 'unix' | 'file' | 'stdio' | 'mon:stdio' | 'none' | 'null' | 'chardev';
  address?: HostPort;
  path?: PathValue;
  /** For `chardev:<id>`. */
  ref?: string;
  flags: Prop[];
}

export type Value = string | HostPort | HostOnly | PortOnly | PathValue | FdValue | HostFwd | GuestFwd | ChardevSpec;

/** One `key=value` (or bare `key`, value null) inside a comma-separated option string. */
export interface Prop {
  key: string;
  value: Value | null;
}

export function hostPort(host: string, port: number, role: AddressRole): HostPort {
  return { $v: 'hostport', host, port, role };
}

export function hostOnly(host: string, role: AddressRole): HostOnly {
  return { $v: 'host', host, role };
}

export function portOnly(port: number, role: AddressRole): PortOnly {
  return { $v: 'port', port, role };
}

export function pathValue(path: string, role: PathRole): PathValue {
  return { $v: 'path', path, role };
}

export function fdValue(fd: number, role: FdRole): FdValue {
  return { $v: 'fd', fd, role };
}

export function hostFwd(hostPortNumber: number, guestPort: number, options: Partial<Omit<HostFwd, '$v' | 'hostPort' | 'guestPort'>> = {}): HostFwd {
  return {
    $v: 'hostfwd',
    proto: options.proto ?? 'tcp',
    hostAddr: options.hostAddr ?? '',
    hostPort: hostPortNumber,
    guestAddr: options.guestAddr ?? '',
    guestPort,
  };
}

export function prop(key: string, value: Value | null = null): Prop {
  return { key, value };
}

export function isTyped(value: unknown): value is Exclude<Value, string> {
  return typeof value === 'object' && value !== null && '$v' in value;
}

function renderHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function renderHostPort(value: HostPort): string {
  return `${renderHost(value.host)}:${value.port}`;
}

export function renderHostFwd(value: HostFwd): string {
  return `${value.proto}:${value.hostAddr}:${value.hostPort}-${value.guestAddr}:${value.guestPort}`;
}

export function renderChardev(spec: ChardevSpec): string {
  let head: string;
  switch (spec.backend) {
    case 'tcp':
    case 'telnet':
      head = `${spec.backend}:${spec.address ? renderHostPort(spec.address) : ''}`;
      break;
    case 'unix':
    case 'file':
      head = `${spec.backend}:${spec.path?.path ?? ''}`;
      break;
    case 'chardev':
      head = `chardev:${spec.ref ?? ''}`;
      break;
    default:
      head = spec.backend;
  }
  const flags = spec.flags.map((flag) => (flag.value === null ? flag.key : `${flag.key}=${renderValue(flag.value)}`));
  return [head, ...flags].join(',');
}

export function renderValue(value: Value): string {
  if (typeof value === 'string') return value;
  switch (value.$v) {
    case 'hostport':
      return renderHostPort(value);
    case 'host':
      return value.host;
    case 'port':
      return String(value.port);
    case 'path':
      return value.path;
    case 'fd':
      return String(value.fd);
    case 'hostfwd':
      return renderHostFwd(value);
    case 'guestfwd': {
      const target = value.target.kind === 'cmd' ? `cmd:${value.target.command}` : renderChardev(value.target.spec);
      return `tcp:${value.server}:${value.port}-${target}`;
    }
    case 'chardev':
      return renderChardev(value);
  }
}
