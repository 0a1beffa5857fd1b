// `dth generate` below the CLI: stream the pack's canonical events, render each as one data source
// records it (under the deployment profile) and hand every record to the sink as one JSON line, as it is
// rendered (neither the events nor their text are held). Events the source does not record (their OS)
// are counted, so counts in = counts out.
import type { DeploymentProfile } from '../harness/model/profile.js';
import { InputError } from '../harness/errors.js';
import { windowText } from './context/time-window.js';
import { appliesTo, renderRecord, type DataSource } from './data-sources.js';
import { generationWindow, streamEvents, type GenerateOptions } from './generate.js';
import type { ScenarioPack } from './scenario-pack.js';

/** Where the records go (the CLI's line writer: stdout or --out). */
export interface RecordSink {
  line(text: string): Promise<void>;
}

export interface WrittenRecords {
  generated: number;
  written: number;
  /** OS -> events of that OS the source does not record. */
  notRecorded: Map<string, number>;
  /** The generation window, as the summary prints it. */
  window: string;
}

export async function writeRecords(pack: ScenarioPack, source: DataSource, profile: DeploymentProfile, options: GenerateOptions, sink: RecordSink): Promise<WrittenRecords> {
  const events = streamEvents(pack, options);
  const window = generationWindow(pack, options);
  const notRecorded = new Map<string, number>();
  let generated = 0;
  let written = 0;
  for (const event of events) {
    generated++;
    if (appliesTo(source, event)) {
      await sink.line(JSON.stringify(renderRecord(source, event, profile)));
      written++;
    } else notRecorded.set(event.os, (notRecorded.get(event.os) ?? 0) + 1);
  }
  if (written === 0 && options.scenarioIds !== undefined) {
    throw new InputError(`--source ${source.id} records ${source.os.join('/')} process starts; scenario(s) ${options.scenarioIds.join(', ')} produce none`);
  }
  return { generated, written, notRecorded, window: windowText(window) };
}
