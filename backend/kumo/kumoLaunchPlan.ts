import type { KumoTrainingGraph } from '../../core/kumo/KumoTrainingGraph';
import type { GraphSpec, PredictionSpec, TableSpec } from '../../core/spec/SpecModel';

/**
 * How a prediction spec with `training_job: kumo:<id>` runs on Kumo:
 * - `rest`: on the training graph itself (no `graph:`, or a graph naming exactly the training graph's
 *   connector tables and edges): `POST /prediction_jobs`, which re-reads the training graph's tables.
 * - `sdk`: on another graph: Kumo's REST API cannot do that (kumo-semantics.md §2, seed 000), so Relgraph
 *   writes the Python of Kumo's "inference on a different graph" recipe and runs it.
 * - `refused`: a graph Kumo cannot read (tables that are files on this machine).
 */
export type KumoLaunchPlan =
  | { kind: 'rest'; trainingJobId: string; why: string }
  | { kind: 'sdk'; trainingJobId: string; graph: GraphSpec; why: string }
  | { kind: 'refused'; problems: string[] };

export function planKumoLaunch(
  spec: PredictionSpec,
  graph: GraphSpec | undefined,
  training: KumoTrainingGraph | undefined,
): KumoLaunchPlan {
  if (spec.trainingJob?.kind !== 'kumo')
    return { kind: 'refused', problems: ['training_job is not a Kumo job (kumo:<training job id>)'] };
  const trainingJobId = spec.trainingJob.jobId;
  if (!spec.graph || !graph) return { kind: 'rest', trainingJobId, why: 'no graph: the training graph' };
  const problems = kumoSourceProblems(graph);
  if (problems.length > 0) return { kind: 'refused', problems };
  if (training && sameGraphAsTraining(graph, training))
    return { kind: 'rest', trainingJobId, why: "the graph names the training graph's own tables and edges" };
  return {
    kind: 'sdk',
    trainingJobId,
    graph,
    why: training
      ? 'the graph differs from the training graph (other tables or connectors)'
      : 'the graph is not known to be the training graph (it was not pulled)',
  };
}

/**
 * Tables Kumo cannot read: Kumo reads tables through its connectors, never files on this machine. One
 * message per table, naming the file and what to do.
 */
export function kumoSourceProblems(graph: GraphSpec): string[] {
  return graph.tables
    .filter((t) => !t.connectorSource)
    .map(
      (t) =>
        `table '${t.name}' reads ${t.source ? `'${t.source.value}', a file on this machine` : 'no source'}, which Kumo cannot read: ` +
        `give it a Kumo connector source, 'source: { connector: <name>, table: <source table> }' ` +
        `(upload the file to a connector first), or run this prediction with a local model`,
    );
}

/**
 * Tables the local engine cannot read (connector sources); with a graph that mixes both kinds, neither
 * backend can run it, and the message says so.
 */
export function localSourceProblems(graph: GraphSpec): string[] {
  const connectors = graph.tables.filter((t) => t.connectorSource);
  if (connectors.length === 0) return [];
  const files = graph.tables.filter((t) => !t.connectorSource);
  const names = connectors.map((t) => `'${t.name}' (${describeConnector(t)})`).join(', ');
  const mixed =
    files.length > 0
      ? ` This graph mixes them with local files (${files.map((t) => `'${t.name}'`).join(', ')}), which Kumo cannot read, so neither backend can run it: give every table the same kind of source.`
      : ' Run it on Kumo (training_job: kumo:<id>), or point the tables at local CSV/Parquet files.';
  return [
    `the local engine reads files only, and table${connectors.length > 1 ? 's' : ''} ${names} ${connectors.length > 1 ? 'are' : 'is'} behind a Kumo connector.${mixed}`,
  ];
}

function describeConnector(table: TableSpec): string {
  const source = table.connectorSource!;
  return `connector ${source.connector.value}, table ${source.table.value}`;
}

function sameGraphAsTraining(graph: GraphSpec, training: KumoTrainingGraph): boolean {
  if (graph.tables.length !== training.tables.length) return false;
  for (const table of graph.tables) {
    const trained = training.tables.find((t) => t.name === table.name);
    const source = table.connectorSource;
    if (!trained?.source || !source) return false;
    if (trained.source.connector !== source.connector.value || trained.source.table !== source.table.value)
      return false;
    if ((table.primaryKey?.value ?? undefined) !== trained.primaryKey) return false;
    if ((table.timeColumn?.value ?? undefined) !== trained.timeColumn) return false;
    if ((table.endTimeColumn?.value ?? undefined) !== trained.endTimeColumn) return false;
    // Column overrides change how the tables are read: that is another graph.
    if (table.columns.length > 0) return false;
  }
  const key = (e: { srcTable: string; fkey: string; dstTable: string }) =>
    `${e.srcTable}\u0000${e.fkey}\u0000${e.dstTable}`;
  const edges = new Set(
    graph.edges.map((e) => key({ srcTable: e.srcTable.value, fkey: e.fkey.value, dstTable: e.dstTable.value })),
  );
  return edges.size === training.edges.length && training.edges.every((e) => edges.has(key(e)));
}
