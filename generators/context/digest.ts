// One-shot digests of short texts (event ids, derived seeds, stable file hashes). crypto.hash
// (Node ≥ 20.12) skips the Hash object and its per-call algorithm lookup, which under OpenSSL 3 costs
// several microseconds; older Node 20 releases take the Hash object. Same bytes either way.
import { createHash, hash } from 'node:crypto';

export type DigestAlgorithm = 'md5' | 'sha1' | 'sha256';

const oneShot = typeof hash === 'function';

/** The digest of `text` (UTF-8) as lower-case hex. */
export function digestHex(algorithm: DigestAlgorithm, text: string): string {
  return oneShot ? hash(algorithm, text, 'hex') : createHash(algorithm).update(text).digest('hex');
}

/** The digest of `text` (UTF-8) as bytes. */
export function digestBytes(algorithm: DigestAlgorithm, text: string): Buffer {
  return oneShot ? hash(algorithm, text, 'buffer') : createHash(algorithm).update(text).digest();
}
