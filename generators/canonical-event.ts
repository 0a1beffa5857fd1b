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
}

export interface UserContext {
  name: string;
  /** Windows domain or NETBIOS name (`NT AUTHORITY` for SYSTEM); empty on Linux/macOS. */
  domain: string;
  /** Windows SID or POSIX uid as a string. */
  id: string;
}

export interface ProcessContext {
  executable: string;
  /** The process name as the OS reports it (basename of the executable). */
  name: string;
  args: string[];
  commandLine: string;
  pid: number;
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
}
