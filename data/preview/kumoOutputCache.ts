import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatJobRef, parseJobRef } from '../../core/jobs/JobRef';
import { RELGRAPH_DIR } from '../jobs/jobWorkspace';
import { downloadPartition, type DownloadOptions } from '../kumo/presignedOutputs';

const MARKER = 'complete.json';

/** Where a Kumo job's output is cached: `<workspace>/.relgraph/cache/kumo-outputs/<job id>/<artifact>/`. */
export function kumoOutputCacheFolder(
  workspace: string,
  jobId: string,
  artifact: 'predictions' | 'embeddings',
): string {
  // A Kumo job id as core/jobs/JobRef bounds it: anything else never names a folder.
  const ref = parseJobRef(formatJobRef({ backend: 'kumo', id: jobId }));
  if (ref?.id !== jobId || jobId.includes('..')) throw new Error(`'${jobId}' is not a Kumo job id`);
  return path.join(workspace, RELGRAPH_DIR, 'cache', 'kumo-outputs', jobId, artifact);
}

/**
 * The Parquet partitions of a finished Kumo job's output, downloaded once from their presigned URLs
 * (which expire after about an hour) into the workspace's `.relgraph/cache/`, then read from there: a
 * finished job's output never changes. Downloads go to a temporary folder renamed into place with a
 * marker, so a cancelled or failed download leaves no partial cache that a later preview would trust.
 */
export async function cachedKumoOutput(
  workspace: string,
  jobId: string,
  artifact: 'predictions' | 'embeddings',
  urls: readonly string[],
  options: DownloadOptions = {},
): Promise<{ folder: string; files: string[]; downloaded: boolean }> {
  const folder = kumoOutputCacheFolder(workspace, jobId, artifact);
  const files = urls.map((_, i) => path.join(folder, partName(i)));
  if (isComplete(folder, urls.length)) return { folder, files, downloaded: false };
  if (urls.length === 0) throw new Error(`Kumo job ${jobId} has no ${artifact} partitions`);
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  const temporary = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.mkdirSync(temporary);
  try {
    for (const [i, url] of urls.entries()) await downloadPartition(url, path.join(temporary, partName(i)), options);
    fs.writeFileSync(path.join(temporary, MARKER), JSON.stringify({ jobId, artifact, partitions: urls.length }) + '\n');
    // Only our own cache folder is ever replaced: it is named after a validated job id under .relgraph/cache.
    fs.rmSync(folder, { recursive: true, force: true });
    fs.renameSync(temporary, folder);
    return { folder, files, downloaded: true };
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

function partName(index: number): string {
  return `part_${String(index).padStart(3, '0')}.parquet`;
}

function isComplete(folder: string, partitions: number): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(folder, MARKER), 'utf8')) as { partitions?: unknown };
    if (marker.partitions !== partitions) return false;
    for (let i = 0; i < partitions; i++) if (!fs.statSync(path.join(folder, partName(i))).isFile()) return false;
    return true;
  } catch {
    return false;
  }
}
