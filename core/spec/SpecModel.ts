import type { Range } from '../diagnostics/SpecDiagnostic';

/**
 * The typed model of the three spec kinds, read from YAML with source ranges on every key and value
 * so that diagnostics, hovers and quick fixes point at exactly the right text.
 */
export type SpecKind = 'graph' | 'training' | 'prediction';

export const STYPES = [
  'numerical',
  'categorical',
  'multicategorical',
  'ID',
  'text',
  'timestamp',
  'sequence',
  'image',
  'unsupported',
] as const;
export type Stype = (typeof STYPES)[number];

export const DTYPES = [
  'bool',
  'int',
  'byte',
  'int16',
  'int32',
  'int64',
  'float',
  'float32',
  'float64',
  'string',
  'binary',
  'date',
  'time',
  'timedelta',
  'floatlist',
  'intlist',
  'stringlist',
  'unsupported',
] as const;
export type Dtype = (typeof DTYPES)[number];

/** A scalar value with the range of the value and of its key. */
export interface Located<T> {
  value: T;
  range: Range;
  keyRange: Range;
}

export interface ColumnOverride {
  name: string;
  keyRange: Range;
  range: Range;
  stype?: Located<Stype>;
  dtype?: Located<Dtype>;
  exclude?: boolean;
}

export interface TableSpec {
  /** The table's name in the graph: the key under `tables:`. PQL refers to it. */
  name: string;
  nameRange: Range;
  /** The whole `name: {...}` entry. */
  range: Range;
  /** A local file source as written, relative to the spec file. */
  source?: Located<string>;
  /** Absolute path (or absolute glob) of the source. */
  sourcePath?: string;
  /**
   * `source: { connector, table }`: a table behind a Kumo connector, which only the Kumo backend reads.
   * Such a table has no `source`/`sourcePath`, so the data tier (DuckDB) leaves it to Kumo.
   */
  connectorSource?: ConnectorSource;
  primaryKey?: Located<string>;
  timeColumn?: Located<string>;
  endTimeColumn?: Located<string>;
  columns: ColumnOverride[];
  /** The entry's value is not a mapping (`drivers: data/drivers.csv`): the schema reports it, checks that need the table stay quiet. */
  malformed?: boolean;
}

export interface ConnectorSource {
  connector: Located<string>;
  table: Located<string>;
  /** The whole `{ connector, table }` mapping. */
  range: Range;
}

export interface EdgeSpec {
  srcTable: Located<string>;
  fkey: Located<string>;
  dstTable: Located<string>;
  /** The whole edge item. */
  range: Range;
  index: number;
}

export interface GraphSpec {
  kind: 'graph';
  /** Absolute path of the file that holds the graph (for an inline graph: the training or prediction spec). */
  path: string;
  tables: TableSpec[];
  edges: EdgeSpec[];
  /** Range of the `tables` key (or of the whole graph when absent), for "missing table" diagnostics. */
  tablesKeyRange: Range;
  edgesKeyRange?: Range;
  /** Where the graph's mapping ends (0-based line after its last entry), for "insert table" quick fixes. */
  tablesInsertLine?: number;
  tablesIndent?: number;
  /**
   * Parts of the graph the schema reports as broken: `tables` or `edges` of the wrong shape or misspelt, or
   * edge items that are not `{src_table, fkey, dst_table}`. The tables or edges read from them are incomplete,
   * so the checks that compare them (missing training tables and edges, unknown edge ends) stay quiet.
   */
  broken?: { tables?: boolean; edges?: boolean };
}

/** A reference to another file, or an inline graph. */
export type GraphRef =
  | { kind: 'path'; path: Located<string>; absolutePath: string }
  | { kind: 'inline'; graph: GraphSpec; range: Range; keyRange: Range };

export interface QueryText extends Located<string> {
  /** Document range of the query's character at offset i (handles quoting, folding and block scalars). */
  offsetToRange(start: number, end: number): Range;
}

export interface TrainingSettings {
  startTime?: Located<string>;
  endTime?: Located<string>;
  timeframeStep?: Located<number>;
  validationStart?: Located<string>;
}

export type RunMode = 'fast' | 'normal' | 'best';

export interface TrainingSpec {
  kind: 'training';
  path: string;
  /** Defaults to the file name without `.training.yaml`. */
  name: string;
  graph?: GraphRef;
  query?: QueryText;
  train: TrainingSettings;
  runMode: RunMode;
  /** Further model settings the engine defines (seed, num_trees, ...). */
  model: Record<string, unknown>;
}

export type OutputType = 'predictions' | 'embeddings';
export type DestinationType = 'local' | 's3' | 'snowflake' | 'bigquery' | 'databricks';

export interface DestinationSpec {
  type: Located<DestinationType>;
  path?: Located<string>;
  format?: Located<'csv' | 'parquet'>;
  connector?: Located<string>;
  table?: Located<string>;
  writeMode?: Located<'overwrite' | 'append'>;
  /** Local files: replace files at the destination that Relgraph did not write (refused otherwise). */
  overwrite?: Located<boolean>;
  range: Range;
  keyRange: Range;
}

/** `training_job`: a training spec path, a local job id, or `kumo:<training job id>`. */
export type TrainingJobRef =
  | { kind: 'spec'; ref: Located<string>; absolutePath: string }
  | { kind: 'local-job'; ref: Located<string>; jobId: string }
  | { kind: 'kumo'; ref: Located<string>; jobId: string };

export interface PredictionSpec {
  kind: 'prediction';
  path: string;
  name: string;
  trainingJob?: TrainingJobRef;
  graph?: GraphRef;
  anchorTime?: Located<string>;
  predictionTable?: Located<string>;
  predictionTablePath?: string;
  binaryClassificationThreshold?: Located<number>;
  numClassesToReturn?: Located<number>;
  outputTypes: OutputType[];
  outputTypesRange?: Range;
  destination?: DestinationSpec;
  numWorkers: number;
  numWorkersRange?: Range;
  /** Top-level keys as written, valid or not: a key whose value the schema rejects is wrong, not missing. */
  writtenKeys?: ReadonlySet<string>;
}

export type Spec = GraphSpec | TrainingSpec | PredictionSpec;
