// Evasions on the executable's name and place: rename/copy, relocation to a user-writable directory,
// and case changes (Windows file names are case-insensitive). A renamed or copied binary keeps its
// hashes and PE OriginalFileName, which is what rules keyed on those still see.
import type { SourceRef } from '../populations/population.js';
import { directoryOf, fileNameOf, withExecutable, type EvasionOperator } from './operator.js';

const MASQUERADE: SourceRef = { title: 'MITRE ATT&CK T1036.003 Masquerading: Rename Legitimate Utilities', url: 'https://attack.mitre.org/techniques/T1036/003/', confidence: 'source' };
const NTFS_CASE: SourceRef = { title: 'Microsoft Learn: Case sensitivity (NTFS directories are case-insensitive by default)', url: 'https://learn.microsoft.com/en-us/windows/wsl/case-sensitivity', confidence: 'source' };

const WINDOWS_NAMES = ['RuntimeBroker.exe', 'OneDriveUpdater.exe', 'msedgeupdate.exe', 'winlogsvc.exe', 'AdobeARMHelper.exe', 'update.exe'];
const POSIX_NAMES = ['dbus-daemon-helper', 'kworkerd', 'systemd-networkd-wait', 'snapd-helper', 'update-notifier'];

export const binaryRename: EvasionOperator = {
  id: 'binary-rename',
  title: 'Renamed or copied binary',
  summary: 'The tool is copied under an innocuous name in the same directory; argv[0] follows. Hashes and OriginalFileName stay.',
  os: ['windows', 'linux', 'macos'],
  requires: ['name-independent'],
  sources: [MASQUERADE],
  parameterSchema: { type: 'object', properties: { name: { type: 'string', pattern: '^[^\\\\/:*?"<>|]+$', description: 'the new file name' } } },
  check: () => null,
  apply(launch, { rng, params }) {
    const name = typeof params.name === 'string' ? params.name : rng.pick(launch.os === 'windows' ? WINDOWS_NAMES : POSIX_NAMES);
    const sep = launch.os === 'windows' ? '\\' : '/';
    return withExecutable(launch, `${directoryOf(launch.executable)}${sep}${name}`);
  },
};

export const pathRelocation: EvasionOperator = {
  id: 'path-relocation',
  title: 'Binary run from a user-writable directory',
  summary: 'The same file name under %PUBLIC%, ProgramData, %TEMP% or /dev/shm, /var/tmp, a hidden /tmp directory.',
  os: ['windows', 'linux', 'macos'],
  requires: [],
  sources: [{ title: 'MITRE ATT&CK T1036.005 Masquerading: Match Legitimate Name or Location', url: 'https://attack.mitre.org/techniques/T1036/005/', confidence: 'source' }],
  parameterSchema: { type: 'object', properties: {} },
  check: () => null,
  apply(launch, { rng, host }) {
    const name = fileNameOf(launch.executable);
    const word = rng.nounSlug();
    const dir =
      launch.os === 'windows'
        ? rng.pick(['C:\\Users\\Public', `C:\\ProgramData\\${word}`, `${host.person.home}\\AppData\\Local\\Temp`, 'C:\\Windows\\Temp'])
        : rng.pick(['/dev/shm', '/var/tmp', `/tmp/.${word}`, `${host.person.home}/.cache/${word}`]);
    return withExecutable(launch, `${dir}${launch.os === 'windows' ? '\\' : '/'}${name}`);
  },
};

export const executableCase: EvasionOperator = {
  id: 'executable-case',
  title: 'Executable name in mixed case',
  summary: 'PLINK.exe / PlInK.ExE: Windows resolves the file case-insensitively, so the same binary starts; case-sensitive comparisons (==, TERM) miss it.',
  os: ['windows'],
  requires: [],
  sources: [NTFS_CASE],
  parameterSchema: { type: 'object', properties: {} },
  check: (launch) => (/[a-z]/i.test(fileNameOf(launch.executable)) ? null : 'the file name has no letters'),
  apply(launch, { rng }) {
    const name = fileNameOf(launch.executable);
    let mixed = name;
    for (let attempt = 0; attempt < 8 && mixed === name; attempt++) mixed = [...name].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
    if (mixed === name) mixed = name.toUpperCase() === name ? name.toLowerCase() : name.toUpperCase();
    return withExecutable(launch, `${directoryOf(launch.executable)}\\${mixed}`);
  },
};
