// Credentials for real backends come from environment variables only, never from the command line
// (which shows up in `ps` and shell history), and are never printed or written to a report: every
// message that can reach the user or a report goes through a Redactor first.
import { readBoundedText } from '../read-bounded-text.js';
import { InputError } from '../errors.js';

/** The environment variables this module reads. README "Real backends" documents each. */
export const CREDENTIAL_ENV = {
  elasticsearchUsername: 'DTH_ELASTICSEARCH_USERNAME',
  elasticsearchPassword: 'DTH_ELASTICSEARCH_PASSWORD',
  elasticsearchApiKey: 'DTH_ELASTICSEARCH_API_KEY',
  elasticsearchCaCert: 'DTH_ELASTICSEARCH_CA_CERT',
  splunkUsername: 'DTH_SPLUNK_USERNAME',
  splunkPassword: 'DTH_SPLUNK_PASSWORD',
  splunkToken: 'DTH_SPLUNK_TOKEN',
  splunkHecUrl: 'DTH_SPLUNK_HEC_URL',
  splunkHecToken: 'DTH_SPLUNK_HEC_TOKEN',
  splunkCaCert: 'DTH_SPLUNK_CA_CERT',
  splunkInsecureTls: 'DTH_SPLUNK_INSECURE_TLS',
} as const;

export type ElasticsearchAuth = { kind: 'basic'; username: string; password: string } | { kind: 'apiKey'; apiKey: string };

export interface ElasticsearchCredentials {
  auth: ElasticsearchAuth;
  /** PEM text of a CA certificate to trust, read from the file DTH_ELASTICSEARCH_CA_CERT names. */
  caCert?: string;
}

export type SplunkAuth = { kind: 'basic'; username: string; password: string } | { kind: 'token'; token: string };

export interface SplunkCredentials {
  auth: SplunkAuth;
  /** HEC endpoint; defaults to the management URL's host on port 8088 with the same scheme. */
  hecUrl?: string;
  /** HEC token; when absent the backend creates a run-specific token over REST (needs the right to). */
  hecToken?: string;
  caCert?: string;
  /** Skip TLS certificate verification (Splunk's default self-signed certificate). Opt-in only. */
  insecureTls: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

function missingNames(pairs: [string, string | undefined][]): string[] {
  return pairs.filter(([, v]) => v === undefined).map(([name]) => name);
}

function readCaCert(env: Env, name: string): string | undefined {
  const path = value(env, name);
  if (path === undefined) return undefined;
  try {
    // Bounded (../read-bounded-text.ts): a device, FIFO or oversized file named by the variable is refused.
    return readBoundedText(path, 'the CA certificate');
  } catch (error) {
    throw new InputError(`${name} names a CA certificate file that cannot be read: ${(error as Error).message}`);
  }
}

/** Elasticsearch credentials for `--elasticsearch-url`: an API key, or a username and password. */
export function elasticsearchCredentialsFromEnv(env: Env): ElasticsearchCredentials {
  const apiKey = value(env, CREDENTIAL_ENV.elasticsearchApiKey);
  const username = value(env, CREDENTIAL_ENV.elasticsearchUsername);
  const password = value(env, CREDENTIAL_ENV.elasticsearchPassword);
  const caCert = readCaCert(env, CREDENTIAL_ENV.elasticsearchCaCert);
  if (apiKey !== undefined) {
    if (username !== undefined || password !== undefined) {
      throw new InputError(
        `set either ${CREDENTIAL_ENV.elasticsearchApiKey} or ${CREDENTIAL_ENV.elasticsearchUsername} and ${CREDENTIAL_ENV.elasticsearchPassword}, not both`,
      );
    }
    return { auth: { kind: 'apiKey', apiKey }, ...(caCert !== undefined ? { caCert } : {}) };
  }
  if (username !== undefined && password !== undefined) {
    return { auth: { kind: 'basic', username, password }, ...(caCert !== undefined ? { caCert } : {}) };
  }
  const missing = missingNames([
    [CREDENTIAL_ENV.elasticsearchUsername, username],
    [CREDENTIAL_ENV.elasticsearchPassword, password],
  ]);
  throw new InputError(
    `--elasticsearch-url needs credentials: set ${CREDENTIAL_ENV.elasticsearchApiKey}, or ${CREDENTIAL_ENV.elasticsearchUsername} and ${CREDENTIAL_ENV.elasticsearchPassword} (missing: ${missing.join(', ')})`,
  );
}

/** Splunk credentials for `--splunk-url`: a bearer token, or a username and password; HEC settings optional. */
export function splunkCredentialsFromEnv(env: Env): SplunkCredentials {
  const token = value(env, CREDENTIAL_ENV.splunkToken);
  const username = value(env, CREDENTIAL_ENV.splunkUsername);
  const password = value(env, CREDENTIAL_ENV.splunkPassword);
  const hecUrl = value(env, CREDENTIAL_ENV.splunkHecUrl);
  const hecToken = value(env, CREDENTIAL_ENV.splunkHecToken);
  const caCert = readCaCert(env, CREDENTIAL_ENV.splunkCaCert);
  const insecureRaw = value(env, CREDENTIAL_ENV.splunkInsecureTls);
  if (insecureRaw !== undefined && !['0', '1', 'true', 'false'].includes(insecureRaw)) {
    throw new InputError(`${CREDENTIAL_ENV.splunkInsecureTls} must be 1 or 0 (true or false), not "${insecureRaw}"`);
  }
  const insecureTls = insecureRaw === '1' || insecureRaw === 'true';
  const rest = {
    ...(hecUrl !== undefined ? { hecUrl: checkUrl(hecUrl, CREDENTIAL_ENV.splunkHecUrl) } : {}),
    ...(hecToken !== undefined ? { hecToken } : {}),
    ...(caCert !== undefined ? { caCert } : {}),
    insecureTls,
  };
  if (token !== undefined) {
    if (username !== undefined || password !== undefined) {
      throw new InputError(
        `set either ${CREDENTIAL_ENV.splunkToken} or ${CREDENTIAL_ENV.splunkUsername} and ${CREDENTIAL_ENV.splunkPassword}, not both`,
      );
    }
    return { auth: { kind: 'token', token }, ...rest };
  }
  if (username !== undefined && password !== undefined) return { auth: { kind: 'basic', username, password }, ...rest };
  const missing = missingNames([
    [CREDENTIAL_ENV.splunkUsername, username],
    [CREDENTIAL_ENV.splunkPassword, password],
  ]);
  throw new InputError(
    `--splunk-url needs credentials: set ${CREDENTIAL_ENV.splunkToken}, or ${CREDENTIAL_ENV.splunkUsername} and ${CREDENTIAL_ENV.splunkPassword} (missing: ${missing.join(', ')})`,
  );
}

/**
 * A URL given by the user: http or https, and no credentials in it (they would end up in logs and
 * reports; the message shows the URL with the user part removed).
 */
export function checkUrl(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`${what}: "${redactUrl(raw)}" is not a URL (expected e.g. https://host:9200)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${what}: "${redactUrl(raw)}" must start with http:// or https://`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError(
      `${what}: "${redactUrl(raw)}" carries credentials in the URL; put them in the DTH_* environment variables instead (see README, "Real backends")`,
    );
  }
  return url.toString().replace(/\/$/, '');
}

export const REDACTED = '[REDACTED]';

/**
 * Query parameters whose value is a credential, whatever their case (`?api_key=`, `&Token=`,
 * `?X-Amz-Signature=`): their values are replaced, the names kept so a reader sees what was there.
 */
const SECRET_QUERY_KEY = /([?&;](?:[a-z0-9_.-]*[_.-])?(?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|token|auth|authorization|password|passwd|pwd|pass|secret|client[_-]?secret|signature|sig|session[_-]?id|sessionid|credential|credentials|private[_-]?key)=)[^&#\s"'<>]*/gi;

/** Removes `user:password@` and credential query values from anything URL-shaped. */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, `$1${REDACTED}@`).replace(SECRET_QUERY_KEY, `$1${REDACTED}`);
}

function escapeForRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

// Header-shaped secrets: whatever follows an auth scheme word is a credential, whoever wrote it.
const AUTH_HEADER = /\b(Authorization\s*[:=]\s*)?(Basic|Bearer|Splunk|ApiKey)\s+[A-Za-z0-9+/=._~-]{8,}/g;

/**
 * Replaces every known secret and anything that looks like a credential with [REDACTED].
 * Built from the credentials in use, so it also catches a password quoted back in a server's error.
 */
export class Redactor {
  private readonly secrets: string[];

  /** One pattern over every form of every secret, matched case-insensitively (a literal alternation: no backtracking blow-up). */
  private readonly pattern: RegExp | null;

  constructor(secrets: Iterable<string | undefined>) {
    const distinct = new Set<string>();
    for (const secret of secrets) {
      // Very short values (e.g. "1") would shred unrelated text; they are not worth guarding by text match.
      if (secret !== undefined && secret.length >= 4) {
        distinct.add(secret);
        // The same secret as it appears URL-encoded (both encoders), in base64 (standard and URL-safe,
        // padded or not) and in Basic auth, so a server echoing it back in any of these forms is caught.
        distinct.add(encodeURIComponent(secret));
        distinct.add(encodeURIComponent(secret).replace(/%20/g, '+'));
        const b64 = Buffer.from(secret).toString('base64');
        distinct.add(b64);
        distinct.add(b64.replace(/=+$/, ''));
        distinct.add(Buffer.from(secret).toString('base64url'));
      }
    }
    // Longest first, so a secret containing another is removed whole.
    this.secrets = [...distinct].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
    // Case variants too: a server may echo a password upper-cased or lower-cased. (Base64 is case-
    // sensitive, so folding it can only redact more, never less.)
    this.pattern = this.secrets.length === 0 ? null : new RegExp(this.secrets.map(escapeForRegExp).join('|'), 'gi');
  }

  static forElasticsearch(credentials: ElasticsearchCredentials | undefined): Redactor {
    if (credentials === undefined) return new Redactor([]);
    const auth = credentials.auth;
    if (auth.kind === 'apiKey') return new Redactor([auth.apiKey]);
    return new Redactor([auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')]);
  }

  static forSplunk(credentials: SplunkCredentials | undefined): Redactor {
    if (credentials === undefined) return new Redactor([]);
    const auth = credentials.auth;
    const secrets = auth.kind === 'token' ? [auth.token] : [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
    return new Redactor([...secrets, credentials.hecToken]);
  }

  /** A redactor that removes the secrets of both. */
  with(other: Redactor): Redactor {
    return new Redactor([...this.secrets, ...other.secrets]);
  }

  /**
   * Only the known secrets (in every form) and URL credentials: for the harness's own messages, where
   * the header heuristic below would also take ordinary prose ("Splunk savedsearches.conf").
   */
  redactKnown(text: string): string {
    return redactUrl(this.pattern === null ? text : text.replace(this.pattern, REDACTED));
  }

  redact(text: string): string {
    let out = this.pattern === null ? text : text.replace(this.pattern, REDACTED);
    out = out.replace(AUTH_HEADER, (_match, header: string | undefined, scheme: string) => `${header ?? ''}${scheme} ${REDACTED}`);
    return redactUrl(out);
  }

  /** The same error with a redacted message (and stack), keeping its class so callers can still tell kinds apart. */
  redactError<E>(error: E): E {
    if (error instanceof Error) {
      error.message = this.redact(error.message);
      if (error.stack !== undefined) error.stack = this.redact(error.stack);
    }
    return error;
  }

  /** Deep copy of a JSON-like value with every string redacted: for anything written to a report. */
  redactValue<T>(value: T): T {
    return redactDeep(value, this) as T;
  }
}

function redactDeep(value: unknown, redactor: Redactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redactor));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty, not assignment: a key such as `__proto__` (event ids are attacker-controlled) stays a key.
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: redactDeep(item, redactor), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
