import { JobBackendError } from '../../backend/JobBackend';
import type { KumoJobBackend } from '../../backend/kumo/KumoJobBackend';
import { listConnectorTables } from '../../backend/kumo/listConnectorTables';
import { connectorCandidates, tableNameRegexSource } from '../../core/scaffold/connectorCandidates';
import type { CandidateSource } from '../../core/scaffold/ScaffoldModel';
import { findWorkspace } from '../../data/jobs/jobWorkspace';
import { MAX_CANDIDATES } from '../../data/scaffold/candidateSources';
import type { ScaffoldTraining } from '../../data/scaffold/loadScaffoldTraining';
import type { CliIo } from '../CliCommand';
import { createCliKumoBackend, showingSdkFailure } from '../kumo/cliKumoBackend';
import { refreshTrainingGraph } from '../kumo/refreshTrainingGraph';
import { displayPath } from '../output/ValidationReport';

/**
 * The Kumo side of `relgraph scaffold inference-graph --from kumo:<id> --connector <name>`: the pulled
 * training graph kept current as `relgraph predict` keeps it, and the connector's source tables, read
 * with Kumo's SDK, as candidates for the same matching as files.
 */
export class KumoScaffold {
  private constructor(
    private readonly backend: KumoJobBackend,
    private readonly io: CliIo,
  ) {}

  /** Throws (JobBackendError) when Kumo is not configured: the message says what to set. */
  static create(io: CliIo, python: string | undefined): KumoScaffold {
    return new KumoScaffold(createCliKumoBackend(io, { python }), io);
  }

  /**
   * Pulls the cached training graph again when Kumo changed the job since (as `relgraph predict` does);
   * a graph that was never pulled stays so (loading it then says how to pull it). When Kumo's SDK
   * cannot run, the copy there is used, with a warning.
   */
  async refresh(jobId: string, workspaceOf: string, python: string | undefined): Promise<void> {
    const { io } = this;
    try {
      const refreshed = await refreshTrainingGraph(this.backend, jobId, findWorkspace(workspaceOf), io, {
        python,
        onlyIfCached: true,
      });
      if (refreshed.state === 'pulled') io.stderr(`  pulled again: ${displayPath(refreshed.file, io.cwd)}\n`);
    } catch (error) {
      if (io.signal.aborted || !(error instanceof JobBackendError) || error.kind !== 'unsupported') throw error;
      io.stderr(
        `warning: the pulled graph of kumo:${jobId} could not be refreshed (${error.message}); matching against the copy there is\n`,
      );
    }
  }

  /** The connector's tables (those named like `tablesPattern`, when given) with their columns. */
  async candidates(
    training: ScaffoldTraining,
    connector: string,
    tablesPattern: string | undefined,
  ): Promise<{ candidates: CandidateSource[]; text: string; truncated: boolean }> {
    const { io, backend } = this;
    const python = backend.options.python!;
    io.stderr(`Reading the tables of Kumo connector '${connector}' with Kumo's SDK (${python.command})...\n`);
    const listing = await showingSdkFailure(backend, io, (onOutput) =>
      listConnectorTables(connector, {
        python,
        env: backend.options.env ?? io.env,
        connectorType: training.kumo?.connectorTypes.get(connector),
        limit: MAX_CANDIDATES,
        ...(tablesPattern ? { namePattern: tableNameRegexSource(tablesPattern) } : {}),
        signal: io.signal,
        onOutput,
      }),
    );
    const truncated = listing.matching > listing.tables.length;
    const of = `${plural(listing.total, 'source table')} of Kumo connector ${connector} (${listing.connectorType})`;
    const text = tablesPattern ? `${listing.matching} of the ${of} named like '${tablesPattern}'` : of;
    return { candidates: connectorCandidates(connector, listing.tables), text, truncated };
  }
}

function plural(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}
