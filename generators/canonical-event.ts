// The canonical event: one process start, independent of any product, with its ground truth.
// Renderers (generators/renderers/) are the only code that turns it into a product's fields.

export type Label = 'malicious' | 'benign';
export type OsFamily = 'windows' | 'linux' | 'macos';

export interface HostContext {
  /** Short host name, e.g. `WS-0142`. */
  name: string;
  /** DNS domain, e.g. `corp.example.com` (empty for workgroup / unmanaged hosts). */
  domain: string;
  ip: string;
  /** Stable agent / sensor identifier for the host. */
  id: string;
  /** Operating system details as agents report them (optional; renderers fall back to generic values). */
  osInfo?: HostOsInfo;
  /** Primary MAC address, colon-separated lower case. */
  mac?: string;
  /** CPU architecture as agents report it, e.g. `x86_64`, `arm64`. */
  architecture?: string;
}

export interface HostOsInfo {
  /** e.g. `Windows 10 Enterprise`, `Ubuntu`, `macOS`. */
  name: string;
  /** e.g. `22H2`, `22.04.4 LTS (Jammy Jellyfish)`, `14.5`. */
  version: string;
  /** Kernel or build string, e.g. `10.0.19045.4291`, `6.5.0-35-generic`, `23.5.0`. */
  kernel: string;
  /** ECS host.os.platform: `windows`, `ubuntu`, `debian`, `rhel`, `darwin`. */
  platform: string;
}

export interface UserContext {
  name: string;
  /** Windows domain or NETBIOS name (`NT AUTHORITY` for SYSTEM); empty on Linux/macOS. */
  domain: string;
  /** Windows SID or POSIX uid as a string. */
  id: string;
  /** Windows logon session id (hex, e.g. `0x3e7` for SYSTEM); absent on Linux/macOS. */
  logonId?: string;
  /** POSIX primary group id as a string; absent on Windows. */
  groupId?: string;
  /** POSIX primary group name; absent on Windows. */
  groupName?: string;
}

export type IntegrityLevel = 'Low' | 'Medium' | 'High' | 'System';

export interface FileHashes {
  md5: string;
  sha1: string;
  sha256: string;
}

/** PE version resource of a Windows image (Sysmon FileVersion/Description/Product/Company/OriginalFileName). */
export interface PeVersionInfo {
  fileVersion: string;
  description: string;
  product: string;
  company: string;
  /** Empty when the resource has no OriginalFilename (QEMU's version.rc has none: Sysmon shows `-`). */
  originalFileName: string;
}

export interface ProcessContext {
  executable: string;
  /** The process name as the OS reports it (basename of the executable). */
  name: string;
  args: string[];
  commandLine: string;
  pid: number;
  /** Globally unique process id of the sensor (Defend entity_id, Sysmon ProcessGuid source, EDR ids). */
  entityId?: string;
  workingDirectory?: string;
  /** Process start time, ISO 8601 UTC with milliseconds (the parent starts before the child). */
  startTime?: string;
  hashes?: FileHashes;
  /** Windows only. */
  pe?: PeVersionInfo;
  /** Windows only. */
  integrityLevel?: IntegrityLevel;
  /** The account the process runs as, when it differs from the event's user (e.g. a parent service). */
  user?: UserContext;
}

export interface CanonicalEvent {
  /** Unique and stable for a seed: the `_id` in Elasticsearch and in Splunk records. */
  id: string;
  scenarioId: string;
  label: Label;
  /** ATT&CK technique ids, e.g. `T1572`. */
  techniques: string[];
  /** Population (attacker technique or benign tool) that produced the argv. */
  population: string;
  /** Evasion variant applied by a mutation operator, or null for the unmodified population. */
  variant: string | null;
  os: OsFamily;
  host: HostContext;
  user: UserContext;
  /** Process start time, ISO 8601 UTC with milliseconds. */
  timestamp: string;
  process: ProcessContext;
  parent: ProcessContext;
  /** Windows token elevation of the new process (4688 TokenElevationType). */
  tokenElevation?: 'default' | 'full' | 'limited';
  /** Per-host event-log record number (Windows EventRecordID) / audit serial (Linux). */
  recordId?: number;
  /**
   * Files the process reads that carry its network set-up (a -readconfig file, QEMU's default
   * qemu.conf). Process-start telemetry never records them; they are here so reports can show
   * where the configuration went.
   */
  files?: Array<{ path: string; content: string }>;
  /** A step of a scenario's event chain: the id of the chain's head (the event the rates count). */
  chainOf?: string;
}
