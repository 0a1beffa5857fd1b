// The population registry: every attacker technique and benign tool the simulator can produce.
import { byovmMacos } from './attacker/byovm-macos.js';
import { crontrapFontdiag } from './attacker/crontrap-fontdiag.js';
import { kasperskySocketTunnel } from './attacker/kaspersky-socket-tunnel.js';
import { qemouflageRedteam } from './attacker/qemouflage-redteam.js';
import { solarwindsWhdJava } from './attacker/solarwinds-whd-java.js';
import { stac4713ScheduledTask } from './attacker/stac4713-scheduled-task.js';
import { trustedsecRenamedSshBackdoor } from './attacker/trustedsec-renamed-ssh-backdoor.js';
import { unc1945LinuxIsland } from './attacker/unc1945-linux-island.js';
import { androidEmulator } from './benign/android-emulator.js';
import { ciScripts } from './benign/ci-scripts.js';
import { eveNg } from './benign/eve-ng.js';
import { gns3 } from './benign/gns3.js';
import { gvisorTapVsock } from './benign/gvisor-tap-vsock.js';
import { libvirt } from './benign/libvirt.js';
import { colima, lima } from './benign/lima.js';
import { minikube } from './benign/minikube.js';
import { nomad } from './benign/nomad.js';
import { packer } from './benign/packer.js';
import { podmanMachine } from './benign/podman-machine.js';
import { vagrantQemu } from './benign/vagrant-qemu.js';
import type { Population } from './population.js';

export const POPULATIONS: readonly Population[] = [
  kasperskySocketTunnel,
  stac4713ScheduledTask,
  trustedsecRenamedSshBackdoor,
  crontrapFontdiag,
  solarwindsWhdJava,
  qemouflageRedteam,
  unc1945LinuxIsland,
  byovmMacos,
  libvirt,
  lima,
  colima,
  podmanMachine,
  minikube,
  packer,
  vagrantQemu,
  nomad,
  gns3,
  eveNg,
  androidEmulator,
  ciScripts,
  gvisorTapVsock,
];

const byId = new Map(POPULATIONS.map((p) => [p.id, p]));

export function populationById(id: string): Population | undefined {
  return byId.get(id);
}

export type { Population, Launch, SourceRef } from './population.js';
