import * as path from 'node:path';
import { usableCacheDirectory } from './cacheDirectory';
import { QueryCache } from './QueryCache';

/** Where the data checks' query outcomes persist inside Relgraph's cache folder. */
export function dataCheckCacheFolder(cacheDir: string): string {
  return path.join(cacheDir, 'data-checks');
}

/**
 * The data tier's persistent query cache, for a job that runs right after its validation: the job asks the
 * same questions of the same files (a CSV source's sniffed and verified column types) and finds the answers
 * there instead of reading the files again. Undefined when the folder is missing or not safe to use
 * (`usableCacheDirectory` says why, once).
 */
export function openDataCheckCache(
  cacheDir: string | undefined,
  warn: (message: string) => void,
): QueryCache | undefined {
  const usable = cacheDir ? usableCacheDirectory(cacheDir, warn) : undefined;
  return usable ? new QueryCache(dataCheckCacheFolder(usable)) : undefined;
}
