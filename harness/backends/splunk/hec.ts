// Sending events through the HTTP Event Collector with indexer acknowledgement.
// - One JSON envelope per event on /services/collector/event, several envelopes per request (concatenated).
//   `event` is the raw text as a string, so it becomes `_raw` verbatim; `time` is epoch seconds with
//   milliseconds; host, source, sourcetype and index are set explicitly.
//   https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/9.4/format-events-for-http-event-collector/format-events-for-http-event-collector
// - Acknowledgement: every request carries the channel header X-Splunk-Request-Channel; a 200 answer holds
//   an `ackId`; POST /services/collector/ack?channel=… {"acks":[ids]} answers {"acks":{"id":true|false}}.
//   A 200 without acknowledgement means only "looked valid", not "indexed".
//   https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/9.4/use-indexer-acknowledgment/about-http-event-collector-indexer-acknowledgment
// - Status codes (text and code in the JSON answer): 0 Success; 1 Token disabled (403); 2 Token is required
//   (401); 3 Invalid authorization (401); 4 Invalid token (403); 5 No data (400); 6 Invalid data format
//   (400, with invalid-event-number); 7 Incorrect index (400); 8 Internal server error (500); 9 Server is busy
//   (503); 10 Data channel is missing (400); 11 Invalid data channel (400); 12 Event field is required (400);
//   13 Event field cannot be blank (400); 14 ACK is disabled (400).
//   https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/troubleshoot-http-event-collector
import type { SplunkRecord } from '../../model/records.js';
import { send, HttpTransportError, type HttpTarget } from './http.js';

export interface HecEnvelope {
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index: string;
  event: string;
}

export function hecEnvelope(record: SplunkRecord, index: string): HecEnvelope {
  return { time: record._time, host: record.host, source: record.source, sourcetype: record.sourcetype, index, event: record._raw };
}

/** Groups envelopes into request bodies of at most `maxBytes` (one envelope always fits, alone). */
export function hecBatches<T>(items: readonly T[], serialize: (item: T) => string, maxBytes: number): { items: T[]; body: string }[] {
  const batches: { items: T[]; body: string }[] = [];
  let current: { items: T[]; parts: string[]; bytes: number } = { items: [], parts: [], bytes: 0 };
  for (const item of items) {
    const text = serialize(item);
    const bytes = Buffer.byteLength(text);
    if (current.items.length > 0 && current.bytes + bytes > maxBytes) {
      batches.push({ items: current.items, body: current.parts.join('\n') });
      current = { items: [], parts: [], bytes: 0 };
    }
    current.items.push(item);
    current.parts.push(text);
    current.bytes += bytes + 1;
  }
  if (current.items.length > 0) batches.push({ items: current.items, body: current.parts.join('\n') });
  return batches;
}

/** HEC refused a request (or part of it). */
export class HecError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly text: string,
    /** 0-based position, in the request, of the first event HEC refused (code 6 and others). */
    readonly invalidEventNumber: number | undefined,
  ) {
    super(`HEC answered ${status}${code !== undefined ? ` code ${code}` : ''}: ${text}${hint(code)}`);
    this.name = 'HecError';
  }
}

function hint(code: number | undefined): string {
  switch (code) {
    case 1:
    case 4:
      return ' (the HEC token is disabled or unknown: check DTH_SPLUNK_HEC_TOKEN)';
    case 2:
    case 3:
      return ' (no valid "Authorization: Splunk <token>" header: check DTH_SPLUNK_HEC_TOKEN)';
    case 7:
      return ' (the HEC token may not write to this index: allow it in the token\'s indexes, or leave DTH_SPLUNK_HEC_TOKEN unset so the harness creates a run token)';
    case 14:
      return ' (indexer acknowledgement is disabled on this token)';
    default:
      return '';
  }
}

export interface HecOptions {
  channel: string;
  maxBatchBytes: number;
  /** Re-sends of a request answered 503 (server busy). */
  busyRetries: number;
  ackPollMs: number;
  ackTimeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HecSendResult {
  /** Envelopes HEC accepted (200 code 0). */
  accepted: number;
  /** False when the token answers without ackId: acceptance then proves nothing, only the count does. */
  acknowledged: boolean;
}

interface HecAnswer {
  text?: string;
  code?: number;
  ackId?: number;
  'invalid-event-number'?: number;
  acks?: Record<string, boolean>;
}

export class HecClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    /** Base URL of HEC and `Authorization: Splunk <token>`. */
    private readonly target: HttpTarget,
    private readonly options: HecOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private async post(path: string, body: string, query?: Record<string, string>): Promise<{ status: number; answer: HecAnswer }> {
    const response = await send(this.target, {
      method: 'POST',
      path,
      body,
      ...(query !== undefined ? { query } : {}),
      headers: { 'X-Splunk-Request-Channel': this.options.channel },
    });
    let answer: HecAnswer;
    try {
      answer = JSON.parse(response.text) as HecAnswer;
    } catch {
      answer = { text: response.text.slice(0, 200) };
    }
    return { status: response.status, answer };
  }

  /**
   * Sends every envelope and waits until each request is acknowledged as indexed. A refused request throws
   * HecError with the position of the first refused event; `onAccepted` counts what went in before it.
   */
  async sendAll(envelopes: readonly HecEnvelope[], onAccepted: (count: number) => void): Promise<HecSendResult> {
    const ackIds: number[] = [];
    let acknowledged = true;
    let accepted = 0;
    for (const batch of hecBatches(envelopes, (e) => JSON.stringify(e), this.options.maxBatchBytes)) {
      const { status, answer } = await this.postWithRetry(batch.body);
      if (status !== 200 || (answer.code !== undefined && answer.code !== 0)) {
        throw new HecError(status, answer.code, answer.text ?? '', answer['invalid-event-number']);
      }
      accepted += batch.items.length;
      onAccepted(batch.items.length);
      if (typeof answer.ackId === 'number') ackIds.push(answer.ackId);
      else acknowledged = false;
    }
    if (acknowledged) await this.waitForAcks(ackIds);
    return { accepted, acknowledged };
  }

  private async postWithRetry(body: string): Promise<{ status: number; answer: HecAnswer }> {
    for (let attempt = 0; ; attempt++) {
      let result;
      try {
        result = await this.post('/services/collector/event', body);
      } catch (error) {
        if (error instanceof HttpTransportError) throw new Error(`HEC: ${error.message}`, { cause: error });
        throw error;
      }
      if (result.status !== 503 || attempt >= this.options.busyRetries) return result;
      await this.sleep(this.options.ackPollMs * 2 ** attempt);
    }
  }

  /** Polls the ack endpoint until every id is true; on timeout says which ids are still pending. */
  async waitForAcks(ackIds: readonly number[]): Promise<void> {
    const pending = new Set(ackIds);
    const deadline = Date.now() + this.options.ackTimeoutMs;
    while (pending.size > 0) {
      const { status, answer } = await this.post('/services/collector/ack', JSON.stringify({ acks: [...pending] }), { channel: this.options.channel });
      if (status !== 200) throw new HecError(status, answer.code, answer.text ?? '', undefined);
      for (const [id, done] of Object.entries(answer.acks ?? {})) if (done === true) pending.delete(Number(id));
      if (pending.size === 0) return;
      if (Date.now() >= deadline) {
        throw new Error(`HEC: ${pending.size} request(s) not acknowledged as indexed within ${this.options.ackTimeoutMs} ms (ackIds ${[...pending].join(', ')} on channel ${this.options.channel})`);
      }
      await this.sleep(this.options.ackPollMs);
    }
  }
}
