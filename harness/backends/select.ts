// Turns `--backend`, `--elasticsearch-url`, `--splunk-url` and the DTH_* credential variables into backend
// instances. Two steps, so bad input fails before anything starts:
//   planBackends():  pure validation of the options and the environment (InputError, exit 2);
//   startBackends(): probes Docker when a container is needed, starts the containers (in parallel, one per
//                    backend for the whole run) or connects to the URLs, and returns started backends.
// Without Docker and without a URL, startBackends() throws an InputError naming exactly what is missing.
import type { DeploymentProfile } from '../model/profile.js';
import { randomBytes } from 'node:crypto';
import { readBoundedText } from '../read-bounded-text.js';
import { InputError } from '../errors.js';
import {
  checkUrl,
  redactUrl,
  elasticsearchCredentialsFromEnv,
  Redactor,
  splunkCredentialsFromEnv,
  CREDENTIAL_ENV,
  type ElasticsearchCredentials,
  type SplunkCredentials,
} from './credentials.js';
// The real backends' clients (the Elasticsearch client, testcontainers) are loaded only when a real
// backend starts: loading them costs every `dth run` about 0.4 s of CPU otherwise.
import type { ElasticsearchBackend } from './elasticsearch.js';
import { BackendError } from './backend-error.js';
import type { DockerProbe } from './containers/docker.js';
import type { StartedElasticsearch } from './containers/elasticsearch.js';
import type { StartedSplunk } from './containers/splunk.js';
import type { SplunkEnterpriseBackend } from './splunk.js';
import type { MacroLibrary } from '../engines/spl/macros.js';
import type { BackendTimings } from '../model/backend-timings.js';

export const BACKEND_CHOICES = ['embedded', 'elasticsearch', 'splunk', 'all'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface BackendCliOptions {
  /** `--backend`; default `embedded`. */
  backend?: string;
  elasticsearchUrl?: string;
  splunkUrl?: string;
  /** `--backend-timeout`: seconds each request to a backend at a URL may take (default DEFAULT_BACKEND_TIMEOUT_SECONDS). */
  timeoutSeconds?: number;
  /** `--splunk-ca <file>`: a PEM CA certificate to trust for --splunk-url (replaces DTH_SPLUNK_CA_CERT). */
  splunkCaFile?: string;
  /** `--insecure`: skip TLS certificate verification for --splunk-url; the report records it. */
  insecure?: boolean;
}

/** Seconds a request to an existing deployment may take before the run stops with a one-line error. */
export const DEFAULT_BACKEND_TIMEOUT_SECONDS = 30;

export type ElasticsearchPlan = { mode: 'container' } | { mode: 'url'; url: string; credentials: ElasticsearchCredentials };
export type SplunkPlan = { mode: 'container' } | { mode: 'url'; url: string; credentials: SplunkCredentials };

export interface BackendPlan {
  choice: BackendChoice;
  /** The embedded engines run (always, except `--backend elasticsearch|splunk` alone). */
  embedded: boolean;
  /** Embedded and real verdicts are compared event for event (`--backend all`). */
  parity: boolean;
  elasticsearch?: ElasticsearchPlan;
  splunk?: SplunkPlan;
  /** Removes every credential in use from text that may reach the terminal or a report. */
  redactor: Redactor;
  /** Seconds each request to a deployment at a URL may take. */
  timeoutSeconds: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Validates the options and the environment. Nothing is started and nothing is contacted. */
export function planBackends(options: BackendCliOptions, env: Env = process.env): BackendPlan {
  const raw = options.backend ?? 'embedded';
  if (!(BACKEND_CHOICES as readonly string[]).includes(raw)) {
    throw new InputError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, not "${raw}"`);
  }
  const choice = raw as BackendChoice;
  const wantsElastic = choice === 'elasticsearch' || choice === 'all';
  const wantsSplunk = choice === 'splunk' || choice === 'all';
  if (options.elasticsearchUrl !== undefined && !wantsElastic) {
    throw new InputError(`--elasticsearch-url is only used with --backend elasticsearch or all (got --backend ${choice})`);
  }
  if (options.splunkUrl !== undefined && !wantsSplunk) {
    throw new InputError(`--splunk-url is only used with --backend splunk or all (got --backend ${choice})`);
  }
  let redactor = new Redactor([]);
  let elasticsearch: ElasticsearchPlan | undefined;
  if (wantsElastic) {
    if (options.elasticsearchUrl === undefined) elasticsearch = { mode: 'container' };
    else {
      const credentials = elasticsearchCredentialsFromEnv(env);
      elasticsearch = { mode: 'url', url: checkUrl(options.elasticsearchUrl, '--elasticsearch-url'), credentials };
      redactor = redactor.with(Redactor.forElasticsearch(credentials));
    }
  }
  if (options.splunkUrl === undefined && (options.splunkCaFile !== undefined || options.insecure === true)) {
    throw new InputError(`${options.insecure === true ? '--insecure' : '--splunk-ca'} is only used with --splunk-url (the harness's own container is reached over its own self-signed certificate)`);
  }
  if (options.splunkCaFile !== undefined && options.insecure === true) {
    throw new InputError('--splunk-ca and --insecure contradict each other: give the CA to verify the certificate with, or --insecure to skip verification');
  }
  let splunk: SplunkPlan | undefined;
  if (wantsSplunk) {
    if (options.splunkUrl === undefined) splunk = { mode: 'container' };
    else {
      const credentials = withTlsOptions(splunkCredentialsFromEnv(env), options);
      splunk = { mode: 'url', url: checkUrl(options.splunkUrl, '--splunk-url'), credentials };
      redactor = redactor.with(Redactor.forSplunk(credentials));
    }
  }
  return {
    choice,
    embedded: choice === 'embedded' || choice === 'all',
    parity: choice === 'all',
    ...(elasticsearch !== undefined ? { elasticsearch } : {}),
    ...(splunk !== undefined ? { splunk } : {}),
    redactor,
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_BACKEND_TIMEOUT_SECONDS,
  };
}

/** --splunk-ca and --insecure over the DTH_SPLUNK_CA_CERT / DTH_SPLUNK_INSECURE_TLS variables. */
function withTlsOptions(credentials: SplunkCredentials, options: BackendCliOptions): SplunkCredentials {
  if (options.insecure === true) {
    const { caCert: _ignored, ...rest } = credentials;
    return { ...rest, insecureTls: true };
  }
  if (options.splunkCaFile === undefined) return credentials;
  let caCert: string;
  try {
    // Bounded (../read-bounded-text.ts): `--splunk-ca /dev/zero` or a FIFO is refused, not read forever.
    caCert = readBoundedText(options.splunkCaFile, 'the CA certificate');
  } catch (error) {
    throw new InputError(`--splunk-ca ${options.splunkCaFile}: ${(error as Error).message}`);
  }
  if (!caCert.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InputError(`--splunk-ca ${options.splunkCaFile}: not a PEM certificate (expected a -----BEGIN CERTIFICATE----- block)`);
  }
  return { ...credentials, caCert, insecureTls: false };
}

/** The message for a run that needs containers on a machine without Docker: every missing piece, by name. */
export function missingDockerMessage(plan: BackendPlan, dockerDetail: string): string {
  const lines = [`--backend ${plan.choice} cannot run here: ${dockerDetail}.`];
  if (plan.elasticsearch?.mode === 'container') {
    lines.push(
      `  Elasticsearch: start a Docker engine, or pass --elasticsearch-url with ${CREDENTIAL_ENV.elasticsearchApiKey} or ${CREDENTIAL_ENV.elasticsearchUsername} and ${CREDENTIAL_ENV.elasticsearchPassword} set.`,
    );
  }
  if (plan.splunk?.mode === 'container') {
    lines.push(
      `  Splunk: start a Docker engine, or pass --splunk-url with ${CREDENTIAL_ENV.splunkToken} or ${CREDENTIAL_ENV.splunkUsername} and ${CREDENTIAL_ENV.splunkPassword} set (HEC: ${CREDENTIAL_ENV.splunkHecUrl}, ${CREDENTIAL_ENV.splunkHecToken}).`,
    );
  }
  return lines.join('\n');
}

export interface StartOptions {
  /** The rules' index patterns (EQL rules' `index`), templated before the first load. */
  rulePatterns: readonly string[];
  /** The macros the Splunk rule calls, as the embedded SPL engine read them (parsed once, loadMacrosFile). */
  macros: MacroLibrary;
  /** Deployment profile for the Elasticsearch index templates. */
  profile?: DeploymentProfile;
  /** Run token for run-specific names on existing deployments; random when absent. */
  runToken?: string;
  probeDocker?: DockerProbe;
  /** Container starters, replaceable in tests. */
  startElasticsearch?: () => Promise<StartedElasticsearch>;
  startSplunk?: () => Promise<StartedSplunk>;
  log?: (line: string) => void;
}

export interface RealBackends {
  plan: BackendPlan;
  elasticsearch?: ElasticsearchBackend;
  splunk?: SplunkEnterpriseBackend;
  /** Also covers the containers' generated passwords. */
  redactor: Redactor;
  /** Time to ready, to load and to search, per backend, for the report. */
  timings(): BackendTimings[];
  /** Closes every backend (cleanup on a URL, container removal otherwise). */
  close(): Promise<void>;
}

export async function startBackends(plan: BackendPlan, options: StartOptions): Promise<RealBackends> {
  const log = options.log ?? (() => undefined);
  const needsDocker = plan.elasticsearch?.mode === 'container' || plan.splunk?.mode === 'container';
  if (needsDocker) {
    const docker = await (options.probeDocker ?? (await import('./containers/docker.js')).probeDocker)();
    if (!docker.available) throw new InputError(missingDockerMessage(plan, docker.detail));
    log(`Docker: ${docker.detail}`);
  }
  const runToken = options.runToken ?? `r${randomBytes(4).toString('hex')}`;
  let redactor = plan.redactor;
  const started: { close(): Promise<void> }[] = [];
  const results = await Promise.allSettled([
    plan.elasticsearch ? startElasticsearch(plan.elasticsearch, options, runToken, log, plan.timeoutSeconds) : Promise.resolve(undefined),
    plan.splunk ? startSplunk(plan.splunk, options, runToken, log, plan.timeoutSeconds) : Promise.resolve(undefined),
  ]);
  const [es, splunk] = results;
  for (const result of results) if (result.status === 'fulfilled' && result.value !== undefined) started.push(result.value.backend);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) {
    // One failed: do not leave the other one running.
    await Promise.allSettled(started.map((backend) => backend.close()));
    throw plan.redactor.redactError(failure.reason as Error);
  }
  const elasticsearch = es.status === 'fulfilled' ? es.value : undefined;
  const splunkStarted = splunk.status === 'fulfilled' ? splunk.value : undefined;
  for (const value of [elasticsearch, splunkStarted]) if (value !== undefined) redactor = redactor.with(value.redactor);
  const backends = [elasticsearch?.backend, splunkStarted?.backend].filter((b): b is ElasticsearchBackend | SplunkEnterpriseBackend => b !== undefined);
  return {
    plan,
    ...(elasticsearch !== undefined ? { elasticsearch: elasticsearch.backend } : {}),
    ...(splunkStarted !== undefined ? { splunk: splunkStarted.backend } : {}),
    redactor,
    timings: () => backends.map((backend) => backend.timings()),
    close: async () => {
      const closed = await Promise.allSettled(backends.map((backend) => backend.close()));
      const errors = closed.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => redactor.redact(String(r.reason)));
      if (errors.length > 0) throw new Error(errors.join('\n'));
    },
  };
}

interface Started<B> {
  backend: B;
  redactor: Redactor;
}

async function startElasticsearch(plan: ElasticsearchPlan, options: StartOptions, runToken: string, log: (line: string) => void, timeoutSeconds: number): Promise<Started<ElasticsearchBackend>> {
  const [{ Client }, { ElasticsearchBackend }] = await Promise.all([import('@elastic/elasticsearch'), import('./elasticsearch.js')]);
  if (plan.mode === 'container') {
    log('Elasticsearch: starting a container');
    const container = await (options.startElasticsearch ?? (async () => new (await import('./containers/elasticsearch.js')).ElasticsearchService().start()))();
    const redactor = new Redactor([container.password, Buffer.from(`${container.username}:${container.password}`).toString('base64')]);
    const client = new Client({ node: container.url, auth: { username: container.username, password: container.password }, requestTimeout: 120_000 });
    const backend = new ElasticsearchBackend({
      client,
      mode: 'container',
      rulePatterns: options.rulePatterns,
      ...(options.profile ? { profile: options.profile } : {}),
      redactor,
      readyMs: container.readyMs,
      onClose: async () => {
        await client.close();
        await container.stop();
      },
    });
    return connectOrStop(backend, redactor, log, 'Elasticsearch');
  }
  const { credentials } = plan;
  const auth = credentials.auth.kind === 'apiKey' ? { apiKey: credentials.auth.apiKey } : { username: credentials.auth.username, password: credentials.auth.password };
  // A slow or silent server stops the run after timeoutSeconds (one retry: two tries at most).
  const client = new Client({
    node: plan.url,
    auth,
    requestTimeout: timeoutSeconds * 1000,
    maxRetries: 1,
    ...(credentials.caCert !== undefined ? { tls: { ca: credentials.caCert } } : {}),
  });
  const redactor = Redactor.forElasticsearch(credentials);
  const backend = new ElasticsearchBackend({ client, mode: 'url', runToken, rulePatterns: options.rulePatterns, ...(options.profile ? { profile: options.profile } : {}), redactor, healthTimeoutSeconds: timeoutSeconds, onClose: () => client.close() });
  log(`Elasticsearch: ${redactUrl(plan.url)}, run-specific data streams with namespace ${runToken}`);
  try {
    return await connectOrStop(backend, redactor, log, 'Elasticsearch');
  } catch (error) {
    // Name the endpoint: the client's messages do not.
    if (error instanceof BackendError) throw new BackendError(error.backend, `${redactUrl(plan.url)}: ${error.message.slice(error.backend.length + 2)}`);
    throw error;
  }
}

async function startSplunk(plan: SplunkPlan, options: StartOptions, runToken: string, log: (line: string) => void, timeoutSeconds: number): Promise<Started<SplunkEnterpriseBackend>> {
  const { SplunkEnterpriseBackend } = await import('./splunk.js');
  if (plan.mode === 'container') {
    log('Splunk: starting a container (a few minutes)');
    const container = await (options.startSplunk ?? (async () => new (await import('./containers/splunk.js')).SplunkService().start()))();
    const redactor = new Redactor([container.password, Buffer.from(`${container.username}:${container.password}`).toString('base64')]);
    const backend = new SplunkEnterpriseBackend({
      mode: 'container',
      managementUrl: container.managementUrl,
      hecUrl: container.hecUrl,
      auth: { kind: 'basic', username: container.username, password: container.password },
      // Our own throwaway container: its certificate is the image's self-signed one.
      insecureTls: true,
      tls: 'own-container',
      macros: options.macros,
      redactor,
      readyMs: container.readyMs,
      onClose: () => container.stop(),
    });
    return connectOrStop(backend, redactor, log, 'Splunk');
  }
  const { credentials } = plan;
  const redactor = Redactor.forSplunk(credentials);
  const backend = new SplunkEnterpriseBackend({
    mode: 'url',
    managementUrl: plan.url,
    hecUrl: credentials.hecUrl ?? defaultHecUrl(plan.url),
    auth: credentials.auth,
    ...(credentials.hecToken !== undefined ? { hecToken: credentials.hecToken } : {}),
    ...(credentials.caCert !== undefined ? { caCert: credentials.caCert } : {}),
    insecureTls: credentials.insecureTls,
    requestTimeoutMs: timeoutSeconds * 1000,
    runToken,
    macros: options.macros,
    redactor,
  });
  log(`Splunk: ${redactUrl(plan.url)}, run-specific indexes and macros prefixed dth_${runToken}_`);
  return connectOrStop(backend, redactor, log, 'Splunk');
}

async function connectOrStop<B extends ElasticsearchBackend | SplunkEnterpriseBackend>(
  backend: B,
  redactor: Redactor,
  log: (line: string) => void,
  label: string,
): Promise<Started<B>> {
  try {
    const version = await backend.connect();
    log(`${label}: ready, version ${version}`);
  } catch (error) {
    await backend.close().catch(() => undefined);
    throw error;
  }
  return { backend, redactor };
}

/** HEC listens on 8088 of the same host unless DTH_SPLUNK_HEC_URL says otherwise. */
export function defaultHecUrl(managementUrl: string): string {
  const url = new URL(managementUrl);
  url.port = '8088';
  return url.toString().replace(/\/$/, '');
}
