/**
 * Relgraph's custom LSP messages, typed in one place for the server and the VS Code client (which imports
 * this file for types and method names only). Payloads carry `v: 1`: fields are only ever added within a
 * version; an incompatible change bumps `v`, so other editors' integrations can check what they got.
 */
import type { Range } from 'vscode-languageserver-types';

export const RELGRAPH_PROTOCOL_VERSION = 1 as const;

/** `relgraph/serverStatus` (server -> client notification): the server's health, for a status item. */
export const SERVER_STATUS_METHOD = 'relgraph/serverStatus';
export type ServerHealth = 'ok' | 'warning' | 'error';
export type DataCheckState = 'idle' | 'running' | 'off';
export interface ServerStatusParams {
  v: typeof RELGRAPH_PROTOCOL_VERSION;
  health: ServerHealth;
  /** One line for the status item: what is wrong when health is not ok, else a short summary. */
  message: string;
  dataChecks: DataCheckState;
}

/** `relgraph/specInfo` (client -> server request): what a spec document is and what it is paired with. */
export const SPEC_INFO_METHOD = 'relgraph/specInfo';
export interface SpecInfoParams {
  v: typeof RELGRAPH_PROTOCOL_VERSION;
  uri: string;
}
export interface SpecInfoResult {
  v: typeof RELGRAPH_PROTOCOL_VERSION;
  /** Absent when the document is not a Relgraph spec or could not be parsed at all. */
  kind?: 'graph' | 'training' | 'prediction';
  name?: string;
  /** Prediction specs: the training spec file named by `training_job`. */
  trainingSpecPath?: string;
  /** Prediction specs whose `training_job` is a job id (local or `kumo:`). */
  trainingJobId?: string;
  /** The graph file the spec reads (`graph:`), when it is a separate file. */
  graphPath?: string;
  /** Training and prediction specs: the task type inferred from the query. */
  taskType?: string;
  errors: number;
  warnings: number;
  /** Data checks of this document: running now, finished (with when), or not run. */
  dataChecks: { state: 'running' | 'done' | 'not-run' | 'off'; finishedAt?: string };
}

/** `relgraph/graphModel` (client -> server request): the tables and edges of a spec's graph, for the diagram. */
export const GRAPH_MODEL_METHOD = 'relgraph/graphModel';
export interface GraphModelParams {
  v: typeof RELGRAPH_PROTOCOL_VERSION;
  uri: string;
}
export interface GraphModelProblem {
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}
export interface GraphModelTable {
  name: string;
  /** Where the table is declared (to jump to it from the diagram). */
  uri: string;
  range: Range;
  source?: string;
  primaryKey?: string;
  timeColumn?: string;
  /** Prediction specs: whether the training graph has this table (undefined when no training graph is known). */
  inTraining?: boolean;
  problems: GraphModelProblem[];
}
export interface GraphModelEdge {
  srcTable: string;
  fkey: string;
  dstTable: string;
  uri: string;
  range: Range;
  inTraining?: boolean;
  problems: GraphModelProblem[];
}
export interface GraphModelResult {
  v: typeof RELGRAPH_PROTOCOL_VERSION;
  /** Absent when the document has no graph (yet). */
  kind?: 'graph' | 'training' | 'prediction';
  tables: GraphModelTable[];
  edges: GraphModelEdge[];
  /** Prediction specs: training tables the inference graph lacks (drawn as ghosts). */
  missingTrainingTables: string[];
}

/** `relgraph/runDataChecks` (client -> server request): re-run the data checks of a document now. */
export const RUN_DATA_CHECKS_METHOD = 'relgraph/runDataChecks';
export interface RunDataChecksParams {
  v: typeof RELGRAPH_PROTOCOL_VERSION;
  uri: string;
}
export interface RunDataChecksResult {
  v: typeof RELGRAPH_PROTOCOL_VERSION;
  /** False when data checks are off, or the document is not an open spec. */
  started: boolean;
  /** Why nothing ran, for the client to show. */
  reason?: string;
  /** Number of data diagnostics once the run finished (when started). */
  diagnostics?: number;
}

/**
 * `initializationOptions` a client may send. `clientCommands` lists the commands the client itself
 * implements (VS Code: run prediction, show graph...): the server then offers code lenses for them
 * and does not register them as its own `workspace/executeCommand` commands.
 */
export interface RelgraphInitializationOptions {
  clientCommands?: string[];
  /** Settings for clients without `workspace/configuration` (same shape as the `relgraph` settings section). */
  settings?: unknown;
}

/** Command IDs shared by the code lenses and the VS Code client. A contract: add, never rename. */
export const RelgraphCommands = {
  restartServer: 'relgraph.server.restart',
  showLogs: 'relgraph.server.showLogs',
  validateData: 'relgraph.data.validate',
  runPrediction: 'relgraph.prediction.run',
  runTraining: 'relgraph.training.run',
  showGraph: 'relgraph.graph.show',
} as const;
