// Is there a container engine testcontainers can use? Asked once, before anything is started, so a
// machine without Docker gets a clear message instead of a stack trace from deep inside a start().
import { existsSync } from 'node:fs';

export interface DockerStatus {
  available: boolean;
  /** What was found, or what is missing and where testcontainers looked. */
  detail: string;
}

export type DockerProbe = () => Promise<DockerStatus>;

/** Where testcontainers looks for an engine (its runtime strategies), for the message when none is found. */
export function dockerSearchPlaces(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const socket = '/var/run/docker.sock';
  return [
    `DOCKER_HOST ${env['DOCKER_HOST'] ? `= ${env['DOCKER_HOST']}` : 'is not set'}`,
    `${socket} ${existsSync(socket) ? 'exists but did not answer' : 'does not exist'}`,
    'no rootless Docker socket answered',
  ].join('; ');
}

export const probeDocker: DockerProbe = async () => {
  try {
    // Loaded on demand: the embedded backends never pay for testcontainers.
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const info = client.info.containerRuntime;
    return { available: true, detail: `container runtime at ${info.host} (${info.remoteSocketPath})` };
  } catch (error) {
    return { available: false, detail: `no Docker engine: ${(error as Error).message} (${dockerSearchPlaces()})` };
  }
};
