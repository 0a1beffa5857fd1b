// A local HTTP stand-in for the parts of Splunk the backend talks to, built from the REST and HEC
// documentation (not an SPL engine: rule searches answer with rows the test scripts).
//   REST reference 9.4: server/info, data/indexes, data/inputs/http, configs/conf-{file}, search/v2/jobs
//     https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/search-endpoints/search-endpoint-descriptions
//     https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/introspection-endpoints/introspection-endpoint-descriptions
//     https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/input-endpoints/input-endpoint-descriptions
//     https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/configuration-endpoints/configuration-endpoint-descriptions
//   HEC event endpoint, acknowledgement, status codes:
//     https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/9.4/format-events-for-http-event-collector/format-events-for-http-event-collector
//     https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/9.4/use-indexer-acknowledgment/about-http-event-collector-indexer-acknowledgment
//     https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/troubleshoot-http-event-collector
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredEvent {
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index: string;
  event: string;
}

export interface JobRecord {
  sid: string;
  search: string;
  params: Record<string, string>;
  rows: Record<string, string | string[]>[];
  polls: number;
  failed?: string;
}

export interface StandInOptions {
  username: string;
  password: string;
  /** Rows a rule search returns (anything not a count search). */
  ruleRows?: (search: string) => Record<string, string | string[]>[];
  /** A rule search Splunk refuses at dispatch (400 with a FATAL message). */
  refuse?: (search: string) => string | undefined;
  /** A rule search that fails while running (dispatchState FAILED). */
  failJob?: (search: string) => string | undefined;
  /** Polls of a job before it is DONE. */
  pollsUntilDone?: number;
  /** Ack polls before an ackId turns true (Infinity: never). */
  ackPollsUntilIndexed?: number;
  /** HEC answers 503 Server is busy to this many requests first. */
  busyAnswers?: number;
  /** Events counted by the count search lag behind by this many count polls. */
  countLagPolls?: number;
  /** Drops this many events silently (they never become searchable). */
  dropEvents?: number;
  /** Reports a result count different from the rows (a truncation). */
  resultCountOffset?: number;
  /** Forces an answer for a method + path prefix. */
  override?: (method: string, path: string) => { status: number; body: unknown } | undefined;
}

export class SplunkStandIn {
  readonly indexes = new Set<string>(['main', 'history']);
  readonly events: StoredEvent[] = [];
  readonly macros = new Map<string, Record<string, string>>();
  /** Other .conf files written over configs/conf-{file} (eventtypes, tags): file -> stanza -> settings. */
  readonly confs = new Map<string, Map<string, Record<string, string>>>();
  /** Data models the deployment has (GET datamodel/model/{name}). */
  readonly dataModels = new Set<string>();
  readonly hecTokens = new Map<string, { name: string; indexes: string[]; useAck: boolean }>();
  readonly jobs = new Map<string, JobRecord>();
  readonly deletedJobs: string[] = [];
  readonly requests: { method: string; path: string; form: Record<string, string>; headers: IncomingMessage['headers'] }[] = [];
  private readonly acks = new Map<string, Map<number, number>>();
  private nextAck = 0;
  private nextSid = 1;
  private busy = 0;
  private countPolls = 0;
  private dropped = 0;
  private server: Server | undefined;
  url = '';

  constructor(private readonly options: StandInOptions) {
    this.busy = options.busyAnswers ?? 0;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const form = req.headers['content-type']?.includes('x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : {};
    this.requests.push({ method, path, form, headers: req.headers });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const forced = this.options.override?.(method, path);
    if (forced) return send(forced.status, forced.body);
    if (path.startsWith('/services/collector')) return this.hec(req, method, path, url, text, send);
    const expected = `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(401, { messages: [{ type: 'WARN', text: 'call not properly authenticated' }] });
    if (url.searchParams.get('output_mode') !== 'json') return send(400, { messages: [{ type: 'ERROR', text: 'test stand-in answers output_mode=json only' }] });
    this.rest(method, path, form, url, send);
  }

  private rest(method: string, path: string, form: Record<string, string>, url: URL, send: (status: number, body: unknown) => void): void {
    const entry = (content: Record<string, unknown>, name = ''): unknown => ({ entry: [{ name, content }] });
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/services/server/info') return send(200, entry({ version: '9.4.0' }, 'server-info'));
    if (path === '/services/data/indexes' && method === 'POST') {
      const name = form['name'] ?? '';
      if (this.indexes.has(name)) return send(409, { messages: [{ type: 'ERROR', text: `Index name=${name} already exists` }] });
      this.indexes.add(name);
      return send(201, entry({ datatype: form['datatype'] }, name));
    }
    if ((m = /^\/services\/data\/indexes\/([^/]+)$/.exec(path))) {
      const name = m[1] as string;
      if (!this.indexes.has(name)) return send(404, { messages: [{ type: 'ERROR', text: `Could not find object id=${name}` }] });
      if (method === 'DELETE') this.indexes.delete(name);
      return send(200, entry({}, name));
    }
    if (path === '/servicesNS/nobody/splunk_httpinput/data/inputs/http' && method === 'POST') {
      const token = `tok-${form['name']}`;
      this.hecTokens.set(token, { name: form['name'] ?? '', indexes: (form['indexes'] ?? '').split(',').filter(Boolean), useAck: form['useACK'] === '1' });
      return send(201, entry({ token, indexes: form['indexes'], useACK: form['useACK'] }, `http://${form['name']}`));
    }
    if ((m = /^\/servicesNS\/nobody\/splunk_httpinput\/data\/inputs\/http\/([^/]+)$/.exec(path))) {
      const token = [...this.hecTokens.entries()].find(([, t]) => t.name === m?.[1]);
      if (token === undefined) return send(404, { messages: [{ type: 'ERROR', text: 'Could not find object' }] });
      if (method === 'DELETE') this.hecTokens.delete(token[0]);
      else if (form['indexes'] !== undefined) token[1].indexes = form['indexes'].split(',');
      return send(200, entry({}));
    }
    if (path === '/servicesNS/nobody/search/configs/conf-macros' && method === 'POST') {
      const { name, ...settings } = form;
      if (this.macros.has(name ?? '')) return send(409, { messages: [{ type: 'ERROR', text: `An object with name=${name} already exists` }] });
      this.macros.set(name ?? '', settings);
      return send(201, entry(settings, name));
    }
    if ((m = /^\/servicesNS\/nobody\/search\/configs\/conf-macros\/(.+)$/.exec(path))) {
      const name = m[1] as string;
      if (!this.macros.has(name)) return send(404, { messages: [{ type: 'ERROR', text: 'Could not find object' }] });
      if (method === 'DELETE') this.macros.delete(name);
      else this.macros.set(name, { ...this.macros.get(name), ...form });
      return send(200, entry({}));
    }
    if ((m = /^\/servicesNS\/nobody\/search\/configs\/conf-(eventtypes|tags)(?:\/(.+))?$/.exec(path))) {
      const file = this.confs.get(m[1] as string) ?? new Map<string, Record<string, string>>();
      this.confs.set(m[1] as string, file);
      if (m[2] === undefined && method === 'POST') {
        const { name, ...settings } = form;
        if (file.has(name ?? '')) return send(409, { messages: [{ type: 'ERROR', text: `An object with name=${name} already exists` }] });
        file.set(name ?? '', settings);
        return send(201, entry(settings, name));
      }
      const name = m[2] ?? '';
      if (!file.has(name)) return send(404, { messages: [{ type: 'ERROR', text: 'Could not find object' }] });
      if (method === 'DELETE') file.delete(name);
      return send(200, entry({}));
    }
    if ((m = /^\/servicesNS\/nobody\/-\/datamodel\/model\/(.+)$/.exec(path)) && method === 'GET') {
      const name = m[1] as string;
      return this.dataModels.has(name) ? send(200, entry({ acceleration: '{"enabled":false}' }, name)) : send(404, { messages: [{ type: 'ERROR', text: `Could not find object id=${name}` }] });
    }
    if (path === '/servicesNS/nobody/search/search/v2/jobs' && method === 'POST') return this.dispatch(form, send);
    if ((m = /^\/servicesNS\/nobody\/search\/search\/v2\/jobs\/([^/]+)(\/results)?$/.exec(path))) {
      const job = this.jobs.get(m[1] as string);
      if (job === undefined) return send(404, { messages: [{ type: 'ERROR', text: 'Unknown sid.' }] });
      if (method === 'DELETE') {
        this.jobs.delete(job.sid);
        this.deletedJobs.push(job.sid);
        return send(200, { messages: [{ type: 'INFO', text: 'Search job cancelled.' }] });
      }
      if (m[2] === undefined) {
        job.polls += 1;
        const done = job.polls > (this.options.pollsUntilDone ?? 1);
        const state = job.failed !== undefined && done ? 'FAILED' : done ? 'DONE' : 'RUNNING';
        return send(
          200,
          entry(
            {
              sid: job.sid,
              dispatchState: state,
              isDone: state !== 'RUNNING',
              isFailed: state === 'FAILED',
              resultCount: job.rows.length + (this.options.resultCountOffset ?? 0),
              eventSearch: job.search.replace(/\|.*$/, '').replace(/^search /, 'search ').trim(),
              messages: state === 'FAILED' ? [{ type: 'FATAL', text: job.failed }] : [],
            },
            job.sid,
          ),
        );
      }
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const count = Number(url.searchParams.get('count') ?? 100);
      return send(200, { preview: false, init_offset: offset, messages: [], results: job.rows.slice(offset, count === 0 ? undefined : offset + count) });
    }
    send(404, { messages: [{ type: 'ERROR', text: `stand-in has no ${method} ${path}` }] });
  }

  private dispatch(form: Record<string, string>, send: (status: number, body: unknown) => void): void {
    const search = form['search'] ?? '';
    const refusal = this.options.refuse?.(search);
    if (refusal !== undefined) return send(400, { messages: [{ type: 'FATAL', text: refusal }] });
    const sid = `stand-in.${this.nextSid++}`;
    const earliest = Number(form['earliest_time'] ?? 0);
    const latest = Number(form['latest_time'] ?? Infinity);
    let rows: Record<string, string | string[]>[];
    const count = /^search \((index="[^"]+"(?: OR )?)+\) \| stats count by index$/.test(search);
    if (count) {
      this.countPolls += 1;
      const wanted = [...search.matchAll(/index="([^"]+)"/g)].map((x) => x[1]);
      const lagging = this.countPolls <= (this.options.countLagPolls ?? 0);
      const byIndex = new Map<string, number>();
      for (const e of this.events) {
        if (!wanted.includes(e.index) || e.time < earliest || e.time >= latest) continue;
        byIndex.set(e.index, (byIndex.get(e.index) ?? 0) + 1);
      }
      rows = [...byIndex].map(([index, n]) => ({ index, count: String(lagging ? Math.max(0, n - 1) : n) }));
    } else rows = this.options.ruleRows?.(search) ?? [];
    const failed = count ? undefined : this.options.failJob?.(search);
    this.jobs.set(sid, { sid, search, params: form, rows, polls: 0, ...(failed !== undefined ? { failed } : {}) });
    send(201, { sid });
  }

  private hec(req: IncomingMessage, method: string, path: string, url: URL, text: string, send: (status: number, body: unknown) => void): void {
    const auth = req.headers.authorization;
    if (auth === undefined) return send(401, { text: 'Token is required', code: 2 });
    const m = /^Splunk (.+)$/.exec(auth);
    if (!m) return send(401, { text: 'Invalid authorization', code: 3 });
    const token = this.hecTokens.get(m[1] as string);
    if (token === undefined) return send(403, { text: 'Invalid token', code: 4 });
    const channel = req.headers['x-splunk-request-channel'] as string | undefined ?? url.searchParams.get('channel') ?? undefined;
    if (token.useAck && channel === undefined) return send(400, { text: 'Data channel is missing', code: 10 });
    if (method === 'POST' && path === '/services/collector/ack') {
      if (!token.useAck) return send(400, { text: 'ACK is disabled', code: 14 });
      const pending = this.acks.get(channel as string) ?? new Map<number, number>();
      const asked = (JSON.parse(text) as { acks: number[] }).acks;
      const acks: Record<string, boolean> = {};
      for (const id of asked) {
        const polls = (pending.get(id) ?? 0) + 1;
        pending.set(id, polls);
        acks[String(id)] = polls > (this.options.ackPollsUntilIndexed ?? 0);
      }
      this.acks.set(channel as string, pending);
      return send(200, { acks });
    }
    if (method !== 'POST' || path !== '/services/collector/event') return send(404, { text: 'not found' });
    if (this.busy > 0) {
      this.busy -= 1;
      return send(503, { text: 'Server is busy', code: 9 });
    }
    if (text.trim() === '') return send(400, { text: 'No data', code: 5 });
    // The backend separates envelopes with newlines (JSON text never contains a raw one).
    const envelopes: StoredEvent[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let envelope: StoredEvent;
      try {
        envelope = JSON.parse(lines[i] as string) as StoredEvent;
      } catch {
        return send(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': i });
      }
      if (envelope.event === undefined) return send(400, { text: 'Event field is required', code: 12, 'invalid-event-number': i });
      if (!this.indexes.has(envelope.index) || (token.indexes.length > 0 && !token.indexes.includes(envelope.index))) {
        return send(400, { text: 'Incorrect index', code: 7, 'invalid-event-number': i });
      }
      envelopes.push(envelope);
    }
    for (const envelope of envelopes) {
      if (this.dropped < (this.options.dropEvents ?? 0)) {
        this.dropped += 1;
        continue;
      }
      this.events.push(envelope);
    }
    if (!token.useAck) return send(200, { text: 'Success', code: 0 });
    const ackId = this.nextAck++;
    return send(200, { text: 'Success', code: 0, ackId });
  }
}
