// host.os as Elastic Defend reports it (sample_event.json: name "Windows", family, type, platform,
// version "<release> (<build>)", full, Ext.variant).
import type { CanonicalEvent } from '../../canonical-event.js';
import { hostBlock } from './shared-blocks.js';

/** host.os as Elastic Defend reports it: one frozen block per host and OS (shared-blocks.ts). */
export function defendHostOs(event: CanonicalEvent): Record<string, unknown> {
  return hostBlock(event.host, `defendHostOs\u0000${event.os}`, () => buildDefendHostOs(event));
}

function buildDefendHostOs(event: CanonicalEvent): Record<string, unknown> {
  const info = event.host.osInfo ?? { name: event.os, version: '', kernel: '', platform: event.os };
  if (event.os === 'windows') {
    const version = `${info.version} (${info.kernel})`;
    return { Ext: { variant: info.name }, kernel: version, name: 'Windows', family: 'windows', type: 'windows', version, platform: 'windows', full: `${info.name} ${version}` };
  }
  if (event.os === 'macos') {
    return { Ext: { variant: 'Darwin' }, kernel: info.kernel, name: 'macOS', family: 'darwin', type: 'macos', version: info.version, platform: 'macos', full: `macOS ${info.version}` };
  }
  const version = info.version.split(' ')[0] ?? info.version;
  return { Ext: { variant: info.name }, kernel: info.kernel, name: 'Linux', family: info.platform, type: 'linux', version, platform: info.platform, full: `${info.name} ${version}` };
}

/**
 * The host block the Beats / Elastic Agent `add_host_metadata` processor writes (on by default for
 * log inputs: https://www.elastic.co/docs/reference/fleet/add_host_metadata-processor; shape from that
 * page: architecture, name, id, os.{family,type,build,platform,version,kernel,name}, ip[], mac[]).
 * On Windows go-sysinfo reports version "10.0", the kernel build, and build = the kernel's last two parts.
 */
export function beatHostMetadata(event: CanonicalEvent): Record<string, unknown> {
  return hostBlock(event.host, `beatHostMetadata\u0000${event.os}`, () => buildBeatHostMetadata(event));
}

function buildBeatHostMetadata(event: CanonicalEvent): Record<string, unknown> {
  const info = event.host.osInfo ?? { name: event.os, version: '', kernel: '', platform: event.os };
  const os: Record<string, unknown> =
    event.os === 'windows'
      ? { build: info.kernel.split('.').slice(2).join('.'), family: 'windows', kernel: info.kernel, name: info.name, platform: 'windows', type: 'windows', version: '10.0' }
      : event.os === 'macos'
        ? { build: info.kernel, family: 'darwin', kernel: info.kernel, name: 'macOS', platform: 'darwin', type: 'macos', version: info.version }
        : { codename: /\(([^)]*)\)/.exec(info.version)?.[1]?.split(' ')[0]?.toLowerCase() ?? '', family: info.platform === 'rhel' || info.platform === 'fedora' ? 'redhat' : 'debian', kernel: info.kernel, name: info.name, platform: info.platform, type: 'linux', version: info.version };
  return {
    architecture: event.host.architecture ?? 'x86_64',
    hostname: event.host.name,
    id: event.host.id,
    ip: [event.host.ip],
    mac: [(event.host.mac ?? '00:00:00:00:00:00').replace(/:/g, '-').toUpperCase()],
    name: event.host.name,
    os,
  };
}
