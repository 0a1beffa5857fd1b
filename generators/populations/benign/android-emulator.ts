// Android Emulator: emulator(.exe) starts Google's QEMU fork from the SDK with emulator flags
// (-avd, -netdelay, -netspeed, -qt-hide-window, -grpc-use-token …), not QEMU network options — the
// fork builds its network internally. `-netdelay`/`-netspeed` are near misses for Splunk's "-net "
// term. Public scripts; the argument list is partly unverified.
import { pickVersion, launch, invocation } from '../build-helpers.js';
import type { QemuOption } from '../../qemu/model.js';
import { constantOption } from '../../qemu/render.js';
import type { Population } from '../population.js';

const NOTE = "Android Emulator flag handled by Google's QEMU fork; upstream QEMU rejects it";

// The argv template: the flags Android Studio passes the same way for every AVD.
const NETDELAY = constantOption<QemuOption>({ kind: 'foreign', name: 'netdelay', values: ['none'], note: NOTE });
const NETSPEED = constantOption<QemuOption>({ kind: 'foreign', name: 'netspeed', values: ['full'], note: NOTE });
const WINDOW_AND_GRPC = (
  [
    { kind: 'foreign', name: 'qt-hide-window', values: [], note: NOTE },
    { kind: 'foreign', name: 'grpc-use-token', values: [], note: NOTE },
    { kind: 'foreign', name: 'idle-grpc-timeout', values: ['300'], note: NOTE },
  ] as QemuOption[]
).map(constantOption);

export const androidEmulator: Population = {
  id: 'android-emulator',
  title: 'Android Emulator (SDK qemu-system-x86_64 fork) with -netdelay/-netspeed',
  label: 'benign',
  os: ['windows', 'macos', 'linux'],
  hostProfile: 'developer',
  summary:
    'emulator(.exe) → <sdk>/emulator/qemu/<platform>/qemu-system-<arch>(.exe) -netdelay none -netspeed full -avd <name> -qt-hide-window -grpc-use-token -idle-grpc-timeout 300. qemu-system- in the name, no QEMU network option.',
  sources: [{ title: 'Android Studio / public emulator launch scripts', confidence: 'source' }, { title: 'exact argument list', confidence: 'unverified' }],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng, os, host }) {
    const arm = os === 'macos' && host.context.architecture === 'arm64';
    const arch = arm ? 'aarch64' : 'x86_64';
    const sdk =
      os === 'windows' ? `${host.person.home}\\AppData\\Local\\Android\\Sdk` : os === 'macos' ? `${host.person.home}/Library/Android/sdk` : `${host.person.home}/Android/Sdk`;
    const platform = os === 'windows' ? 'windows-x86_64' : os === 'macos' ? (arm ? 'darwin-aarch64' : 'darwin-x86_64') : 'linux-x86_64';
    const sep = os === 'windows' ? '\\' : '/';
    const binary = os === 'windows' ? `qemu-system-${arch}${rng.chance(0.3) ? '-headless' : ''}.exe` : `qemu-system-${arch}`;
    const path = [sdk, 'emulator', 'qemu', platform, binary].join(sep);
    const avd = rng.pick(['Pixel_7_API_34', 'Pixel_6_API_33', 'Medium_Phone_API_35', 'Pixel_8_Pro_API_34']);
    const options: QemuOption[] = [
      NETDELAY,
      NETSPEED,
      { kind: 'foreign', name: 'avd', values: [avd], note: NOTE },
      ...WINDOW_AND_GRPC,
    ];
    const emulator = [sdk, 'emulator', os === 'windows' ? 'emulator.exe' : 'emulator'].join(sep);
    return launch({
      invocation: invocation(os, path, path, arch, options),
      programQuoting: 'always',
      parent: { executable: emulator, argv: [emulator, '-netdelay', 'none', '-netspeed', 'full', '-avd', avd, '-qt-hide-window', '-grpc-use-token', '-idle-grpc-timeout', '300'] },
      account: 'person',
      workingDirectory: [sdk, 'emulator'].join(sep),
      integrityLevel: 'Medium',
      tokenElevation: 'limited',
      qemuVersion: pickVersion(rng),
    });
  },
};
