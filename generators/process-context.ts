// Pieces of a canonical event shared by the QEMU generator and declarative populations: process
// ids, event ids and the parent process context.
import type { FileHashes, OsFamily, ProcessContext } from './canonical-event.js';
import type { Host } from './context/hosts.js';
import { boundedMemo } from './context/bounded-memo.js';
import { digestHex } from './context/digest.js';
import { imageFacts } from './context/images.js';
import { isoTimestamp } from './context/iso-time.js';
import { accountFor, type AccountKind } from './context/people.js';
import type { Rng } from './context/rng.js';
import { basenameOf } from './qemu/binaries.js';
import { posixCommandLine } from './qemu/posix-cmdline.js';
import { parseWindowsCommandLine, windowsCommandLine, type ProgramQuoting } from './qemu/windows-cmdline.js';

export function processId(rng: Rng, os: OsFamily): number {
  if (os === 'windows') return rng.int(250, 20000) * 4;
  if (os === 'macos') return rng.int(400, 99999);
  return rng.int(1000, 4_000_000);
}

export function eventId(seed: number, scenarioId: string, os: OsFamily, index: number): string {
  return digestHex('sha256', `${seed}\u0000${scenarioId}\u0000${os}\u0000${index}`).slice(0, 32);
}

export interface ParentLaunch {
  executable: string;
  argv: string[];
  commandLine?: string;
  programQuoting?: ProgramQuoting;
  account?: AccountKind;
}

// Parent command lines repeat (a few launchers per population): each is split once.
const splitParentLine = boundedMemo<readonly string[]>(parseWindowsCommandLine);

function parentArgs(commandLine: string): string[] {
  return [...splitParentLine(commandLine)];
}

/** The parent's process context; it started between 2 s and a day before the child. */
export function parentContext(rng: Rng, os: OsFamily, parent: ParentLaunch, edits: ReadonlyArray<(commandLine: string) => string>, childAccount: AccountKind, host: Host, childStart: number): ProcessContext {
  let commandLine: string;
  let args: string[];
  if (os === 'windows') {
    commandLine = parent.commandLine ?? windowsCommandLine(parent.argv, parent.programQuoting ?? 'as-needed');
    for (const edit of edits) commandLine = edit(commandLine);
    args = parentArgs(commandLine);
  } else {
    args = [...parent.argv];
    commandLine = posixCommandLine(args);
  }
  const startedBefore = rng.int(2, 86_400);
  const image = imageFacts(parent.executable);
  const context: ProcessContext = {
    executable: parent.executable,
    name: image.name,
    args,
    commandLine,
    pid: processId(rng, os),
    entityId: rng.uuid(),
    startTime: isoTimestamp(childStart - startedBefore * 1000 - rng.int(0, 999)),
    hashes: image.hashes,
  };
  if (os === 'windows') context.pe = image.pe;
  if (parent.account !== undefined && parent.account !== childAccount) context.user = accountFor(parent.account, os, host.person);
  return context;
}

/** The started process: its image, argv and command line as the OS recorded them, a pid and an entity id. */
export function startedProcess(rng: Rng, os: OsFamily, image: { executable: string; args: string[]; commandLine: string; workingDirectory: string; startTime: string; hashes: FileHashes }): ProcessContext {
  return {
    executable: image.executable,
    name: basenameOf(image.executable),
    args: image.args,
    commandLine: image.commandLine,
    pid: processId(rng, os),
    entityId: rng.uuid(),
    workingDirectory: image.workingDirectory,
    startTime: image.startTime,
    hashes: image.hashes,
  };
}
