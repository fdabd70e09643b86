import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendJob } from '../../backend/JobBackend';
import { isTerminalStatus } from '../../backend/jobModel';

/** A pulled Kumo training graph, `<workspace>/.relgraph/kumo/<job id>.json`, as far as its freshness goes. */
export interface PulledGraphCopy {
  jobId: string;
  /** The folder whose `.relgraph/` holds it (what `relgraph kumo pull --workspace` takes). */
  workspace: string;
  /** The job's last change the copy knows: Kumo's at pull time (`jobUpdatedAt`), else when it was pulled. */
  knownChange: string;
}

export interface StalePulledGraph {
  copy: PulledGraphCopy;
  /** The job's last change on Kumo now. */
  jobUpdatedAt: string;
  /** One change of one copy: refreshed at most once. */
  key: string;
}

/** Kumo job ids as the cache names its files (core/kumo/KumoTrainingGraph.ts). */
const KUMO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The cache's own bound on a file: anything larger is not one Relgraph wrote. */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The pulled copies that are older than their training job's last change on Kumo (the rule of core's isCacheStale,
 * which `relgraph kumo pull` applies again before it pulls). A job that has not ended is left until it does: each of
 * its steps is a change, and its graph is fixed when it starts. The changes already tried (`tried` holds their keys)
 * are left out: a pull that failed is tried again once the job changes again.
 */
export function stalePulledGraphs(
  copies: readonly PulledGraphCopy[],
  jobs: readonly Pick<BackendJob, 'ref' | 'kind' | 'status' | 'updatedAt'>[],
  tried: ReadonlySet<string>,
): StalePulledGraph[] {
  const changes = new Map<string, string>();
  for (const job of jobs) if (isEndedKumoTraining(job)) changes.set(job.ref.id, job.updatedAt);
  const stale: StalePulledGraph[] = [];
  for (const copy of copies) {
    const jobUpdatedAt = changes.get(copy.jobId);
    if (!jobUpdatedAt || !(Date.parse(jobUpdatedAt) > Date.parse(copy.knownChange))) continue;
    const key = `${copy.workspace}\0${copy.jobId}\0${jobUpdatedAt}`;
    if (!tried.has(key)) stale.push({ copy, jobUpdatedAt, key });
  }
  return stale;
}

/** A Kumo training job that has ended and says when it last changed: the only jobs whose copies can be stale. */
export function isEndedKumoTraining<J extends Pick<BackendJob, 'ref' | 'kind' | 'status' | 'updatedAt'>>(
  job: J,
): job is J & { updatedAt: string } {
  return job.kind === 'training' && job.ref.backend === 'kumo' && !!job.updatedAt && isTerminalStatus(job.status);
}

/** The job id a cache file is named after, or undefined when the file cannot be one (`<id>.json`). */
export function pulledGraphJobId(cacheFile: string): string | undefined {
  const name = path.basename(cacheFile);
  const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
  const folder = path.dirname(cacheFile);
  const inCache = path.basename(folder) === 'kumo' && path.basename(path.dirname(folder)) === '.relgraph';
  return inCache && KUMO_ID.test(id) ? id : undefined;
}

/**
 * Reads what freshness needs of one cache file. A workspace is untrusted input: a file that is not a regular file
 * of a sane size, not JSON, or that describes another job than its name says is skipped (the CLI reports it).
 */
export async function readPulledGraphCopy(cacheFile: string): Promise<PulledGraphCopy | undefined> {
  const jobId = pulledGraphJobId(cacheFile);
  if (!jobId) return undefined;
  try {
    const stat = await fs.promises.lstat(cacheFile);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return undefined;
    const json = JSON.parse(await fs.promises.readFile(cacheFile, 'utf8')) as Record<string, unknown> | null;
    if (json?.jobId !== jobId) return undefined;
    const knownChange = [json.jobUpdatedAt, json.pulledAt].find(
      (v): v is string => typeof v === 'string' && v.length <= 64 && !Number.isNaN(Date.parse(v)),
    );
    if (!knownChange) return undefined;
    return { jobId, workspace: path.dirname(path.dirname(path.dirname(cacheFile))), knownChange };
  } catch {
    return undefined;
  }
}
