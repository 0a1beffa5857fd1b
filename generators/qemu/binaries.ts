// QEMU binaries: names, install locations per OS, PE version resource, and stable file hashes.
// Sources: Stefan Weil's Windows builds (https://qemu.weilnetz.de/) install to C:\Program Files\qemu\
// with a `…w.exe` GUI twin per target; Debian ships /usr/bin/qemu-system-* (package file list,
// https://packages.debian.org/bookworm/amd64/qemu-system-x86/filelist); RHEL's qemu-kvm package
// installs /usr/libexec/qemu-kvm, which libvirt launches there; Homebrew installs to /opt/homebrew/bin
// (Apple silicon) or /usr/local/bin (Intel) (https://docs.brew.sh/Installation). PE strings from qemu/qemu version.rc: ProductName "QEMU", FileDescription
// "QEMU machine emulators and tools", CompanyName "http://www.qemu-project.org", no OriginalFilename.
import type { FileHashes, OsFamily, PeVersionInfo } from '../canonical-event.js';
import { boundedMemo } from '../context/bounded-memo.js';
import { digestHex } from '../context/digest.js';
import type { QemuArch } from './model.js';

export const QEMU_VERSIONS = ['8.2.2', '9.0.2', '9.1.0', '9.2.0', '10.0.0'] as const;

export function systemBinaryName(arch: QemuArch, os: OsFamily, guiTwin = false): string {
  const base = `qemu-system-${arch}`;
  if (os !== 'windows') return base;
  return guiTwin ? `${base}w.exe` : `${base}.exe`;
}

export const WINDOWS_QEMU_DIR = 'C:\\Program Files\\qemu';

/** The version resource of a QEMU build: one object per version, shared by every event of that build. */
export const qemuPeInfo = boundedMemo(
  (version): PeVersionInfo => ({
    fileVersion: version,
    description: 'QEMU machine emulators and tools',
    product: 'QEMU',
    company: 'http://www.qemu-project.org',
    originalFileName: '',
  }),
);

/**
 * Hashes that stay the same for the same build (path-independent: a renamed copy keeps its hash).
 * They are derived, not real: no public hash list of every QEMU build was available. Identities
 * repeat (a few QEMU builds, the parents' images), so each is hashed once.
 */
export const buildHashes = boundedMemo(
  (identity): FileHashes => ({
    md5: digestHex('md5', identity),
    sha1: digestHex('sha1', identity),
    sha256: digestHex('sha256', identity),
  }),
);

export function basenameOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut === -1 ? path : path.slice(cut + 1);
}

export function dirnameOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut === -1 ? '' : path.slice(0, cut);
}
