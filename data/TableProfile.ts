import type { Dtype, Stype } from '../core/spec/SpecModel';
import type { SourceFormat } from './sourceScan';

/** A column as DuckDB reads it from the source. */
export interface SourceColumn {
  name: string;
  /** As DESCRIBE prints it: `BIGINT`, `VARCHAR`, `TIMESTAMP`, `DECIMAL(10,2)`, `DOUBLE[]`, ... */
  duckDbType: string;
}

export interface ColumnProfile {
  name: string;
  duckDbType: string;
  /** From the physical type and the column's key/time role, before `columns:` overrides. */
  inferredDtype: Dtype;
  inferredStype: Stype;
  /** What Kumo would use: the inferred types with the spec's `columns:` overrides applied. */
  dtype: Dtype;
  stype: Stype;
  /** `exclude: true` in the spec's `columns:`. */
  excluded: boolean;
  nullCount: number;
  distinctCount: number;
  /** Approximate (HyperLogLog) for large sources; exact for small ones and for the primary key. */
  distinctApproximate: boolean;
  /** Smallest and largest value as text, for numeric, boolean, temporal and text columns. */
  min?: string;
  max?: string;
}

/** A `time_column` or `end_time_column`, read as timestamps. */
export interface TimeColumnStats {
  column: string;
  /** Whether the physical type can be read as a timestamp at all (date, timestamp or text). */
  castable: boolean;
  /** Non-null values that do not parse as a timestamp (all of them when `castable` is false). */
  notTemporalCount: number;
  notTemporalExamples: string[];
  /** Range of the values that parse, as `YYYY-MM-DD HH:MM:SS` text and as epoch milliseconds (UTC). */
  min?: string;
  max?: string;
  minMs?: number;
  maxMs?: number;
}

export interface PrimaryKeyStats {
  column: string;
  nullCount: number;
  /** Exact distinct count of non-null keys. */
  distinctCount: number;
  /** How many key values occur more than once, and how many rows carry them. */
  duplicateValueCount: number;
  duplicateRowCount: number;
  /** The most repeated values first. */
  duplicateExamples: { value: string; count: number }[];
}

/** Everything the data checks, hover and completion know about one table's source. */
export interface TableProfile {
  table: string;
  /** The source as written in the spec. */
  source: string;
  files: string[];
  /** More files matched than are read (see MAX_SOURCE_FILES). */
  filesTruncated: boolean;
  format: SourceFormat;
  totalBytes: number;
  rowCount: number;
  columns: ColumnProfile[];
  timeColumns: TimeColumnStats[];
  primaryKey?: PrimaryKeyStats;
  /** What every data diagnostic about this table cites, e.g. `read data/drivers.csv, 857 rows`. */
  readNote: string;
}
