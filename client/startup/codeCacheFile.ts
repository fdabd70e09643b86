// The code cache files of codeCachedBundle.ts: their names, their checked envelope, and their atomic writing.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What became of a bundle's code cache at load: used (V8 took it), absent (none yet: the first start of this bundle
 * on this V8), rejected (V8 refused it), corrupt (our check of the file failed), unreadable, or off (no cache folder).
 */
export type CodeCacheState = 'used' | 'absent' | 'rejected' | 'corrupt' | 'unreadable' | 'off';

/** The first bytes of every cache file: a file that does not start so is never handed to V8. */
const MAGIC = Buffer.from('relgraph-v8cache', 'latin1');
const DIGEST_BYTES = 32;
/** Magic, key, digest of the payload: 80 bytes, so the payload stays 8-byte aligned in the file's buffer. */
const HEADER_BYTES = MAGIC.length + 2 * DIGEST_BYTES;
/** A temporary file older than this was left by a write that died (writes take milliseconds). */
const ABANDONED_TEMP_MS = 10 * 60_000;

/**
 * The cache's key: the bundle's bytes (its sha256), the V8 version and the architecture. V8 compares only the source's
 * length with the one the cache was made from, so a changed bundle of the same length would run the old code: the
 * content hash is what keeps a new extension version or a rebuilt bundle off a stale cache.
 */
export function codeCacheKey(bundleSha256: Buffer): Buffer {
  return createHash('sha256').update(bundleSha256).update(`\0${process.versions.v8}\0${process.arch}`).digest();
}

/** `<bundle file name>.<16 hex digits of the key>.v8cache`: one file per bundle build and V8. */
export function codeCacheName(bundleName: string, key: Buffer): string {
  return `${bundleName}.${key.toString('hex').slice(0, 16)}.v8cache`;
}

export function encodeCodeCache(key: Buffer, payload: Buffer): Buffer {
  return Buffer.concat([MAGIC, key, createHash('sha256').update(payload).digest(), payload]);
}

/**
 * The V8 payload of a cache file, or undefined when the file is not a whole cache of this key. The payload's own
 * digest is checked because V8 (release builds: --verify-snapshot-checksum is off) does not check it: a damaged
 * payload whose header is intact stops the whole extension host with a fatal error instead of being refused.
 */
export function decodeCodeCache(contents: Buffer, key: Buffer): Buffer | undefined {
  if (contents.length <= HEADER_BYTES) return undefined;
  if (!contents.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!contents.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES).equals(key)) return undefined;
  const payload = contents.subarray(HEADER_BYTES);
  const digest = contents.subarray(MAGIC.length + DIGEST_BYTES, HEADER_BYTES);
  return createHash('sha256').update(payload).digest().equals(digest) ? payload : undefined;
}

/**
 * Writes the cache of `key` to `cacheFile` atomically (a temporary name, then a rename: a reader never sees half a
 * file, and two windows writing at once leave one whole file), then removes this bundle's caches of other keys (older
 * versions) and temporary files abandoned by a write that died. Throws when the cache could not be written.
 */
export async function writeCodeCache(cacheFile: string, key: Buffer, payload: Buffer): Promise<void> {
  const dir = path.dirname(cacheFile);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = `${cacheFile}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.promises.writeFile(temp, encodeCodeCache(key, payload), { flag: 'wx' });
    await fs.promises.rename(temp, cacheFile);
  } catch (error) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await removeOtherCaches(cacheFile).catch(() => undefined);
}

/** Only files of this bundle's naming pattern are removed: the folder is ours, but nothing else in it is touched. */
async function removeOtherCaches(cacheFile: string): Promise<void> {
  const dir = path.dirname(cacheFile);
  const current = path.basename(cacheFile);
  const bundleName = current.slice(0, current.length - '.0123456789abcdef.v8cache'.length);
  const ofBundle = new RegExp(`^${escapeRegExp(bundleName)}\\.[0-9a-f]{16}\\.v8cache(\\.\\d+-[0-9a-f]{8}\\.tmp)?$`);
  for (const name of await fs.promises.readdir(dir)) {
    const match = ofBundle.exec(name);
    if (!match || name === current) continue;
    const file = path.join(dir, name);
    // Another window may be writing its temporary file now, or have removed this one already.
    const abandoned = async () => Date.now() - (await fs.promises.stat(file)).mtimeMs >= ABANDONED_TEMP_MS;
    if (!match[1] || (await abandoned().catch(() => false))) await fs.promises.rm(file, { force: true });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
