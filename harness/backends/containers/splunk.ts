// Splunk Enterprise in a container (GenericContainer, testcontainers module style).
// - Licence: the image refuses to start without SPLUNK_START_ARGS=--accept-license, and 9.4.x+/10.x images
//   also need SPLUNK_GENERAL_TERMS=--accept-sgt-current-at-splunk-com. Starting this container accepts both
//   on the user's behalf; the README says so. https://hub.docker.com/r/splunk/splunk (docker-splunk docs/SETUP.md)
// - SPLUNK_PASSWORD sets the admin password; SPLUNK_HEC_TOKEN makes the image enable HEC (on 8088, TLS with
//   a self-signed certificate). The backend then creates its own token with indexer acknowledgement.
// - Readiness: the image's provisioning log line "Ansible playbook complete, will begin streaming", then
//   the management port answering an authenticated server/info request.
// - Image pinned to a 9.4 patch: x86-64 only (no ARM images), needs AVX for the KV store.
import { randomBytes, randomUUID } from 'node:crypto';
import { SplunkRest } from '../splunk/rest.js';
import { elapsedSince } from '../timings.js';
import { containerCleanup } from './cleanup.js';

export const SPLUNK_IMAGE = 'splunk/splunk:9.4.0';
const MANAGEMENT_PORT = 8089;
const HEC_PORT = 8088;

export interface StartedSplunk {
  managementUrl: string;
  hecUrl: string;
  username: string;
  password: string;
  image: string;
  readyMs: number;
  stop(): Promise<void>;
}

export class SplunkService {
  // Splunk's password policy: at least 8 characters; hex plus a fixed letter prefix satisfies it.
  private password = `Dth${randomBytes(12).toString('hex')}`;
  private startupTimeoutMs = 600_000;

  constructor(readonly image: string = SPLUNK_IMAGE) {}

  withPassword(password: string): this {
    this.password = password;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  async start(): Promise<StartedSplunk> {
    const start = performance.now();
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(this.image)
      .withEnvironment({
        SPLUNK_START_ARGS: '--accept-license',
        SPLUNK_GENERAL_TERMS: '--accept-sgt-current-at-splunk-com',
        SPLUNK_PASSWORD: this.password,
        SPLUNK_HEC_TOKEN: randomUUID(),
      })
      .withExposedPorts(MANAGEMENT_PORT, HEC_PORT)
      .withWaitStrategy(Wait.forLogMessage(/Ansible playbook complete, will begin streaming/))
      .withStartupTimeout(this.startupTimeoutMs)
      .start();
    const stop = containerCleanup.track('Splunk', container);
    const host = container.getHost();
    const managementUrl = `https://${host}:${container.getMappedPort(MANAGEMENT_PORT)}`;
    try {
      await waitForManagementPort(managementUrl, this.password, 120_000);
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      managementUrl,
      hecUrl: `https://${host}:${container.getMappedPort(HEC_PORT)}`,
      username: 'admin',
      password: this.password,
      image: this.image,
      readyMs: elapsedSince(start),
      stop,
    };
  }
}

async function waitForManagementPort(managementUrl: string, password: string, timeoutMs: number): Promise<void> {
  const rest = new SplunkRest({
    baseUrl: managementUrl,
    authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`,
    // The container's certificate is self-signed by the image; this is our own throwaway container.
    insecureTls: true,
    timeoutMs: 10_000,
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await rest.serverVersion();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`Splunk container: management port not ready after ${timeoutMs} ms: ${(error as Error).message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
