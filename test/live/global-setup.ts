// Says, before any test, whether the live suite can run here, so a skipped run is never mistaken for a pass.
import { probeDocker } from '../../harness/backends/containers/docker.js';

export default async function globalSetup(): Promise<void> {
  const docker = await probeDocker();
  if (docker.available) {
    process.stdout.write(`live suite: ${docker.detail}\n`);
    return;
  }
  const required = process.env['DTH_LIVE_REQUIRED'] === '1';
  process.stdout.write(
    `\nLIVE SUITE ${required ? 'FAILED' : 'SKIPPED'}: ${docker.detail}\n` +
      'No real Elasticsearch or Splunk was exercised; the embedded-vs-real parity check did not run.\n\n',
  );
  if (required) throw new Error(`DTH_LIVE_REQUIRED=1 but ${docker.detail}`);
}
