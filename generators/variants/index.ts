// The variant registry: every evasion of the table in docs/evasions.md that QEMU accepts, as a mutation
// operator, plus the rejected rows recorded with the reason they are not generated.
import { otherArchBinary, uppercaseBinaryName } from './binary-name-variants.js';
import { cmdCaretParent } from './cmd-caret-parent.js';
import { defaultConfigFile } from './default-config-file.js';
import { doubleDashNetdev } from './double-dash-netdev.js';
import { guestfwdChannel } from './guestfwd-channel.js';
import { inheritedSocketFd } from './inherited-socket-fd.js';
import { jsonNetdev } from './json-netdev.js';
import { legacyNetHub } from './legacy-net-hub.js';
import { legacyRedir } from './legacy-redir.js';
import { longPadding } from './long-padding.js';
import { nicShorthand } from './nic-shorthand.js';
import { noDevice } from './no-device.js';
import { nographicAlt } from './nographic-alt.js';
import { quoteInsertionNames, quoteInsertionValues } from './quote-insertion.js';
import { readconfigFile } from './readconfig-file.js';
import { renamedBinary } from './renamed-binary.js';
import { restrictAltBoolean } from './restrict-alt-boolean.js';
import { runtimeHostfwd } from './runtime-hostfwd.js';
import { setHostfwd } from './set-hostfwd.js';
import { socketListen } from './socket-listen.js';
import { socketSuccessor } from './socket-successor.js';
import type { Variant } from './variant.js';

export const VARIANTS: readonly Variant[] = [
  legacyNetHub,
  restrictAltBoolean,
  nographicAlt,
  doubleDashNetdev,
  jsonNetdev,
  readconfigFile,
  defaultConfigFile,
  renamedBinary,
  socketListen,
  socketSuccessor,
  nicShorthand,
  runtimeHostfwd,
  setHostfwd,
  guestfwdChannel,
  quoteInsertionValues,
  quoteInsertionNames,
  uppercaseBinaryName,
  cmdCaretParent,
  longPadding,
  noDevice,
  otherArchBinary,
  inheritedSocketFd,
  legacyRedir,
];

/** Rows of docs/evasions.md QEMU rejects: not generated; the acceptance test asserts each rejection. */
export const REJECTED_FORMS: ReadonlyArray<{ row: number; argv: string[]; reason: string }> = [
  { row: 18, argv: ['-NETDEV', 'user,id=n0'], reason: 'option names are case-sensitive' },
  { row: 18, argv: ['-netdev', 'USER,id=n0'], reason: 'back-end types are case-sensitive' },
  { row: 18, argv: ['-netdev', 'user,id=n0,HOSTFWD=tcp::2222-:22'], reason: 'keys are case-sensitive' },
  { row: 18, argv: ['-netdev', 'user,id=n0,restrict=OFF'], reason: 'on/off values are case-sensitive' },
  { row: 4, argv: ['-netdev=user,id=n0'], reason: 'QEMU does not accept option=value' },
];

const byId = new Map(VARIANTS.map((v) => [v.id, v]));

export function variantById(id: string): Variant | undefined {
  return byId.get(id);
}

export type { Variant, VariantContext } from './variant.js';
