// Splunk's management REST API (port 8089), the calls the backend needs, made through splunk-sdk's
// Service (paths from the SDK's Paths table, namespaced by Service.fullpath; the SDK adds
// `output_mode=json` and the Authorization header) over the harness's verified transport
// (sdk-transport.ts). The SDK's entity classes (Indexes, Jobs, ...) are not used: they fetch before they
// act and pick the v1 or v2 search API by a server version they learn from a login this backend does not
// make. Errors come back as `{"messages":[{"type":"ERROR","text":"..."}]}`.
// References (REST API Reference Manual 9.4):
//   server/info, data/indexes: https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/introspection-endpoints/introspection-endpoint-descriptions
//                              https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/introspection-endpoints/introspection-endpoint-descriptions#data-indexes
//   data/inputs/http (HEC tokens): https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/input-endpoints/input-endpoint-descriptions
//   configs/conf-macros:           https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/configuration-endpoints/configuration-endpoint-descriptions
//                                  (and the RESTTUT example of creating a macro: https://docs.splunk.com/Documentation/Splunk/9.4.0/RESTTUT/RESTbasicexamples)
//   search/v2/jobs:                https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/search-endpoints/search-endpoint-descriptions
// Authentication: HTTP basic auth or a bearer authentication token on every request.
// https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-user-manual/9.4/basic-concepts-about-the-splunk-platform-rest-api/authentication-and-authorization
import { InputError } from '../../errors.js';
import { CREDENTIAL_ENV } from '../credentials.js';
import sdkPaths from 'splunk-sdk/lib/paths.js';
import type Service from 'splunk-sdk/lib/service.js';
import { parseJson, HttpTransportError, type HttpRequest, type HttpResponse, type HttpTarget } from './http.js';
import { splunkService, type SdkResponse } from './sdk-transport.js';

export interface SplunkMessage {
  type: string;
  text: string;
}

/** The REST API answered with an error status. */
export class SplunkRestError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    readonly messages: SplunkMessage[],
  ) {
    super(`${what}: ${status} ${messages.map((m) => `${m.type}: ${m.text}`).join('; ') || '(no message)'}`);
    this.name = 'SplunkRestError';
  }
}

export interface JobStatus {
  sid: string;
  dispatchState: string;
  isDone: boolean;
  isFailed: boolean;
  resultCount: number;
  messages: SplunkMessage[];
  /** Splunk's own expansion of the search, when the job reports it. */
  normalizedSearch?: string;
  eventSearch?: string;
  reportSearch?: string;
}

export type RestRow = Record<string, string | string[]>;

// App namespace for macros and jobs: objects created under nobody/search are shared in the search app,
// and jobs dispatched in that namespace see them.
// A CommonJS module whose exports Node cannot name statically: read from its default export.
const { Paths } = sdkPaths;
const SEARCH_APP = { owner: 'nobody', app: 'search' };
const HEC_APP = { owner: 'nobody', app: 'splunk_httpinput' };

export class SplunkRest {
  private readonly service: Service;
  private readonly ns: (path: string) => string;
  private readonly hecNs: (path: string) => string;

  constructor(readonly target: HttpTarget) {
    this.service = splunkService(target);
    this.ns = (path) => this.service.fullpath(path, { ...SEARCH_APP });
    this.hecNs = (path) => this.service.fullpath(path, { ...HEC_APP });
  }

  private async call(req: HttpRequest, what: string, ok: readonly number[] = [200, 201]): Promise<{ response: HttpResponse; body: unknown }> {
    let answer: SdkResponse;
    try {
      const params = definedOnly(req.method === 'POST' ? req.form : req.query);
      const sent = req.method === 'GET' ? this.service.get(req.path, params) : req.method === 'POST' ? this.service.post(req.path, params) : this.service.del(req.path, params);
      answer = (await sent) as SdkResponse;
    } catch (thrown) {
      if (thrown instanceof HttpTransportError) throw new Error(`Splunk REST: ${what} failed: ${thrown.message}`, { cause: thrown });
      // The SDK throws the response itself for a status of 400 and above.
      if (!isSdkResponse(thrown)) throw thrown;
      answer = thrown;
    }
    const response: HttpResponse = { status: answer.status, headers: answer.response.headers, text: answer.text };
    if (response.status === 401 || response.status === 403) {
      throw new InputError(
        `Splunk REST: ${what} was refused (${response.status} ${messagesOf(safeJson(response)).map((m) => m.text).join('; ')}); check ${CREDENTIAL_ENV.splunkToken} or ${CREDENTIAL_ENV.splunkUsername} / ${CREDENTIAL_ENV.splunkPassword} and the user's capabilities`,
      );
    }
    if (!ok.includes(response.status)) throw new SplunkRestError(response.status, what, messagesOf(safeJson(response)));
    return { response, body: response.text === '' ? {} : parseJson(response, what) };
  }

  async serverVersion(): Promise<string> {
    const { body } = await this.call({ method: 'GET', path: Paths.info }, 'reading server info');
    const version = firstContent(body)['version'];
    if (typeof version !== 'string') throw new Error('Splunk REST: server/info has no version');
    return version;
  }

  async indexExists(name: string): Promise<boolean> {
    const { response } = await this.call({ method: 'GET', path: this.service.fullpath(`${Paths.indexes}/${encodeURIComponent(name)}`) }, `looking up index ${name}`, [200, 404]);
    return response.status === 200;
  }

  /** Creates an event index; 'exists' when it was already there (409). */
  async createIndex(name: string): Promise<'created' | 'exists'> {
    const { response } = await this.call(
      { method: 'POST', path: this.service.fullpath(Paths.indexes), form: { name, datatype: 'event' } },
      `creating index ${name}`,
      [200, 201, 409],
    );
    return response.status === 409 ? 'exists' : 'created';
  }

  async deleteIndex(name: string): Promise<void> {
    await this.call({ method: 'DELETE', path: this.service.fullpath(`${Paths.indexes}/${encodeURIComponent(name)}`) }, `deleting index ${name}`, [200, 404]);
  }

  /** Creates a HEC token with indexer acknowledgement, allowed to write to `indexes`; returns its value. */
  async createHecToken(name: string, indexes: readonly string[]): Promise<string> {
    const { body } = await this.call(
      {
        method: 'POST',
        path: this.hecNs('data/inputs/http'),
        form: { name, index: indexes[0], indexes: indexes.join(','), useACK: 1, disabled: 0 },
      },
      `creating HEC token ${name}`,
    );
    const token = firstContent(body)['token'];
    if (typeof token !== 'string') throw new Error(`Splunk REST: creating HEC token ${name} returned no token`);
    return token;
  }

  async setHecTokenIndexes(name: string, indexes: readonly string[]): Promise<void> {
    await this.call(
      { method: 'POST', path: this.hecNs(`data/inputs/http/${encodeURIComponent(name)}`), form: { indexes: indexes.join(',') } },
      `allowing HEC token ${name} to write to ${indexes.join(', ')}`,
    );
  }

  async deleteHecToken(name: string): Promise<void> {
    await this.call({ method: 'DELETE', path: this.hecNs(`data/inputs/http/${encodeURIComponent(name)}`) }, `deleting HEC token ${name}`, [200, 404]);
  }

  /** Creates the macro stanza, or updates it when it exists (409 on create). */
  async putMacro(stanza: string, settings: Record<string, string>): Promise<'created' | 'updated'> {
    const { response } = await this.call(
      { method: 'POST', path: this.ns(`${Paths.configurations}/conf-macros`), form: { name: stanza, ...settings } },
      `creating macro ${stanza}`,
      [200, 201, 409],
    );
    if (response.status !== 409) return 'created';
    await this.call({ method: 'POST', path: this.ns(`${Paths.configurations}/conf-macros/${encodeURIComponent(stanza)}`), form: settings }, `updating macro ${stanza}`);
    return 'updated';
  }

  /** Creates a stanza of a .conf file when absent; an existing stanza is left as the deployment has it. */
  async createConfStanza(file: string, stanza: string, settings: Record<string, string>): Promise<'created' | 'exists'> {
    const { response } = await this.call(
      { method: 'POST', path: this.ns(`${Paths.configurations}/conf-${file}`), form: { name: stanza, ...settings } },
      `creating ${file}.conf [${stanza}]`,
      [200, 201, 409],
    );
    return response.status === 409 ? 'exists' : 'created';
  }

  async deleteConfStanza(file: string, stanza: string): Promise<void> {
    await this.call({ method: 'DELETE', path: this.ns(`${Paths.configurations}/conf-${file}/${encodeURIComponent(stanza)}`) }, `deleting ${file}.conf [${stanza}]`, [200, 404]);
  }

  /** Whether the deployment has a data model of that name (Splunk_SA_CIM installs the CIM ones). */
  async dataModelExists(name: string): Promise<boolean> {
    const { response } = await this.call({ method: 'GET', path: this.service.fullpath(`${Paths.dataModels}/${encodeURIComponent(name)}`, { owner: 'nobody', app: '-' }) }, `reading data model ${name}`, [200, 404]);
    return response.status === 200;
  }

  async deleteMacro(stanza: string): Promise<void> {
    await this.call({ method: 'DELETE', path: this.ns(`${Paths.configurations}/conf-macros/${encodeURIComponent(stanza)}`) }, `deleting macro ${stanza}`, [200, 404]);
  }

  /** Dispatches a search job; a search Splunk cannot parse comes back as SplunkRestError 400. */
  async createJob(search: string, params: Record<string, string | number>): Promise<string> {
    const { body } = await this.call({ method: 'POST', path: this.ns(Paths.jobsV2), form: { search, exec_mode: 'normal', ...params } }, 'dispatching a search job');
    const sid = (body as { sid?: unknown }).sid;
    if (typeof sid !== 'string') throw new Error('Splunk REST: search job created without a sid');
    return sid;
  }

  async jobStatus(sid: string): Promise<JobStatus> {
    const { body } = await this.call({ method: 'GET', path: this.ns(`${Paths.jobsV2}/${encodeURIComponent(sid)}`) }, `reading job ${sid}`);
    const content = firstContent(body);
    const text = (key: string): string | undefined => (typeof content[key] === 'string' ? (content[key] as string) : undefined);
    const normalizedSearch = text('normalizedSearch');
    const eventSearch = text('eventSearch');
    const reportSearch = text('reportSearch');
    return {
      sid,
      dispatchState: text('dispatchState') ?? 'UNKNOWN',
      isDone: truthy(content['isDone']),
      isFailed: truthy(content['isFailed']),
      resultCount: Number(content['resultCount'] ?? 0),
      messages: [...messagesOf(content), ...messagesOf(body)],
      ...(normalizedSearch !== undefined ? { normalizedSearch } : {}),
      ...(eventSearch !== undefined ? { eventSearch } : {}),
      ...(reportSearch !== undefined ? { reportSearch } : {}),
    };
  }

  /** One page of a finished job's results. */
  async jobResults(sid: string, offset: number, count: number): Promise<{ rows: RestRow[]; messages: SplunkMessage[] }> {
    const { body } = await this.call(
      { method: 'GET', path: this.ns(`${Paths.jobsV2}/${encodeURIComponent(sid)}/results`), query: { offset, count } },
      `reading results of job ${sid} at offset ${offset}`,
    );
    const results = (body as { results?: unknown }).results;
    if (!Array.isArray(results)) throw new Error(`Splunk REST: results of job ${sid} have no "results" array`);
    return { rows: results.map(toRow), messages: messagesOf(body) };
  }

  async deleteJob(sid: string): Promise<void> {
    await this.call({ method: 'DELETE', path: this.ns(`${Paths.jobsV2}/${encodeURIComponent(sid)}`) }, `deleting job ${sid}`, [200, 404]);
  }
}

function definedOnly(values: Record<string, string | number | undefined> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(values ?? {})) if (value !== undefined) out[key] = value;
  return out;
}

function isSdkResponse(value: unknown): value is SdkResponse {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number' && typeof (value as { text?: unknown }).text === 'string';
}

function safeJson(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return { messages: [{ type: 'ERROR', text: response.text.slice(0, 200) }] };
  }
}

/** Messages in either REST shape: `[{type, text}]`, or a job's `{fatal: [...], error: [...]}` dictionary. */
export function messagesOf(value: unknown): SplunkMessage[] {
  const raw = (value as { messages?: unknown } | null)?.messages;
  if (Array.isArray(raw)) {
    return raw.filter((m): m is { type?: unknown; text?: unknown } => typeof m === 'object' && m !== null).map((m) => ({ type: String(m.type ?? 'INFO'), text: String(m.text ?? '') }));
  }
  if (raw !== null && typeof raw === 'object') {
    const out: SplunkMessage[] = [];
    for (const [type, texts] of Object.entries(raw)) {
      for (const text of Array.isArray(texts) ? texts : [texts]) out.push({ type: type.toUpperCase(), text: String(text) });
    }
    return out;
  }
  return [];
}

function firstContent(body: unknown): Record<string, unknown> {
  const entry = (body as { entry?: unknown }).entry;
  const first = Array.isArray(entry) ? (entry[0] as { content?: unknown } | undefined) : undefined;
  const content = first?.content;
  return content !== null && typeof content === 'object' ? (content as Record<string, unknown>) : {};
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

function toRow(value: unknown): RestRow {
  const row: RestRow = {};
  if (value === null || typeof value !== 'object') return row;
  for (const [key, field] of Object.entries(value)) {
    row[key] = Array.isArray(field) ? field.map(String) : String(field);
  }
  return row;
}
