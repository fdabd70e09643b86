/**
 * "New Inference Graph from Training" (client -> language server). The client cannot read data, so the
 * server, which has the data tier, matches the new files to the training tables with the same functions
 * as `relgraph scaffold inference-graph` (core/scaffold, data/scaffold): `relgraph/scaffold/plan` returns
 * each table's match and the alternatives, the user corrects them, and `relgraph/scaffold/render` returns
 * the graph text with those choices. Nothing is written by the server. Payloads carry `v: 1`.
 */
import { requestMessage } from './messageTypes';
import type { RELGRAPH_PROTOCOL_VERSION, TrainingModelRef } from './lspExtensions';

type Version = typeof RELGRAPH_PROTOCOL_VERSION;

export interface ScaffoldPlanParams {
  v: Version;
  model: TrainingModelRef;
  /** Absolute folder of the new data files (its CSV and Parquet files and table folders are the candidates). */
  dataFolder: string;
  /** Absolute path the graph will be written to: sources are relative to it, and the data policy applies to it. */
  outputPath: string;
}

/** One file that could be a table's source, with how well it serves that table. */
export interface ScaffoldCandidateInfo {
  /** Absolute path of the file or folder. */
  path: string;
  /** As the graph would write it (relative to the output). */
  label: string;
  /** Needed columns it has with the types the model read. */
  matched: number;
  /** Needed columns it lacks (`name (dtype)`). */
  missing: string[];
  /** Needed columns it has with other types (one sentence each). */
  retyped: string[];
  /** Why its columns could not be read. */
  problem?: string;
}

export interface ScaffoldTablePlan {
  /** The training graph's table name. */
  table: string;
  status: 'matched' | 'ambiguous' | 'unmatched';
  /** The chosen file (absolute), when one is. */
  source?: string;
  /** Why this source, or why none (the same words as the CLI's report). */
  reason: string;
  /** What the user must look at: missing and retyped columns, what to fill in. */
  problems: string[];
  /** The columns the model reads from this table. */
  neededColumns: number;
  /** Every candidate, best fit first. */
  candidates: ScaffoldCandidateInfo[];
}

export interface ScaffoldPlanResult {
  v: Version;
  /** Why there is no plan (Restricted Mode, a folder outside the workspace, a model with no training graph). */
  error?: string;
  /** Where the training graph comes from. */
  trainingLabel?: string;
  tables: ScaffoldTablePlan[];
  /** More files than the scaffold considers were in the folder. */
  truncated?: boolean;
}
/** `relgraph/scaffold/plan`: the automatic match of the data folder's files to the training tables. */
export const ScaffoldPlanRequest = requestMessage<ScaffoldPlanParams, ScaffoldPlanResult>('relgraph/scaffold/plan');

/** The user's source for a table: a candidate's absolute path, or null to leave `source:` to fill in. */
export interface ScaffoldSourceChoice {
  table: string;
  source: string | null;
}
export interface ScaffoldRenderParams extends ScaffoldPlanParams {
  /** Tables not listed keep the automatic match. */
  choices: ScaffoldSourceChoice[];
}
export interface ScaffoldRenderResult {
  v: Version;
  error?: string;
  /** The graph spec text, with the decisions and gaps commented as the CLI writes them. */
  text?: string;
  /** The decisions the text holds, for a summary. */
  tables: ScaffoldTablePlan[];
}
/** `relgraph/scaffold/render`: the inference graph text with the user's choices. */
export const ScaffoldRenderRequest = requestMessage<ScaffoldRenderParams, ScaffoldRenderResult>(
  'relgraph/scaffold/render',
);
