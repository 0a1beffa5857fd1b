// `dth scan --source <id> --raw`: vendor records as exported before any Elastic ingest pipeline,
// mapped to the ECS fields that data source's Elastic integration pipeline writes for a process start,
// with the same field logic as the renderers in generators/renderers/ (their inverse): the same
// command-line splitters, the same executable/name/parent/host/time fields, the same data stream.
// Pipelines followed (elastic/integrations):
// - crowdstrike-fdr: packages/crowdstrike/data_stream/fdr/elasticsearch/ingest_pipeline/default.yml
//   (ProcessRollup2 / SyntheticProcessRollup2: event.type start; CommandLine split by the
//   "split_command_line" script, empty arguments skipped; ImageFileName as written);
// - sentinelone-cloud-funnel: packages/sentinel_one_cloud_funnel/data_stream/event/elasticsearch/
//   ingest_pipeline/default.yml and pipeline-process.yml (tgt.process.* → process.*, src.process.* →
//   process.parent.*, one pair of surrounding quotes trimmed from tgt.process.cmdline, Go-style split);
// - m365-defender: packages/m365_defender/data_stream/event/elasticsearch/ingest_pipeline/
//   pipeline_device.yml (properties.ProcessCommandLine, FileName, FolderPath, InitiatingProcess*);
// - windows-sysmon / winlogbeat-sysmon (event 1) and system-security-4688 / winlogbeat-security-4688
//   (event 4688) from `evtx_dump` JSON (omerbenamram/evtx): packages/windows/data_stream/
//   sysmon_operational/elasticsearch/ingest_pipeline/default.yml and packages/system/data_stream/
//   security/elasticsearch/ingest_pipeline/standard.yml ("Process Event 4688").
// A record of another kind (a DNS request, a network event) keeps only its host and time: no rule on
// process starts matches it, which is what production would answer.
import { splitWindowsCommandLine } from '../../generators/qemu/windows-cmdline.js';
import { splitSecurity4688 } from '../../generators/renderers/shared/winlog-4688-split.js';
import type { RawSourceId } from './types.js';

type Json = Record<string, unknown>;


function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value.trim()) ? Number.parseInt(value.trim().slice(2), 16) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function isoOfMillis(value: unknown): string | undefined {
  const ms = num(value) ?? (typeof value === 'string' ? Number(value) : NaN);
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The last path element, for `\` (Windows, NT device paths) and `/` paths. */
function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}

/** Sets the values that are defined; drops the rest (ECS documents carry no nulls for absent fields). */
function compact(object: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (isObject(value)) {
      const inner = compact(value);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else out[key] = value;
  }
  return out;
}

function processFields(commandLine: string | undefined, args: string[] | undefined, executable: string | undefined, name: string | undefined, pid: number | undefined): Json {
  return { command_line: commandLine, args, args_count: args?.length, executable, name: name ?? (executable === undefined ? undefined : baseName(executable)), pid };
}

function crowdstrike(r: Json): Json {
  const start = r['event_simpleName'] === 'ProcessRollup2' || r['event_simpleName'] === 'SyntheticProcessRollup2';
  const commandLine = str(r['CommandLine']);
  const executable = str(r['ImageFileName']);
  return compact({
    '@timestamp': isoOfMillis(r['timestamp']),
    event: { action: str(r['event_simpleName']), kind: 'event', ...(start ? { category: ['process'], type: ['start'] } : {}) },
    host: { name: str(r['ComputerName']), hostname: str(r['ComputerName']) },
    process: start
      ? {
          ...processFields(commandLine, commandLine === undefined ? undefined : splitWindowsCommandLine(commandLine, { dropEmpty: true }), executable, undefined, num(r['RawProcessId'])),
          entity_id: str(r['TargetProcessId']),
          parent: { entity_id: str(r['ParentProcessId']), name: str(r['ParentBaseFileName']) },
        }
      : undefined,
    user: { name: str(r['UserName']), id: str(r['UserSid']) ?? str(r['UID']) },
  });
}

/** S1 removes one pair of surrounding quotes from the new process's command line. */
function trimQuotes(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function sentinelOne(r: Json): Json {
  const name = str(r['meta.event.name']) ?? '';
  const start = name.toUpperCase() === 'PROCESSCREATION' || str(r['event.type']) === 'Process Creation';
  const commandLine = str(r['tgt.process.cmdline']);
  const trimmed = commandLine === undefined ? undefined : trimQuotes(commandLine);
  const parentCommandLine = str(r['src.process.cmdline']);
  return compact({
    '@timestamp': isoOfMillis(r['event.time']),
    event: { kind: 'event', ...(start ? { category: ['process'], type: ['start'], action: ['start'] } : {}) },
    host: { name: str(r['endpoint.name']) },
    process: start
      ? {
          ...processFields(trimmed, trimmed === undefined ? undefined : splitWindowsCommandLine(trimmed, { dropEmpty: true }), str(r['tgt.process.image.path']), str(r['tgt.process.name']), num(r['tgt.process.pid'])),
          parent: processFields(parentCommandLine, parentCommandLine === undefined ? undefined : splitWindowsCommandLine(parentCommandLine, { dropEmpty: true }), str(r['src.process.image.path']), str(r['src.process.name']), num(r['src.process.pid'])),
        }
      : undefined,
    user: { name: str(r['src.process.user']) },
  });
}

function m365Defender(r: Json): Json {
  const p = isObject(r['properties']) ? r['properties'] : r;
  const start = str(p['ActionType']) === 'ProcessCreated';
  const commandLine = str(p['ProcessCommandLine']);
  const parentCommandLine = str(p['InitiatingProcessCommandLine']);
  return compact({
    '@timestamp': str(p['Timestamp']),
    event: { kind: 'event', action: start ? 'start' : str(p['ActionType']), ...(start ? { category: ['process'], type: ['start'] } : {}) },
    host: { name: str(p['DeviceName']), id: str(p['DeviceId']) },
    process: start
      ? {
          ...processFields(commandLine, commandLine === undefined ? undefined : splitWindowsCommandLine(commandLine), str(p['FolderPath']), str(p['FileName']), num(p['ProcessId'])),
          parent: processFields(parentCommandLine, parentCommandLine === undefined ? undefined : splitWindowsCommandLine(parentCommandLine), str(p['InitiatingProcessFolderPath']), str(p['InitiatingProcessFileName']), num(p['InitiatingProcessId'])),
        }
      : undefined,
    user: { name: str(p['AccountName']), domain: str(p['AccountDomain']), id: str(p['AccountSid']) },
  });
}

/** `evtx_dump` JSON: {"Event": {"System": {...}, "EventData": {...}}}; attributes under "#attributes". */
function evtx(r: Json, eventId: number): Json | null {
  const event = isObject(r['Event']) ? r['Event'] : null;
  if (event === null) return null;
  const system = isObject(event['System']) ? event['System'] : {};
  const data = isObject(event['EventData']) ? event['EventData'] : {};
  const id = num(isObject(system['EventID']) ? (system['EventID'] as Json)['#text'] : system['EventID']);
  const created = isObject(system['TimeCreated']) && isObject((system['TimeCreated'] as Json)['#attributes']) ? str(((system['TimeCreated'] as Json)['#attributes'] as Json)['SystemTime']) : undefined;
  const base: Json = {
    '@timestamp': created,
    event: { code: id === undefined ? undefined : String(id), kind: 'event' },
    host: { name: str(system['Computer']) },
    winlog: { channel: str(system['Channel']), computer_name: str(system['Computer']), event_id: id === undefined ? undefined : String(id), event_data: data },
  };
  if (id !== eventId) return compact(base);
  return { base, data };
}

function sysmon(r: Json): Json {
  const mapped = evtx(r, 1);
  if (mapped === null || !('data' in mapped)) return mapped ?? {};
  const { base, data } = mapped as { base: Json; data: Json };
  const commandLine = str(data['CommandLine']);
  const parentCommandLine = str(data['ParentCommandLine']);
  return compact({
    ...base,
    event: { ...(base['event'] as Json), category: ['process'], type: ['start'], action: 'Process Create (rule: ProcessCreate)' },
    process: {
      ...processFields(commandLine, commandLine === undefined ? undefined : splitWindowsCommandLine(commandLine), str(data['Image']), undefined, num(data['ProcessId'])),
      entity_id: str(data['ProcessGuid']),
      working_directory: str(data['CurrentDirectory']),
      pe: { original_file_name: str(data['OriginalFileName']), description: str(data['Description']), product: str(data['Product']), company: str(data['Company']) },
      parent: {
        ...processFields(parentCommandLine, parentCommandLine === undefined ? undefined : splitWindowsCommandLine(parentCommandLine), str(data['ParentImage']), undefined, num(data['ParentProcessId'])),
        entity_id: str(data['ParentProcessGuid']),
      },
    },
  });
}

function security4688(r: Json): Json {
  const mapped = evtx(r, 4688);
  if (mapped === null || !('data' in mapped)) return mapped ?? {};
  const { base, data } = mapped as { base: Json; data: Json };
  const commandLine = str(data['CommandLine']);
  const usable = commandLine !== undefined && commandLine !== '';
  return compact({
    ...base,
    event: { ...(base['event'] as Json), category: ['process'], type: ['start'], action: 'created-process' },
    process: {
      ...processFields(usable ? commandLine : undefined, usable ? splitSecurity4688(commandLine) : undefined, str(data['NewProcessName']), undefined, num(data['NewProcessId'])),
      parent: { executable: str(data['ParentProcessName']), name: str(data['ParentProcessName']) === undefined ? undefined : baseName(str(data['ParentProcessName']) as string), pid: num(data['ProcessId']) },
    },
    user: { name: str(data['TargetUserName']), domain: str(data['TargetDomainName']), id: str(data['TargetUserSid']) },
  });
}

const MAPPERS: Record<RawSourceId, (record: Json) => Json> = {
  'crowdstrike-fdr': crowdstrike,
  'sentinelone-cloud-funnel': sentinelOne,
  'm365-defender': m365Defender,
  'windows-sysmon': sysmon,
  'winlogbeat-sysmon': sysmon,
  'system-security-4688': security4688,
  'winlogbeat-security-4688': security4688,
};

/** The ECS document the source's Elastic integration makes of a raw vendor record (see the top of this file). */
export function mapRawRecord(source: RawSourceId, record: Json): Json {
  return MAPPERS[source](record);
}
