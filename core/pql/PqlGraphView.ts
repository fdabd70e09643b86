import type { DiagnosticCode } from '../diagnostics/DiagnosticCodes';
import type { Severity } from '../diagnostics/SpecDiagnostic';
import type { Dtype, Stype } from '../spec/SpecModel';
import type { Span } from './ast';

/** What the PQL checker knows about a graph without reading data. */
export interface PqlGraphView {
  tables: Map<string, PqlTableView>;
}

export interface PqlTableView {
  primaryKey?: string;
  timeColumn?: string;
  endTimeColumn?: string;
  /**
   * Known columns with their types when known. `undefined` means the table's columns are not known
   * without reading data, so unknown-column checks are skipped (the data tier reports them).
   */
  columns?: Map<string, { stype?: Stype; dtype?: Dtype }>;
  /** Foreign-key column -> destination table, from the graph's edges. */
  foreignKeys: Map<string, string>;
  /**
   * Types the graph spec declares for some columns (its `columns:` overrides), consulted when `columns`
   * is unknown or lacks a type: they decide the task type of `PREDICT users.age` before any data is read.
   */
  declaredColumns?: Map<string, { stype?: Stype; dtype?: Dtype }>;
  /** Columns the graph spec excludes (`exclude: true`): a query may not use them even when `columns` is unknown. */
  excludedColumns?: Set<string>;
}

export interface PqlIssue {
  code: DiagnosticCode;
  severity?: Severity;
  message: string;
  span: Span;
  /** The text that most likely should replace `span` (a misspelt name, the primary key), for a quick fix. */
  suggestion?: string;
}
