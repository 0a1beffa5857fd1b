// Data source ids exactly as pinned for the whole project (/tmp/dth-pins.md, "Data sources").
export const DATA_SOURCE_IDS = [
  'elastic-defend',
  'system-security-4688',
  'windows-sysmon',
  'winlogbeat-security-4688',
  'winlogbeat-sysmon',
  'auditbeat',
  'crowdstrike-fdr',
  'sentinelone-cloud-funnel',
  'm365-defender',
  'splunk-xmlwineventlog-4688',
  'splunk-wineventlog-4688',
  'splunk-sysmon-1',
  'splunk-linux-auditd',
] as const;

export type DataSourceId = (typeof DATA_SOURCE_IDS)[number];
