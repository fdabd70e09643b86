import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatJobRef, parseJobRef } from '../../core/jobs/JobRef';
import { downloadPartition, urlWithoutQuery, type DownloadOptions } from '../kumo/presignedOutputs';

const MARKER = 'complete.json';
const MARKER_VERSION = 1;

type Artifact = 'predictions' | 'embeddings';

/** What a completed download records, and what a later preview checks before it trusts the cached copy. */
interface CompleteMarker {
  formatVersion: number;
  jobId: string;
  artifact: Artifact;
  key: string;
  parts: { name: string; size: number; mtimeMs: number }[];
}

/**
 * Where a Kumo job's output is cached: `<cacheRoot>/<job id>/<artifact>-<key>/`, where `cacheRoot` is the
 * user's cache directory's `kumo-outputs/` (never the workspace: a repository could ship a folder there that
 * the preview would show as the job's predictions). `key` hashes the job id, the artifact and where the
 * partitions are (each URL without its query, the part that carries the signature and its expiry): the same
 * job id on another Kumo deployment, whose outputs are other objects, never shares a folder.
 */
export function kumoOutputCacheFolder(
  cacheRoot: string,
  jobId: string,
  artifact: Artifact,
  urls: readonly string[],
): string {
  return cacheEntry(cacheRoot, jobId, artifact, urls).folder;
}

function cacheEntry(cacheRoot: string, jobId: string, artifact: Artifact, urls: readonly string[]) {
  // A Kumo job id as core/jobs/JobRef bounds it: anything else never names a folder.
  const ref = parseJobRef(formatJobRef({ backend: 'kumo', id: jobId }));
  if (ref?.id !== jobId || jobId.includes('..')) throw new Error(`'${jobId}' is not a Kumo job id`);
  const key = locationKey(jobId, artifact, urls);
  return { key, folder: path.join(cacheRoot, jobId, `${artifact}-${key}`) };
}

/**
 * The Parquet partitions of a finished Kumo job's output, downloaded once from their presigned URLs
 * (which expire after about an hour) into `cacheRoot`, then read from there: a finished job's output never
 * changes. Downloads go to a temporary folder renamed into place with a marker recording each partition's
 * size and modification time, so a cancelled or failed download leaves no partial cache that a later preview
 * would trust, and a copy that changed since (or a folder this download did not write) is downloaded again.
 * `cacheRoot` must be this user's alone (server/preview/previewDataTier checks its owner and mode).
 */
export async function cachedKumoOutput(
  cacheRoot: string,
  jobId: string,
  artifact: Artifact,
  urls: readonly string[],
  options: DownloadOptions = {},
): Promise<{ folder: string; files: string[]; downloaded: boolean }> {
  const { folder, key } = cacheEntry(cacheRoot, jobId, artifact, urls);
  const files = urls.map((_, i) => path.join(folder, partName(i)));
  if (isComplete(folder, { jobId, artifact, key, partitions: urls.length }))
    return { folder, files, downloaded: false };
  if (urls.length === 0) throw new Error(`Kumo job ${jobId} has no ${artifact} partitions`);
  fs.mkdirSync(path.dirname(folder), { recursive: true, mode: 0o700 });
  const temporary = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.mkdirSync(temporary, { mode: 0o700 });
  try {
    for (const [i, url] of urls.entries()) await downloadPartition(url, path.join(temporary, partName(i)), options);
    const parts = urls.map((_, i) => {
      const stats = fs.statSync(path.join(temporary, partName(i)));
      return { name: partName(i), size: stats.size, mtimeMs: stats.mtimeMs };
    });
    const marker: CompleteMarker = { formatVersion: MARKER_VERSION, jobId, artifact, key, parts };
    fs.writeFileSync(path.join(temporary, MARKER), JSON.stringify(marker) + '\n', { mode: 0o600 });
    // Only our own cache folder is ever replaced: it is named after a validated job id under the cache root.
    fs.rmSync(folder, { recursive: true, force: true });
    fs.renameSync(temporary, folder);
    return { folder, files, downloaded: true };
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

function locationKey(jobId: string, artifact: Artifact, urls: readonly string[]): string {
  const locations = urls.map((url) => urlWithoutQuery(url) ?? url);
  return createHash('sha256')
    .update(JSON.stringify([jobId, artifact, locations]))
    .digest('hex')
    .slice(0, 20);
}

function partName(index: number): string {
  return `part_${String(index).padStart(3, '0')}.parquet`;
}

/** Whether the folder holds exactly what a download of this output recorded, unchanged since (no links). */
function isComplete(
  folder: string,
  expected: { jobId: string; artifact: Artifact; key: string; partitions: number },
): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(folder, MARKER), 'utf8')) as Partial<CompleteMarker>;
    if (
      marker.formatVersion !== MARKER_VERSION ||
      marker.jobId !== expected.jobId ||
      marker.artifact !== expected.artifact ||
      marker.key !== expected.key ||
      !Array.isArray(marker.parts) ||
      marker.parts.length !== expected.partitions
    )
      return false;
    return marker.parts.every((part, i) => {
      if (part?.name !== partName(i)) return false;
      const stats = fs.lstatSync(path.join(folder, part.name));
      return stats.isFile() && stats.size === part.size && stats.mtimeMs === part.mtimeMs;
    });
  } catch {
    return false;
  }
}
