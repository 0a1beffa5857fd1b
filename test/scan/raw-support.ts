// The CrowdStrike renderer and the --raw mapper side by side: the raw ProcessRollup2 record the renderer
// exposes, mapped back, must give the ECS process fields the renderer (the integration's pipeline) writes.
import { generateEvents } from '../../generators/generate.js';
import { loadPack } from '../../generators/scenario-pack.js';
import { processRollup2Raw, renderCrowdstrikeFdr } from '../../generators/renderers/crowdstrike-fdr.js';
import { mapRawRecord } from '../../harness/scan/raw-vendor.js';

type Json = Record<string, unknown>;

function core(doc: Json): Json {
  const p = (doc['process'] ?? {}) as Json;
  const e = (doc['event'] ?? {}) as Json;
  return {
    timestamp: doc['@timestamp'],
    type: e['type'],
    category: e['category'],
    commandLine: p['command_line'],
    args: p['args'],
    executable: p['executable'],
    name: p['name'],
    pid: p['pid'],
    entityId: p['entity_id'],
    parentName: (p['parent'] as Json | undefined)?.['name'],
    host: (doc['host'] as Json | undefined)?.['name'],
  };
}

export function crowdstrikeRoundTrip(count: number): { mapped: Json; rendered: Json }[] {
  const events = generateEvents(loadPack(), { seed: 3 }).filter((_, i) => i % 37 === 0).slice(0, count);
  return events.map((event) => ({
    mapped: core(mapRawRecord('crowdstrike-fdr', processRollup2Raw(event))),
    rendered: core(renderCrowdstrikeFdr(event) as Json),
  }));
}
