// The data source registry: every place a QEMU process start can land for the two rules, with the
// ids, indexes, sourcetypes and sources pinned for the project, the real sample each renderer is
// checked against (test/fixtures/generators/), and the renderer.
import type { CanonicalEvent, OsFamily } from './canonical-event.js';
import type { DataSourceId } from './data-source-ids.js';
import type { ElasticRecord, SplunkRecord } from '../harness/model/records.js';
import { sourceSettings } from '../harness/profiles/profile.js';
import type { DeploymentProfile, SourceSettings } from '../harness/model/profile.js';
import { beatHostMetadata } from './renderers/shared/host-os.js';
import { renderAuditbeat, AUDITBEAT_INDEX } from './renderers/auditbeat.js';
import { renderCrowdstrikeFdr, CROWDSTRIKE_INDEX } from './renderers/crowdstrike-fdr.js';
import { renderElasticDefend, DEFEND_INDEX } from './renderers/elastic-defend.js';
import { renderM365Defender, M365_INDEX } from './renderers/m365-defender.js';
import { renderSentinelOne, SENTINELONE_INDEX } from './renderers/sentinelone-cloud-funnel.js';
import { renderSplunkLinuxAuditd, SPLUNK_AUDITD } from './renderers/splunk-linux-auditd.js';
import { renderSplunkSysmon1, SPLUNK_SYSMON } from './renderers/splunk-sysmon-1.js';
import { renderSplunkWinEventLog4688, CLASSIC_4688 } from './renderers/splunk-wineventlog-4688.js';
import { renderSplunkXmlWinEventLog4688, XML_4688 } from './renderers/splunk-xmlwineventlog-4688.js';
import { renderSystemSecurity4688, SYSTEM_SECURITY_INDEX } from './renderers/system-security-4688.js';
import { renderWindowsSysmon, WINDOWS_SYSMON_INDEX } from './renderers/windows-sysmon.js';
import { renderWinlogbeatSecurity4688, WINLOGBEAT_INDEX } from './renderers/winlogbeat-security-4688.js';
import { renderWinlogbeatSysmon } from './renderers/winlogbeat-sysmon.js';

export { DATA_SOURCE_IDS, type DataSourceId } from './data-source-ids.js';

interface DataSourceBase {
  id: DataSourceId;
  title: string;
  /** The product that records the event (and, for Elastic, the integration that ingests it). */
  product: string;
  /** OSes whose process starts this source records. */
  os: readonly OsFamily[];
  /** The real record(s) the renderer's output is compared with, relative to test/fixtures/generators/. */
  samples: readonly string[];
}

export interface ElasticDataSource extends DataSourceBase {
  siem: 'elastic';
  /** The `_index` (data stream or index) records land in. */
  index: string;
  /**
   * Shipped by a Beat or Elastic Agent log input from the host itself, whose `add_host_metadata`
   * processor writes host.* (https://www.elastic.co/docs/reference/fleet/add_host_metadata-processor:
   * "Inputs that collect logs and metrics use this processor by default"). Sources collected from a
   * vendor's cloud (CrowdStrike, SentinelOne, M365) take host.* from the vendor's record instead.
   */
  hostMetadata?: true;
  render(event: CanonicalEvent, settings?: SourceSettings): ElasticRecord;
}

export interface SplunkDataSource extends DataSourceBase {
  siem: 'splunk';
  index: string;
  sourcetype: string;
  source: string;
  render(event: CanonicalEvent, settings?: SourceSettings): SplunkRecord;
}

export type DataSource = ElasticDataSource | SplunkDataSource;

export const DATA_SOURCES: readonly DataSource[] = [
  {
    id: 'elastic-defend',
    siem: 'elastic',
    title: 'Elastic Defend process events',
    product: 'Elastic Defend (endpoint)',
    os: ['windows', 'linux', 'macos'],
    index: DEFEND_INDEX,
    samples: ['elastic-defend-process-sample-event.json', 'elastic-defend-process-created-linux.example.json'],
    render: renderElasticDefend,
  },
  {
    id: 'system-security-4688',
    siem: 'elastic',
    title: 'Windows Security 4688 via the System integration',
    product: 'Windows Security log → Elastic Agent System integration',
    os: ['windows'],
    index: SYSTEM_SECURITY_INDEX,
    samples: ['winlogbeat-security-4688.golden.json', 'windows-sysmon-sample-event.json', 'windows-security-4688-wef-rendered.xml'],
    hostMetadata: true,
    render: renderSystemSecurity4688,
  },
  {
    id: 'windows-sysmon',
    siem: 'elastic',
    title: 'Sysmon Event ID 1 via the Windows integration',
    product: 'Sysmon → Elastic Agent Windows integration (sysmon_operational)',
    os: ['windows'],
    index: WINDOWS_SYSMON_INDEX,
    samples: ['winlogbeat-sysmon-processcreate.golden.json', 'windows-sysmon-sample-event.json', 'sysmon-eid1-renamed-binary.evtx-dump.json'],
    hostMetadata: true,
    render: renderWindowsSysmon,
  },
  {
    id: 'winlogbeat-security-4688',
    siem: 'elastic',
    title: 'Windows Security 4688 via Winlogbeat',
    product: 'Windows Security log → Winlogbeat 9.1 security module',
    os: ['windows'],
    index: WINLOGBEAT_INDEX,
    samples: ['winlogbeat-security-4688.golden.json'],
    hostMetadata: true,
    render: renderWinlogbeatSecurity4688,
  },
  {
    id: 'winlogbeat-sysmon',
    siem: 'elastic',
    title: 'Sysmon Event ID 1 via Winlogbeat',
    product: 'Sysmon → Winlogbeat 9.1 sysmon module',
    os: ['windows'],
    index: WINLOGBEAT_INDEX,
    samples: ['winlogbeat-sysmon-processcreate.golden.json'],
    hostMetadata: true,
    render: renderWinlogbeatSysmon,
  },
  {
    id: 'auditbeat',
    siem: 'elastic',
    title: 'Linux execve via Auditbeat',
    product: 'Linux audit → Auditbeat 9.1 auditd module',
    os: ['linux'],
    index: AUDITBEAT_INDEX,
    samples: ['auditd-coalesced-execve-event.json'],
    hostMetadata: true,
    render: renderAuditbeat,
  },
  {
    id: 'crowdstrike-fdr',
    siem: 'elastic',
    title: 'CrowdStrike FDR ProcessRollup2',
    product: 'CrowdStrike Falcon Data Replicator → Elastic CrowdStrike integration',
    os: ['windows', 'linux', 'macos'],
    index: CROWDSTRIKE_INDEX,
    samples: ['crowdstrike-fdr-processrollup2-linux.expected.json', 'crowdstrike-fdr-processrollup2-linux.ndjson'],
    render: renderCrowdstrikeFdr,
  },
  {
    id: 'sentinelone-cloud-funnel',
    siem: 'elastic',
    title: 'SentinelOne Cloud Funnel ProcessCreation',
    product: 'SentinelOne Deep Visibility (Cloud Funnel) → Elastic integration',
    os: ['windows', 'linux', 'macos'],
    index: SENTINELONE_INDEX,
    samples: ['sentinelone-cloud-funnel-process-creation.expected.json', 'sentinelone-cloud-funnel-process-creation.ndjson'],
    render: renderSentinelOne,
  },
  {
    id: 'm365-defender',
    siem: 'elastic',
    title: 'Microsoft Defender for Endpoint DeviceProcessEvents',
    product: 'Microsoft Defender for Endpoint (Streaming API) → Elastic M365 Defender integration',
    os: ['windows', 'linux', 'macos'],
    index: M365_INDEX,
    samples: ['m365-defender-deviceprocessevents.expected.json', 'm365-defender-deviceprocessevents.ndjson'],
    render: renderM365Defender,
  },
  {
    id: 'splunk-xmlwineventlog-4688',
    siem: 'splunk',
    title: 'Windows Security 4688 as XmlWinEventLog',
    product: 'Windows Security log → Splunk Universal Forwarder (renderXml=true)',
    os: ['windows'],
    ...XML_4688,
    samples: ['windows-security-4688-wef-rendered.xml', 'splunk-security-4688-example.xml'],
    render: renderSplunkXmlWinEventLog4688,
  },
  {
    id: 'splunk-wineventlog-4688',
    siem: 'splunk',
    title: 'Windows Security 4688 as classic WinEventLog',
    product: 'Windows Security log → Splunk Universal Forwarder (classic rendering)',
    os: ['windows'],
    ...CLASSIC_4688,
    samples: ['splunk-wineventlog-4688-classic.txt'],
    render: renderSplunkWinEventLog4688,
  },
  {
    id: 'splunk-sysmon-1',
    siem: 'splunk',
    title: 'Sysmon Event ID 1 as XmlWinEventLog',
    product: 'Sysmon → Splunk Universal Forwarder (renderXml=true)',
    os: ['windows'],
    ...SPLUNK_SYSMON,
    samples: ['splunk-sysmon-1-example.xml', 'sysmon-eid1-renamed-binary.evtx-dump.json'],
    render: renderSplunkSysmon1,
  },
  {
    id: 'splunk-linux-auditd',
    siem: 'splunk',
    title: 'Linux audit EXECVE as linux:audit',
    product: 'Linux audit log → Splunk Add-on for Unix and Linux',
    os: ['linux'],
    ...SPLUNK_AUDITD,
    samples: ['auditd-coalesced-execve-event.json', 'splunk-linux-auditd-execve-example.txt'],
    render: renderSplunkLinuxAuditd,
  },
];

const byId = new Map<string, DataSource>(DATA_SOURCES.map((s) => [s.id, s]));

export function dataSourceById(id: string): DataSource | undefined {
  return byId.get(id);
}

/** Whether `source` records process starts of the event's OS. */
export function appliesTo(source: DataSource, event: CanonicalEvent): boolean {
  return source.os.includes(event.os);
}

/** The event as a sensor that does not record command lines reports it (4688 without "Include command line"). */
function withoutCommandLine(event: CanonicalEvent): CanonicalEvent {
  return { ...event, process: { ...event.process, commandLine: '', args: [] } };
}

/**
 * Render an event for a source under a deployment profile (none: everything captured); the caller
 * checks `appliesTo` first. The profile decides whether the command line was recorded, whether the
 * shipper added host.os.* and which pipeline version wrote the document.
 */
export function renderRecord(source: DataSource, event: CanonicalEvent, profile?: DeploymentProfile): ElasticRecord | SplunkRecord {
  const settings = sourceSettings(profile, source.id);
  const seen = settings.commandLine ? event : withoutCommandLine(event);
  if (source.siem === 'splunk') return source.render(seen, settings);
  const record = source.render(seen, settings);
  if (source.hostMetadata && settings.hostMetadata) {
    // add_host_metadata overwrites host.* (replace_fields defaults to true).
    const host = beatHostMetadata(event);
    record.host = host;
  }
  return record;
}
