import { isKumoConfigured } from '../../backend/kumo/createKumoBackend';
import type { KumoJobBackend } from '../../backend/kumo/KumoJobBackend';
import type { SpecHost } from '../../core/host/SpecHost';
import { SpecLoader } from '../../core/validation/SpecLoader';
import { findWorkspace } from '../../data/jobs/jobWorkspace';
import { readKumoTrainingGraph } from '../../data/kumo/kumoTrainingGraphCache';
import type { CliIo } from '../CliCommand';
import { predictionSpecsConcerned } from '../graphReferrers';
import { displayPath } from '../output/ValidationReport';
import { createCliKumoBackend } from './cliKumoBackend';
import { refreshTrainingGraph } from './refreshTrainingGraph';

/**
 * `relgraph validate` asks Kumo once per pulled graph and briefly (unless RELGRAPH_KUMO_TIMEOUT_MS says otherwise):
 * validation works offline from the copy, so a network that is down must not hold it up for the SDK's retries.
 */
const VALIDATE_TIMEOUT_MS = 10_000;

/** A workspace's pulled copy of a Kumo training graph that a spec being validated is checked against. */
interface PulledGraphInUse {
  jobId: string;
  /** The folder whose `.relgraph/kumo/` holds it. */
  workspace: string;
  pulledAt: string;
}

/**
 * The pulled Kumo training graphs the checks of these spec files read (`training_job: kumo:<id>` of the prediction
 * specs among them and of the users of the graph files among them), once per workspace and job. A job without a
 * readable copy is left out: validation says how to pull it, and pulling is the user's call.
 */
function pulledGraphsInUse(specFiles: readonly string[], host: SpecHost): PulledGraphInUse[] {
  const loader = new SpecLoader(host);
  const found = new Map<string, PulledGraphInUse>();
  for (const file of predictionSpecsConcerned(specFiles)) {
    const spec = loader.load(file)?.spec;
    const model = spec?.kind === 'prediction' ? spec.trainingJob : undefined;
    if (model?.kind !== 'kumo') continue;
    const workspace = findWorkspace(file);
    const key = `${workspace}\0${model.jobId}`;
    if (found.has(key)) continue;
    const cached = readKumoTrainingGraph(workspace, model.jobId);
    if (cached.state === 'ok') found.set(key, { jobId: model.jobId, workspace, pulledAt: cached.graph.pulledAt });
  }
  return [...found.values()];
}

/**
 * What `relgraph validate` does first when Kumo is configured (KUMO_API_URL): each pulled graph its specs are checked
 * against is pulled again when Kumo changed the job since (as `relgraph predict` does). When Kumo cannot be reached,
 * refuses the key, or its SDK cannot pull, the copy is kept and one warning line says so: the network never changes
 * what the validation reports nor its exit code. Everything goes to stderr (stdout may be JSON or SARIF).
 */
export async function refreshBeforeValidate(specFiles: readonly string[], host: SpecHost, io: CliIo): Promise<void> {
  if (!isKumoConfigured(io.env)) return;
  const graphs = pulledGraphsInUse(specFiles, host);
  let backend: KumoJobBackend | undefined;
  for (const graph of graphs) {
    if (io.signal.aborted) return;
    try {
      backend ??= createCliKumoBackend(io, { timeoutMs: VALIDATE_TIMEOUT_MS, retry: { total: 0 } });
      const refreshed = await refreshTrainingGraph(backend, graph.jobId, graph.workspace, io, { onlyIfCached: true });
      if (refreshed.state !== 'pulled') continue;
      io.stderr(`  pulled again: ${displayPath(refreshed.file, io.cwd)}\n`);
      for (const warning of refreshed.warnings) io.stderr(`warning: ${warning}\n`);
    } catch (error) {
      if (io.signal.aborted) return;
      const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
      io.stderr(
        `warning: could not refresh the pulled training graph of kumo:${graph.jobId} (${backend ? backend.client.scrub(message) : message}); ` +
          `validating against the copy pulled at ${graph.pulledAt}\n`,
      );
    }
  }
}
