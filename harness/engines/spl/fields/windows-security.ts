// Security-log field extraction of the Splunk Add-on for Microsoft Windows, for the classic WinEventLog
// text and for XmlWinEventLog, with the CIM Endpoint.Processes names the add-on computes for event 4688
// (process, process_path, process_name, process_exec, process_id, process_command_line_process,
// process_command_line_arguments, parent_process, parent_process_name, parent_process_path,
// parent_process_id, user, src_user, dest, action).
// Source: Splunk_TA_windows/default/props.conf stanzas [WinEventLog], [XmlWinEventLog],
// [source::WinEventLog:Security], [source::XmlWinEventLog:Security], [source::(WMI:WinEventLog|WinEventLog)...]
// and the transforms they name (PMJeffery/splunk4windows, add-on 8.x). The classic text's own
// extractions (wel-message, wel-eq-kv, wel-col-kv) ship in Splunk's system defaults, not in the add-on;
// the rules used here are stated at each function. Lookup-derived fields (signature, CategoryString,
// severity, app, ...) need the add-on's CSV lookups and are not produced.
import { FieldSet, basename, numEq } from './field-set.js';

// ---- classic WinEventLog text ------------------------------------------------------------------------

/**
 * wel-message / wel-eq-kv / wel-col-kv: the `key=value` header lines before `Message=` become fields;
 * `Message` is the text from `Message=` to the end; every `Label:<spaces or tabs>value` line of the
 * message becomes a field named after the label with spaces replaced by `_` (multivalue when repeated:
 * `Account_Name` holds the creator's and the target's). A label line with no value on the same line
 * (a section header such as `Process Information:`) creates no field. The header and label rules are
 * this engine's reading of the system transforms (their text is not in the add-on): only a real Splunk
 * can confirm edge cases such as a value continued on the next line.
 */
export function extractClassicWinEventLog(raw: string, f: FieldSet): void {
  const lines = raw.split(/\r?\n/);
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('Message=')) break;
    const m = /^([^=\s][^=]*)=(.*)$/.exec(line);
    if (m) f.add(cleanKey((m[1] as string).trim()), (m[2] as string).trim(), true);
  }
  if (i >= lines.length) return;
  const message = lines.slice(i).join('\n').slice('Message='.length);
  f.add('Message', message.trimEnd());
  for (const line of message.split('\n').slice(1)) {
    const m = /^\s*([^:\r\n]+):[ \t]+(.*?)\s*$/.exec(line);
    if (m) f.add(cleanKey((m[1] as string).trim()), m[2], true);
  }
}

function cleanKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_');
}

/** EXTRACT-process_id_for_windows_security: the first "Process ID:" after "Process Information:", up to a blank line. */
const CLASSIC_PROCESS_ID = /Process Information:[\s\S]*?Process ID:\s+(\S+)[\s\S]*?(?:\r*\n){2}/;

/** Fields of [WinEventLog] and [source::WinEventLog:Security] for a classic Security event. */
export function classicSecurityCim(raw: string, f: FieldSet, host: string): void {
  // [WinEventLog] aliases
  f.set('category', f.get('TaskCategory'));
  f.set('dvc_nt_host', host);
  f.set('dvc', f.get('ComputerName'));
  f.set('event_id', f.get('RecordNumber'));
  f.set('id', f.get('RecordNumber'));
  f.set('parent_process', f.get('Creator_Process_Name'));
  // REPORT / EXTRACT of [source::WinEventLog:Security]
  f.add('process_id', CLASSIC_PROCESS_ID.exec(raw)?.[1]);
  f.add('parent_process_name', basename(f.get('Creator_Process_Name')));
  f.add('new_process_name', basename(f.get('New_Process_Name')));
  commandLineParts(f);
  const dest = f.get('ComputerName');
  if (dest !== null && !dest.startsWith('-')) f.add('dest', dest.replace(/^\\+/, ''));
  // src_user: Account_Name_as_src_user takes the first of several Account_Name values unless it is "-".
  const accounts = f.joined('Account_Name');
  const src = accounts === null ? null : /(?!^-$)([^\n]+)\n/.exec(accounts)?.[1];
  if (src !== undefined && src !== null && src !== '-') f.add('src_user', src);
  // user: Special_Account_Name_as_user (a value with a comma), else Account_Name_as_user (the second
  // Account_Name when there are two: the target subject), else Security_ID_as_user.
  if (accounts !== null) {
    const special = /(?:(?:[^\n]*)\n)?(?:CN=)?([^\n]*?),.*/.exec(accounts)?.[1];
    f.add('user', special);
    f.add('user', /(?:(?:[^\n]*)\n)?([^\n]*)/.exec(accounts)?.[1]);
  }
  // EVALs (computed from the fields above, as calculated fields are)
  const is4688 = numEq(f.get('EventCode'), 4688);
  const evals = new Map<string, string | null>();
  evals.set('signature_id', f.get('EventCode'));
  evals.set('vendor_product', 'Microsoft Windows');
  evals.set('vendor', 'Microsoft');
  evals.set('product', 'Windows');
  evals.set('process', is4688 ? cimProcess(f, f.get('New_Process_Name')) : coalesce(f.get('Process'), f.get('process'), f.get('Process_Name')));
  evals.set('parent_process_id', is4688 ? f.get('Creator_Process_ID') : null);
  evals.set('process_path', is4688 ? f.get('New_Process_Name') : null);
  evals.set('parent_process_path', is4688 ? f.get('Creator_Process_Name') : null);
  evals.set('process_exec', is4688 ? f.get('new_process_name') : null);
  evals.set('process_name', is4688 ? f.get('new_process_name') : f.get('Process_Name'));
  evals.set('user', cimUser(f, is4688));
  const keywords = f.get('Keywords');
  evals.set('action', f.get('EventCode') === '4688' ? (keywords === 'Audit Success' ? 'allowed' : keywords === 'Audit Failure' ? 'blocked' : null) : null);
  for (const [k, v] of evals) f.set(k, v);
}

// ---- XmlWinEventLog:Security ---------------------------------------------------------------------------

/** Fields of [source::XmlWinEventLog:Security] for an XML Security event (after the generic XML extraction). */
export function xmlSecurityCim(raw: string, f: FieldSet): void {
  // REPORT renames of EventData fields to their classic names
  f.add('Token_Elevation_Type', f.get('TokenElevationType'));
  f.add('Logon_ID', f.get('SubjectLogonId'));
  f.add('Caller_Domain', f.get('SubjectDomainName'));
  f.add('Target_Domain', f.get('TargetDomainName'));
  f.add('Caller_User_Name', f.get('SubjectUserName'));
  f.add('Target_User_Name', f.get('TargetUserName'));
  f.add('Logon_Type', f.get('LogonType'));
  // EXTRACT-* (regular expressions over _raw)
  f.add('new_process', /<Data Name='NewProcessName'>([^<]+)<\/Data>/.exec(raw)?.[1]);
  f.add('parent_process', /<Data Name='ParentProcessName'>([^<]+)<\/Data>/.exec(raw)?.[1]);
  f.add('new_process_id', /<Data Name='NewProcessId'>([^<]+)<\/Data>/.exec(raw)?.[1]);
  f.add('parent_process_id', /<Data Name='ProcessId'>([^<]+)<\/Data>/.exec(raw)?.[1]);
  f.add('process_id', /<Execution ProcessID='(\d+)'/.exec(raw)?.[1]);
  f.add('Process_Command_Line', /<Data Name='CommandLine'>([^<]+)<\/Data>/.exec(raw)?.[1]);
  f.add('process', /<Data Name='ProcessName'>([^<]+)<\/Data>/.exec(raw)?.[1]);
  // REPORT: basenames, command-line split, session, dest, src_user, user
  f.add('parent_process_name', basename(f.get('parent_process')));
  f.add('new_process_name', basename(f.get('new_process')));
  commandLineParts(f);
  f.add('session_id', f.get('Logon_ID'));
  f.add('dest', /<Computer>([^<]+)<\/Computer>/.exec(raw)?.[1]);
  const caller = f.get('Caller_User_Name');
  if (caller !== null && caller !== '-') f.add('src_user', caller);
  const domain = f.get('Caller_Domain');
  if (domain !== null && domain !== '-') f.add('src_nt_domain', domain);
  f.add('user', f.get('Target_User_Name'));
  f.set('parent_process', f.get('ParentProcessName') ?? f.get('parent_process'));
  // EVALs
  const is4688 = numEq(f.get('EventCode'), 4688);
  const evals = new Map<string, string | null>();
  evals.set('vendor', 'Microsoft');
  evals.set('product', 'Windows');
  evals.set('process', is4688 ? cimProcess(f, f.get('NewProcessName')) : coalesce(f.get('process'), f.get('Process'), f.get('ProcessName')));
  evals.set('process_path', is4688 ? f.get('new_process') : coalesce(f.get('process'), f.get('Process'), f.get('ProcessName')));
  evals.set('process_id', is4688 ? f.get('new_process_id') : f.get('process_id'));
  evals.set('parent_process_path', is4688 ? f.get('parent_process') : null);
  evals.set('process_exec', is4688 ? f.get('new_process_name') : null);
  evals.set('process_name', is4688 ? f.get('new_process_name') : f.get('ProcessName'));
  evals.set('user', cimUser(f, is4688));
  evals.set('action', f.get('EventCode') === '4688' && f.get('Keywords') === '0x8020000000000000' ? 'allowed' : null);
  for (const [k, v] of evals) f.set(k, v);
}

// ---- shared ----------------------------------------------------------------------------------------------

/** process_command_line_process_and_arguments: `(^"[^"]+"|[^\s]+)\s*(.*)` over Process_Command_Line. */
function commandLineParts(f: FieldSet): void {
  const cmd = f.get('Process_Command_Line');
  if (cmd === null) return;
  const m = /(^"[^"]+"|[^\s]+)\s*(.*)/.exec(cmd);
  if (!m) return;
  f.add('process_command_line_process', m[1]);
  f.add('process_command_line_arguments', m[2]);
}

/**
 * EVAL-process for 4688: the command line when its first token holds a backslash; otherwise the image
 * path (quoted when it holds whitespace) followed by the arguments; the image path alone when there is
 * no command line. (`if(match(process_command_line_process,"(\\\)"), Process_Command_Line, ...)`.)
 */
function cimProcess(f: FieldSet, imagePath: string | null): string | null {
  const first = f.get('process_command_line_process');
  if (first !== null && first.includes('\\')) return coalesce(f.get('Process_Command_Line'), imagePath);
  const args = f.get('process_command_line_arguments');
  const rebuilt = imagePath === null || args === null ? null : (/\s/.test(imagePath) ? `"${imagePath}"` : imagePath) + ' ' + args;
  return coalesce(rebuilt, imagePath);
}

/** EVAL-user = if(EventCode==4688, if(user=="-" OR isnull(user), src_user, user), user). */
function cimUser(f: FieldSet, is4688: boolean): string | null {
  const user = f.get('user');
  if (!is4688) return user;
  return user === null || user === '-' ? f.get('src_user') : user;
}

function coalesce(...values: (string | null)[]): string | null {
  for (const v of values) if (v !== null) return v;
  return null;
}
