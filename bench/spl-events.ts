// Windows Security 4688 events rendered as Splunk stores them, for the SPL benchmark: XmlWinEventLog
// and classic WinEventLog text, by the generators' own renderers (generators/renderers/
// splunk-xmlwineventlog-4688.ts, splunk-wineventlog-4688.ts) from a canonical event built here, so the
// benchmark searches exactly what `dth run` generates. The stream of events comes from the project's
// seeded Rng, so a seed always gives the same events; about one in a thousand is a QEMU start, as a
// real fleet's noise would hold them.
import type { CanonicalEvent } from '../generators/canonical-event.js';
import { Rng } from '../generators/context/rng.js';
import { renderSplunkWinEventLog4688 } from '../generators/renderers/splunk-wineventlog-4688.js';
import { renderSplunkXmlWinEventLog4688 } from '../generators/renderers/splunk-xmlwineventlog-4688.js';
import type { SplunkRecord } from '../harness/model/records.js';

const EVERYDAY: [string, string[]][] = [
  ['C:\\Windows\\System32\\cmd.exe', ['/c dir', '/c echo %TEMP%', '/c whoami', '/c ipconfig /all', '/c start.bat']],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', ['-NoProfile -Command Get-Process', '-ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1', '-Command "Get-Service | Where-Object Status -eq Running"']],
  ['C:\\Windows\\System32\\svchost.exe', ['-k netsvcs -p -s Schedule', '-k LocalService -p -s EventLog', '-k NetworkService -p']],
  ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', ['--type=renderer --lang=en-US --field-trial-handle=1784', '--type=gpu-process --gpu-preferences=UAAAAAAAAADg', '--no-startup-window']],
  ['C:\\Windows\\System32\\conhost.exe', ['0xffffffff -ForceV1']],
  ['C:\\Windows\\System32\\taskhostw.exe', ['{222A245B-E637-4AE9-A93F-A59CA119A75E}']],
  ['C:\\Program Files\\Git\\cmd\\git.exe', ['fetch --all --prune', 'status --porcelain', 'log -n 20 --oneline']],
  ['C:\\Windows\\System32\\net.exe', ['use Z: \\\\fileserver\\share', 'user jdoe /domain']],
];

const QEMU: string[] = [
  '-m 2048 -netdev user,id=n0,hostfwd=tcp::2222-:22 -device e1000,netdev=n0 -nographic',
  '-m 1M -netdev user,id=lan,restrict=off -netdev socket,id=sock,connect=203.0.113.7:443 -netdev hubport,id=port-lan,hubid=0,netdev=lan -netdev hubport,id=port-sock,hubid=0,netdev=sock -nographic',
  '-m 4096 -smp 2 -drive file=C:\\VMs\\dev.qcow2,format=qcow2 -display sdl',
  '-avd Pixel_7 -netdelay none -netspeed full',
];

const USERS = ['jdoe', 'asmith', 'bwayne', 'ckent', 'dprince', 'SYSTEM'];

/** Event `n` (0-based) of the benchmark stream: even events XML, odd events classic text. */
export function benchEvent(rng: Rng, n: number, start: number): SplunkRecord {
  const time = start + n * 0.05 + rng.int(0, 9) / 1000;
  const host = `WS${String(rng.int(0, 499)).padStart(3, '0')}`;
  let image: string;
  let args: string;
  if (rng.chance(0.001)) {
    image = rng.chance(0.5) ? 'C:\\Program Files\\qemu\\qemu-system-x86_64.exe' : 'C:\\ProgramData\\update\\qemu-system-i386.exe';
    args = rng.pick(QEMU);
  } else {
    const [img, options] = rng.pick(EVERYDAY);
    image = img;
    args = rng.pick(options);
  }
  const user = rng.pick(USERS);
  const pid = rng.int(0, 65535);
  const ppid = rng.int(0, 65535);
  const event: CanonicalEvent = {
    id: `e${n}`,
    scenarioId: 'bench',
    label: 'benign',
    techniques: [],
    population: 'bench',
    variant: null,
    os: 'windows',
    host: { name: host, domain: 'corp.example', ip: '192.0.2.10', id: '7a1c0b52-0000-4000-8000-000000000001' },
    // SYSTEM keeps its well-known SID (the renderer then writes the machine account as the subject).
    user: { name: user, domain: user === 'SYSTEM' ? 'NT AUTHORITY' : 'CORP', id: user === 'SYSTEM' ? 'S-1-5-18' : 'S-1-5-21-1111111111-2222222222-3333333333-1104', logonId: user === 'SYSTEM' ? '0x3e7' : '0x3a2f1' },
    timestamp: new Date(Math.round(time * 1000)).toISOString(),
    process: { executable: image, name: image.slice(image.lastIndexOf('\\') + 1), args: [], commandLine: `"${image}" ${args}`, pid, integrityLevel: 'Medium' },
    parent: { executable: 'C:\\Windows\\explorer.exe', name: 'explorer.exe', args: [], commandLine: 'C:\\Windows\\explorer.exe', pid: ppid },
    tokenElevation: 'limited',
    recordId: 1_000_000 + n,
  };
  const record = n % 2 === 0 ? renderSplunkXmlWinEventLog4688(event) : renderSplunkWinEventLog4688(event);
  return { ...record, _time: time };
}

/**
 * A small seeded PRNG (mulberry32) returning floats in [0, 1). Kept for benchmarks that need a fast
 * stream of plain numbers (bench/eql.ts uses it); the SPL benchmark draws from the project's Rng.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
