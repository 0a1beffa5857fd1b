// host.os as Elastic Defend reports it (sample_event.json: name "Windows", family, type, platform,
// version "<release> (<build>)", full, Ext.variant).
import type { CanonicalEvent } from '../../canonical-event.js';

export function defendHostOs(event: CanonicalEvent): Record<string, unknown> {
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

/** host.os.type values (ECS). */
export function osType(event: CanonicalEvent): 'windows' | 'linux' | 'macos' {
  return event.os;
}
