import type { KumoJobBackend } from '../../backend/kumo/KumoJobBackend';
import { choosePython } from '../../backend/kumo/kumoPython';
import { pullTrainingGraph } from '../../backend/kumo/pullTrainingGraph';
import { isCacheStale, type KumoTrainingGraph } from '../../core/kumo/KumoTrainingGraph';
import { readKumoTrainingGraph, writeKumoTrainingGraph } from '../../data/kumo/kumoTrainingGraphCache';
import type { CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';
import { showingSdkFailure } from './cliKumoBackend';

export interface RefreshOptions {
  python?: string;
  /** Pull even when the cached copy is current. */
  force?: boolean;
  /** Only refresh a copy that exists (predict: a spec whose graph was never pulled stays so). */
  onlyIfCached?: boolean;
}

export type RefreshOutcome =
  | { state: 'pulled' | 'fresh'; graph: KumoTrainingGraph; file: string; warnings: string[] }
  | { state: 'not-cached' };

/**
 * Keeps a workspace's copy of a Kumo training graph current: pulled when missing (unless `onlyIfCached`),
 * when `force`, or when Kumo changed the job after the copy was made; otherwise the copy is kept.
 */
export async function refreshTrainingGraph(
  backend: KumoJobBackend,
  jobId: string,
  workspace: string,
  io: CliIo,
  options: RefreshOptions = {},
): Promise<RefreshOutcome> {
  const cached = readKumoTrainingGraph(workspace, jobId);
  if (cached.state !== 'ok' && options.onlyIfCached) return { state: 'not-cached' };
  if (cached.state === 'ok' && !options.force) {
    const job = await backend.get(jobId, io.signal);
    if (!isCacheStale(cached.graph, job.updatedAt))
      return { state: 'fresh', graph: cached.graph, file: cached.path, warnings: [] };
    io.stderr(`kumo:${jobId} changed on Kumo since it was pulled (${cached.graph.pulledAt}): pulling it again\n`);
  } else if (cached.state === 'unreadable') {
    io.stderr(`${displayPath(cached.path, io.cwd)} is unreadable (${cached.problem}): pulling it again\n`);
  }
  const pulled = await showingSdkFailure(backend, io, (onOutput) =>
    pullTrainingGraph(jobId, {
      backend,
      python: choosePython(options.python, io.env),
      env: backend.options.env ?? io.env,
      signal: io.signal,
      onOutput,
    }),
  );
  const file = writeKumoTrainingGraph(workspace, pulled.graph);
  return { state: 'pulled', graph: pulled.graph, file, warnings: pulled.warnings };
}
