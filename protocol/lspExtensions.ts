/**
 * Relgraph's custom LSP messages, one object per message binding its method name to its parameter and
 * result types (as rust-analyzer's `lsp_ext.ts` and vscode-eslint's shared folder do), for the server,
 * the VS Code client and the tests (plain data, see messageTypes.ts: each side makes its JSON-RPC library's
 * type from it). `connection.onRequest(requestType(SpecInfoRequest), handler)` cannot answer with another
 * result type. Payloads carry `v: 1`: fields are only ever added within a version; an
 * incompatible change bumps `v`, so other editors' integrations can check what they got.
 */
import { notificationMessage, requestMessage } from './messageTypes';
import type { Range } from 'vscode-languageserver-types';
import type { TaskType } from '../core/pql/ast';

export type { TaskType };

export const RELGRAPH_PROTOCOL_VERSION = 1 as const;
type Version = typeof RELGRAPH_PROTOCOL_VERSION;

/** Requests about one document carry its URI. */
export interface DocumentParams {
  v: Version;
  uri: string;
}

export type ServerHealth = 'ok' | 'warning' | 'error';
export type DataCheckState = 'idle' | 'running' | 'off' | 'restricted';
export interface ServerStatusParams {
  v: Version;
  health: ServerHealth;
  /** One line for the status item: what is wrong when health is not ok, else a short summary. */
  message: string;
  /** `restricted`: the workspace is not trusted, so only static checks run. */
  dataChecks: DataCheckState;
}
/** `relgraph/serverStatus` (server -> client): the server's health, for a status item. */
export const ServerStatusNotification = notificationMessage<ServerStatusParams>('relgraph/serverStatus');

export type SpecKindName = 'graph' | 'training' | 'prediction';
export interface SpecInfoResult {
  v: Version;
  /** Absent when the document is not a Relgraph spec or could not be parsed at all. */
  kind?: SpecKindName;
  name?: string;
  /** Prediction specs: the training spec file named by `training_job`. */
  trainingSpecPath?: string;
  /** Prediction specs whose `training_job` is a job id (local or `kumo:`), without `kumo:`. */
  trainingJobId?: string;
  /** Prediction specs: where the `training_job` id runs (`kumo` for `kumo:<id>`). */
  trainingJobBackend?: 'local' | 'kumo';
  /** The graph file the spec reads (`graph:`), when it is a separate file. */
  graphPath?: string;
  /** Training and prediction specs: the task type inferred from the query. */
  taskType?: string;
  errors: number;
  warnings: number;
  /** Data checks of this document: running now, finished (with when), or not run. */
  dataChecks: { state: 'running' | 'done' | 'not-run' | 'off' | 'restricted'; finishedAt?: string };
}
/** `relgraph/specInfo` (client -> server): what a spec document is and what it is paired with. */
export const SpecInfoRequest = requestMessage<DocumentParams, SpecInfoResult>('relgraph/specInfo');

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
  v: Version;
  /** Absent when the document has no graph (yet). */
  kind?: SpecKindName;
  tables: GraphModelTable[];
  edges: GraphModelEdge[];
  /** Prediction specs: training tables the inference graph lacks (drawn as ghosts). */
  missingTrainingTables: string[];
  /** Where the training graph comes from ("f1.graph.yaml", "training job trainingjob-..."), when known. */
  trainingLabel?: string;
  /** The query's entity table (`FOR EACH table.key`), when the spec has a query that parses. */
  entityTable?: string;
  /** The tables the query's target reads (`COUNT(orders.*, ...)` -> orders). */
  targetTables?: string[];
}
/** `relgraph/graphModel` (client -> server): the tables and edges of a spec's graph, for the diagram. */
export const GraphModelRequest = requestMessage<DocumentParams, GraphModelResult>('relgraph/graphModel');

export interface RunDataChecksResult {
  v: Version;
  /** False when data checks are off, the workspace is not trusted, or the document is not an open spec. */
  started: boolean;
  /** Why nothing ran, for the client to show. */
  reason?: string;
  /** Number of data diagnostics once the run finished (when started). */
  diagnostics?: number;
}
/** `relgraph/runDataChecks` (client -> server): re-run the data checks of a document now. */
export const RunDataChecksRequest = requestMessage<DocumentParams, RunDataChecksResult>('relgraph/runDataChecks');

/** A model a prediction spec can name: a training spec file, a finished local training job, a Kumo job. */
export type TrainingModelRef =
  | { kind: 'spec'; path: string }
  /** `workspace`: the folder whose `.relgraph/jobs/` holds the job's record. */
  | { kind: 'local-job'; id: string; workspace: string };
export interface TrainingModelInfo {
  kind: 'spec' | 'local-job' | 'kumo';
  /** spec: absolute path of the training spec; local-job and kumo: the job id. */
  ref: string;
  /** The training spec's name (or the job's spec name), for the default spec name and the header comment. */
  name: string;
  /** From the training query (core validation) or the job's record; unknown for Kumo jobs until asked. */
  taskType?: TaskType;
  /** Whether the target has a time window (then predictions have an anchor time). */
  temporal?: boolean;
  /** The training graph file, when the spec names one (offered as the default inference graph). */
  graphPath?: string;
  /** Why the task type could not be read (the query does not parse yet, ...). */
  problem?: string;
}
export interface DescribeTrainingModelParams {
  v: Version;
  model: TrainingModelRef;
}
export interface DescribeTrainingModelResult {
  v: Version;
  info: TrainingModelInfo;
  /** Whether validation can resolve the model (a local job needs the training graph in its record). */
  usable: boolean;
}
/**
 * `relgraph/describeTrainingModel` (client -> server): what the "New prediction spec" wizard needs to
 * know about a model before asking anything, read with the same validation `relgraph validate` runs.
 */
export const DescribeTrainingModelRequest = requestMessage<DescribeTrainingModelParams, DescribeTrainingModelResult>(
  'relgraph/describeTrainingModel',
);

export interface ValidateSpecTextParams {
  v: Version;
  /** Absolute path the text would be written to (relative paths in it resolve from there). */
  path: string;
  text: string;
}
export interface SpecTextProblem {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  range: Range;
}
export interface ValidateSpecTextResult {
  v: Version;
  /** The static diagnostics the text would get at `path`, without writing it. */
  diagnostics: SpecTextProblem[];
}
/** `relgraph/validateSpecText` (client -> server): static validation of a spec text not yet on disk. */
export const ValidateSpecTextRequest = requestMessage<ValidateSpecTextParams, ValidateSpecTextResult>(
  'relgraph/validateSpecText',
);

/**
 * `initializationOptions` a client may send. `clientCommands` lists the commands the client itself
 * implements (VS Code: run prediction, show graph...): the server then offers code lenses for them
 * and does not register them as its own `workspace/executeCommand` commands.
 */
export interface RelgraphInitializationOptions {
  clientCommands?: string[];
  /** Settings for clients without `workspace/configuration` (same shape as the `relgraph` settings section). */
  settings?: unknown;
  /**
   * False when the editor does not trust the workspace (VS Code's Restricted Mode): the server then runs
   * only the static checks, never reading data files. Absent means trusted (editors without the notion).
   */
  trusted?: boolean;
}

export interface TrustParams {
  v: Version;
  trusted: boolean;
}
/** `relgraph/didChangeTrust` (client -> server): the user trusted the workspace (it can only become trusted). */
export const DidChangeTrustNotification = notificationMessage<TrustParams>('relgraph/didChangeTrust');
