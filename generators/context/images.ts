// Version resources and hashes of the non-QEMU images that appear as parents.
import type { FileHashes, PeVersionInfo } from '../canonical-event.js';
import { basenameOf, buildHashes } from '../qemu/binaries.js';
import { boundedMemo } from './bounded-memo.js';

const MICROSOFT = 'Microsoft Corporation';
const WINDOWS_PRODUCT = 'Microsoft® Windows® Operating System';

const KNOWN: Record<string, PeVersionInfo> = {
  'cmd.exe': { fileVersion: '10.0.19041.4355 (WinBuild.160101.0800)', description: 'Windows Command Processor', product: WINDOWS_PRODUCT, company: MICROSOFT, originalFileName: 'Cmd.Exe' },
  'powershell.exe': { fileVersion: '10.0.19041.3996 (WinBuild.160101.0800)', description: 'Windows PowerShell', product: WINDOWS_PRODUCT, company: MICROSOFT, originalFileName: 'PowerShell.EXE' },
  'svchost.exe': { fileVersion: '10.0.19041.4355 (WinBuild.160101.0800)', description: 'Host Process for Windows Services', product: WINDOWS_PRODUCT, company: MICROSOFT, originalFileName: 'svchost.exe' },
  'explorer.exe': { fileVersion: '10.0.19041.4355 (WinBuild.160101.0800)', description: 'Windows Explorer', product: WINDOWS_PRODUCT, company: MICROSOFT, originalFileName: 'EXPLORER.EXE' },
  'wscript.exe': { fileVersion: '5.812.10240.16384', description: 'Microsoft ® Windows Based Script Host', product: 'Microsoft ® Windows Script Host', company: MICROSOFT, originalFileName: 'wscript.exe' },
  'cscript.exe': { fileVersion: '5.812.10240.16384', description: 'Microsoft ® Console Based Script Host', product: 'Microsoft ® Windows Script Host', company: MICROSOFT, originalFileName: 'cscript.exe' },
  'pwsh.exe': { fileVersion: '7.4.2.500', description: 'pwsh', product: 'PowerShell', company: MICROSOFT, originalFileName: 'pwsh.dll' },
  'java.exe': { fileVersion: '17.0.11.0', description: 'OpenJDK Platform binary', product: 'OpenJDK Platform 17.0.11', company: 'Eclipse Adoptium', originalFileName: 'java.exe' },
};

export function imagePeInfo(executable: string): PeVersionInfo {
  const name = basenameOf(executable);
  return KNOWN[name.toLowerCase()] ?? { fileVersion: '1.0.0.0', description: name.replace(/\.exe$/i, ''), product: name.replace(/\.exe$/i, ''), company: '', originalFileName: name };
}

export function imageHashes(executable: string): FileHashes {
  return buildHashes(`image:${executable.toLowerCase()}`);
}

/** What an event records of an image from its path alone: its file name, hashes and version resource. */
export interface ImageFacts {
  name: string;
  hashes: FileHashes;
  pe: PeVersionInfo;
}

/** The file name, hashes and version resource of `executable`, derived once per path (parent images repeat). */
export const imageFacts = boundedMemo((executable): ImageFacts => ({ name: basenameOf(executable), hashes: imageHashes(executable), pe: imagePeInfo(executable) }));
