// Huntress, "Active exploitation of SolarWinds Web Help Desk (CVE-2025-26399)" (2026) and Sophos's
// link of CVE-2025-26399 to STAC4713's QEMU VMs: the Web Help Desk Tomcat (java.exe under
// \WebHelpDesk\bin\, `tomcat` in its command line — the parent selector of the Huntress-co-authored
// Sigma rule) is the parent of the attacker's process chain. Modelled here as the direct parent of
// QEMU with an SSH port forward; the chain through cmd/powershell is collapsed (reconstructed).
import { memory, netdev, nicDevice, nographic, drive, pickVersion, launch, invocation, highPort } from '../build-helpers.js';
import { hostFwd, pathValue, prop } from '../../qemu/values.js';
import type { Population } from '../population.js';

const WHD = 'C:\\Program Files\\WebHelpDesk';
const JAVA = `${WHD}\\bin\\jre\\bin\\java.exe`;

export const solarwindsWhdJava: Population = {
  id: 'solarwinds-whd-java',
  title: 'SolarWinds Web Help Desk exploitation: Tomcat java.exe starts QEMU with an SSH hostfwd',
  label: 'malicious',
  os: ['windows'],
  hostProfile: 'server',
  summary:
    'java.exe (WHD Tomcat, running as SYSTEM) → qemu-system-x86_64.exe from C:\\ProgramData with a hostfwd to the guest SSH and -nographic. The parent matches the Sigma WHD child-process selector; the QEMU argv follows the STAC4713 reconstruction.',
  sources: [
    { title: 'Huntress, Active exploitation of SolarWinds Web Help Desk (CVE-2025-26399)', url: 'https://www.huntress.com/blog/active-exploitation-solarwinds-web-help-desk-cve-2025-26399', confidence: 'secondary' },
    { title: 'SigmaHQ Suspicious Child Process of SolarWinds WebHelpDesk', repo: 'SigmaHQ/sigma', path: 'rules-emerging-threats/2025/Exploits/CVE-2025-40551/proc_creation_win_exploit_cve_2025_40551.yml', confidence: 'source' },
    { title: 'QEMU argv reconstructed: the reports publish no command line; an SSH port forward as in the Sophos STAC4713 report, which links CVE-2025-26399 to these VMs', url: 'https://www.sophos.com/en-us/blog/qemu-abused-to-evade-detection-and-enable-ransomware-delivery', confidence: 'reconstructed' },
  ],
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  build({ rng }) {
    const dir = `C:\\ProgramData\\${rng.pick(['WHDCache', 'tomcat-tmp', 'Oracle\\Java\\cache'])}`;
    const path = `${dir}\\qemu-system-x86_64.exe`;
    const options = [
      memory(rng.pick(['512M', '1G'])),
      drive([['file', pathValue(`${dir}\\${rng.pick(['catalina.db', 'wrapper.dat'])}`, 'disk')], ['format', 'qcow2']]),
      netdev('user', 'n0', [prop('hostfwd', hostFwd(highPort(rng), 22))]),
      nicDevice('e1000', 'n0'),
      nographic(),
    ];
    const parentArgv = [
      JAVA,
      `-Djava.util.logging.config.file=${WHD}\\bin\\tomcat\\conf\\logging.properties`,
      '-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager',
      `-Dcatalina.base=${WHD}\\bin\\tomcat`,
      `-Dcatalina.home=${WHD}\\bin\\tomcat`,
      '-classpath',
      `${WHD}\\bin\\tomcat\\bin\\bootstrap.jar;${WHD}\\bin\\tomcat\\bin\\tomcat-juli.jar`,
      'org.apache.catalina.startup.Bootstrap',
      'start',
    ];
    return launch({
      invocation: invocation('windows', path, path, 'x86_64', options),
      programQuoting: 'as-needed',
      parent: { executable: JAVA, argv: parentArgv, programQuoting: 'always', account: 'system' },
      account: 'system',
      workingDirectory: `${WHD}\\bin\\tomcat\\`,
      integrityLevel: 'System',
      tokenElevation: 'default',
      qemuVersion: pickVersion(rng),
    });
  },
};
