// A scan worker thread: builds its engines from the plan (the first message), then turns each chunk it
// is sent into a ChunkResult and hands the chunk's (shared) buffer back for reuse.
import { parentPort } from 'node:worker_threads';
import { ChunkProcessor } from './chunk-processor.js';
import type { WorkerMessage, WorkerReply } from './types.js';

const port = parentPort;
if (port === null) throw new Error('harness/scan/worker.js runs as a worker thread only');

let ready: Promise<ChunkProcessor> = Promise.reject(new Error('a chunk came before the scan plan'));
ready.catch(() => undefined); // a failure is reported with the first job

port.on('message', async (message: WorkerMessage) => {
  if ('plan' in message) {
    ready = ChunkProcessor.create(message.plan);
    ready.catch(() => undefined);
    return;
  }
  const job = 'job' in message ? message.job : message.range;
  try {
    // Jobs that arrive while the engines load wait here, then run one at a time in arrival order.
    const processor = await ready;
    let reply: WorkerReply;
    if ('job' in message) {
      const chunk = message.job;
      const result = processor.process({ buffer: Buffer.from(chunk.buffer, 0, chunk.length), length: chunk.length, csvHeader: chunk.csvHeader });
      reply = { kind: 'result', result: { ...result, seq: job.seq, input: job.input }, buffer: chunk.buffer };
    } else {
      reply = { kind: 'result', result: { ...processor.processRange(message.range), seq: job.seq, input: job.input }, buffer: null };
    }
    port.postMessage(reply);
  } catch (error) {
    const reply: WorkerReply = { kind: 'error', seq: job.seq, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    port.postMessage(reply);
  }
});
