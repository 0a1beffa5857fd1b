// Runs one search as a job and reads every result row: dispatch (exec_mode normal), poll the job until
// DONE or FAILED, then page through /results with offset and count until a short page, and check the
// total against the job's resultCount. A failed job, a search Splunk refuses to parse, or a job that does
// not finish in time is an error with Splunk's own messages, never an empty result.
// dispatchState values: QUEUED, PARSING, RUNNING, PAUSED, FINALIZING, FAILED, DONE.
// https://help.splunk.com/en/splunk-enterprise/leverage-rest-apis/rest-api-reference/9.4/search-endpoints/search-endpoint-descriptions
// (search/v2/jobs, search/v2/jobs/{search_id}, search/v2/jobs/{search_id}/results: count default 100, offset)
import { SplunkRestError, type JobStatus, type RestRow, type SplunkMessage, type SplunkRest } from './rest.js';

export interface JobOptions {
  pollMs: number;
  timeoutMs: number;
  pageSize: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface JobOutcome {
  sid: string;
  rows: RestRow[];
  status: JobStatus;
  pages: number;
}

/** Splunk could not run the search (refused, failed, or too slow). */
export class SearchJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchJobError';
  }
}

function problems(messages: readonly SplunkMessage[]): string {
  const serious = messages.filter((m) => ['FATAL', 'ERROR'].includes(m.type.toUpperCase()));
  return (serious.length > 0 ? serious : messages).map((m) => `${m.type}: ${m.text}`).join('; ');
}

export async function runSearchJob(rest: SplunkRest, search: string, params: Record<string, string | number>, options: JobOptions): Promise<JobOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let sid: string;
  try {
    sid = await rest.createJob(search, params);
  } catch (error) {
    // 400 with messages: the search does not parse (unknown command, undefined macro, ...).
    if (error instanceof SplunkRestError) {
      const verb = error.status < 500 ? 'refused the search' : 'failed to dispatch the search';
      throw new SearchJobError(`Splunk ${verb} (${error.status}): ${problems(error.messages) || error.message}`);
    }
    throw error;
  }
  try {
    const deadline = Date.now() + options.timeoutMs;
    let status = await rest.jobStatus(sid);
    while (!status.isDone && !status.isFailed && status.dispatchState !== 'FAILED') {
      if (Date.now() >= deadline) {
        throw new SearchJobError(`search job ${sid} still ${status.dispatchState} after ${options.timeoutMs} ms`);
      }
      await sleep(options.pollMs);
      status = await rest.jobStatus(sid);
    }
    if (status.isFailed || status.dispatchState === 'FAILED') {
      throw new SearchJobError(`search job ${sid} failed: ${problems(status.messages) || 'no message'}`);
    }
    const rows: RestRow[] = [];
    let pages = 0;
    for (;;) {
      const page = await rest.jobResults(sid, rows.length, options.pageSize);
      pages += 1;
      rows.push(...page.rows);
      if (page.rows.length < options.pageSize) break;
    }
    if (rows.length !== status.resultCount) {
      throw new SearchJobError(`search job ${sid} reports ${status.resultCount} results but ${rows.length} were read`);
    }
    return { sid, rows, status, pages };
  } finally {
    // Jobs keep their results on the search head until their TTL; ours are read, so remove them now.
    await rest.deleteJob(sid).catch(() => undefined);
  }
}
