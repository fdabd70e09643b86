import type { Dtype, Stype } from '../spec/SpecModel';

/**
 * The inputs and outputs of scaffolding an inference graph from a training graph (issue #12). The
 * training side is a plain model so that any source can provide it: a training spec (its graph plus
 * the training data's column types), a local training job's recorded metadata, or a Kumo training job
 * pulled by the Kumo backend (`relgraph kumo pull`).
 */

/** The model a scaffold is for: a training spec (its latest finished job), a local or a Kumo training job. */
export type ScaffoldTrainingRef =
  | { kind: 'spec'; path: string }
  | { kind: 'local-job'; id: string }
  /** `id` without the `kumo:` prefix. */
  | { kind: 'kumo'; id: string };

/** A column the trained model reads from a table, with the types it learned it with. */
export interface ModelColumn {
  name: string;
  /** Unknown when the training data could not be read: only the key columns are known, by name. */
  dtype?: Dtype;
  stype?: Stype;
}

/** One `columns:` entry of the training graph, written unchanged into the inference graph. */
export interface ScaffoldColumnOverride {
  name: string;
  stype?: Stype;
  dtype?: Dtype;
  exclude?: boolean;
}

export interface ScaffoldTrainingTable {
  /** The training graph's table name: the inference graph must use it as is. */
  name: string;
  primaryKey?: string;
  timeColumn?: string;
  endTimeColumn?: string;
  overrides: ScaffoldColumnOverride[];
  /**
   * The training source's last path segment (`races.csv`, `standings` for a folder), or the source
   * table's name in its Kumo connector (`CUSTOMERS`), matched against candidate names.
   */
  sourceNames: string[];
  /** A Kumo training table's own connector source, when the pulled graph says (to tell a user who picks it). */
  connectorSource?: { connector: string; table: string };
  /** The columns the model uses; undefined when unknown (then only the key columns are matched). */
  columns?: ModelColumn[];
  /** Why `columns` is unknown, for the report. */
  columnsUnknown?: string;
}

export interface ScaffoldEdge {
  srcTable: string;
  fkey: string;
  dstTable: string;
}

export interface ScaffoldTrainingGraph {
  /** Where the training graph comes from, for the report and the header comment. */
  label: string;
  tables: ScaffoldTrainingTable[];
  edges: ScaffoldEdge[];
}

/**
 * A file or folder that could be a table's source, with its schema as DuckDB reads it; or a source
 * table behind a Kumo connector, with its columns as Kumo's SDK lists them.
 */
export interface CandidateSource {
  /**
   * Absolute path; a folder is read as one table (its Parquet or CSV parts). For a connector table, a
   * key that names it (connectorTableKey), never a file.
   */
  path: string;
  isFolder: boolean;
  /** The file or folder name (`drv.csv`, `standings`), or the connector table's name, matched against table and training source names. */
  name: string;
  /** Set for a source table behind this Kumo connector: the graph then reads `source: { connector, table: name }`. */
  connector?: string;
  /** A column without `dtype` (a connector that did not say) is compared by name only. */
  columns?: { name: string; dtype?: Dtype }[];
  /** Why the columns could not be read. */
  problem?: string;
}

/** The role a column plays in its table; it decides the stype Kumo infers when no override says otherwise. */
export type ScaffoldColumnRole = 'primary-key' | 'foreign-key' | 'time' | 'plain';

/** Kumo's type rules, injected so that core stays free of the data tier (which owns them: data/typeMapping). */
export interface ScaffoldTypeRules {
  /** Columns whose dtypes fall in different families are read differently by a trained model. */
  dtypeFamily(dtype: Dtype): string;
  inferredStype(dtype: Dtype, role: ScaffoldColumnRole): Stype;
}

/** A needed column the candidate has, but with types the model would read differently. */
export interface RetypedColumn {
  column: string;
  trained: { dtype: Dtype; stype?: Stype };
  found: { dtype: Dtype; stype: Stype };
}

/** How `source:` was chosen: the file's name, its columns, or the user's pick. */
export type MatchReason = 'file-name' | 'table-name' | 'columns' | 'chosen';

/** How well one candidate serves one training table. */
export interface CandidateFit {
  candidate: CandidateSource;
  /** `file-name`: same name as the training source's file; `table-name`: same stem as the table or that file. */
  nameMatch?: 'file-name' | 'table-name';
  /** Needed columns the candidate has with types the model reads the same way. */
  matched: string[];
  missing: ModelColumn[];
  retyped: RetypedColumn[];
  /** The candidate's columns the table does not need. */
  extra: number;
  /** The candidate is the very connector table the model was trained on (not new data). */
  isTrainingSource?: boolean;
  /** Whether the columns alone are evidence enough to pick this candidate; else why not. */
  qualifies: boolean;
  notQualified?: string;
}

export type TableMatch =
  | { table: string; needed: ModelColumn[]; status: 'matched'; reason: MatchReason; fit: CandidateFit }
  | { table: string; needed: ModelColumn[]; status: 'ambiguous'; reason: MatchReason; tied: CandidateFit[] }
  /** `chosen`: the user left it without a source (applySourceChoices), rather than no candidate fitting. */
  | { table: string; needed: ModelColumn[]; status: 'unmatched'; closest?: CandidateFit; chosen?: true };

export interface SourceMatching {
  /** One per training table, in the training graph's order. */
  tables: TableMatch[];
  /** Candidates no table uses. */
  unused: CandidateSource[];
}

/** A table whose source is settled and whose columns all match: nothing for the user to fix. */
export function isCleanMatch(match: TableMatch): boolean {
  if (match.status !== 'matched') return false;
  const { fit } = match;
  return !fit.candidate.problem && fit.missing.length === 0 && fit.retyped.length === 0;
}
