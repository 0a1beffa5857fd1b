// Linux and macOS: the kernel hands the new process its argv as separate strings, so there is no
// quoting to undo. Products that still show a single command line (Elastic Defend, CrowdStrike
// CommandLine, SentinelOne cmdline, MDE ProcessCommandLine) join argv with single spaces; the
// Elastic Defend Linux example (endpoint-package schemas/examples/v1/process_created_linux.json)
// shows exactly that: args ["/usr/bin/ssh","-l","user","10.0.0.16"] → "/usr/bin/ssh -l user 10.0.0.16".

export function posixCommandLine(argv: readonly string[]): string {
  return argv.join(' ');
}
