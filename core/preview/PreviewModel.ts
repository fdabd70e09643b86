/**
 * The predictions preview's shapes, shared by the data tier that computes them and the protocol that
 * carries them to the editor (which imports only types from here). Pure types: no I/O.
 */

export type PreviewArtifact = 'predictions' | 'embeddings';

/** How a column is shown, sorted and filtered. */
export type PreviewColumnKind = 'number' | 'text' | 'boolean' | 'time' | 'list';

export interface PreviewColumn {
  name: string;
  kind: PreviewColumnKind;
  /** DuckDB's type name, for the header tooltip. */
  sqlType: string;
  /** `entity`: a column of the entity table, joined on ENTITY (named `<table>.<column>`). */
  origin: 'output' | 'entity';
}

export type TextFilterOp = 'contains' | 'notContains' | 'equals' | 'notEquals' | 'startsWith';
export type NumberFilterOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type FilterOp = TextFilterOp | NumberFilterOp | 'isEmpty' | 'notEmpty' | 'isTrue' | 'isFalse';

/** One condition on one column; all of a view's conditions must hold. */
export interface PreviewFilter {
  column: string;
  op: FilterOp;
  /** Text for text ops, a number for comparisons on numbers, an ISO date/time for comparisons on times. */
  value?: string | number;
}

/** What the table shows of the output: its filters and its order (paging is separate). */
export interface PreviewView {
  sort?: { column: string; descending: boolean };
  filters: PreviewFilter[];
}

export interface Histogram {
  /** The column or expression counted (`TRUE_PROB`, `TARGET_PRED`, `norm(EMBEDDING)`). */
  of: string;
  /** Edges of the bins: `counts.length + 1` ascending numbers. */
  edges: number[];
  counts: number[];
  /** Rows without a value (NULL, NaN), not in any bin. */
  missing: number;
}

export type PreviewSummary =
  | {
      kind: 'binary';
      rows: number;
      histogram: Histogram;
      /** The threshold the job used: the job's own, or the smallest TRUE_PROB the output marks TRUE. */
      threshold?: { value: number; source: 'job' | 'output' };
      /** Rows predicted TRUE (TARGET_PRED) and FALSE. */
      positive: number;
      negative: number;
      /** The threshold training chose (best validation accuracy), when the training job is known. */
      trainingThreshold?: number;
    }
  | { kind: 'multiclass'; rows: number; entities: number; classes: { label: string; count: number }[]; more: number }
  | { kind: 'regression'; rows: number; histogram: Histogram; quantiles: { p10: number; p50: number; p90: number } }
  | { kind: 'embeddings'; rows: number; dims: number; norms: Histogram }
  | { kind: 'table'; rows: number };

/** A cell: JSON values; a long list (an embedding) is cut to its first values and its length. */
export type PreviewCell = string | number | boolean | null | { list: (number | string | null)[]; length: number };

export interface EntityJoin {
  /** The entity table of the query (`FOR EACH table.key`) in the prediction spec's graph. */
  table: string;
  key: string;
  /** Its columns, shown as `<table>.<column>` after the output's own. */
  columns: string[];
}

export interface PreviewNeighbour {
  entity: PreviewCell;
  anchor?: PreviewCell;
  /** Cosine similarity to the selected row's embedding. */
  similarity: number;
}
