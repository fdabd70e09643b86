/**
 * The predictive-query AST. Every node carries a span of character offsets into the query string
 * (end exclusive), so diagnostics can point inside the `query:` value of a YAML spec.
 */
export interface Span {
  start: number;
  end: number;
}

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months';

export const AGGREGATIONS = [
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'COUNT',
  'COUNT_DISTINCT',
  'FIRST',
  'LAST',
  'LIST_DISTINCT',
] as const;
export type AggregationName = (typeof AGGREGATIONS)[number];

export type RelOp =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IN'
  | 'LIKE'
  | 'NOT LIKE'
  | 'STARTS WITH'
  | 'ENDS WITH'
  | 'CONTAINS'
  | 'NOT CONTAINS';

/** `table.column` or `table.*`; either name may be back-quoted (`` orders.`order total` ``). */
export interface ColumnRef {
  kind: 'column';
  /** The names without back-quotes. */
  table: string;
  /** `'*'` for a wildcard. */
  column: string;
  span: Span;
  /** The names as written, back-quotes included. */
  tableSpan: Span;
  columnSpan: Span;
}

/** `(start, end, unit)`: the window `(t + start, t + end]` relative to the anchor time t. */
export interface TimeWindow {
  /** `-Infinity` for `-INF`. */
  start: number;
  end: number;
  unit: TimeUnit;
  /** Whether the unit was written (it defaults to days). */
  unitExplicit: boolean;
  span: Span;
  startSpan: Span;
  endSpan: Span;
  /** The unit word, when written. */
  unitSpan?: Span;
}

export interface Aggregation {
  kind: 'aggregation';
  fn: AggregationName;
  fnSpan: Span;
  column: ColumnRef;
  /** `AGG(t.c WHERE cond, ...)`. */
  filter?: Condition;
  /** Absent for a static aggregation `AGG(t.c)`. */
  window?: TimeWindow;
  span: Span;
}

export type ConstantValue =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number; integer: boolean }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  /** ISO date or date-time as written, e.g. `2024-01-15` or `2024-01-15 10:30:00`. */
  | { type: 'date'; value: string }
  | { type: 'array'; items: Constant[] };

export type Constant = ConstantValue & { kind: 'constant'; span: Span };

export interface Comparison {
  kind: 'comparison';
  left: Aggregation | ColumnRef;
  /** `IS` / `IS NOT` are normalised to `=` / `!=`, `IS IN` to `IN`. */
  op: RelOp;
  opSpan: Span;
  right: Constant;
  span: Span;
}

export interface NotCondition {
  kind: 'not';
  operand: Condition;
  span: Span;
}

export interface BinaryCondition {
  kind: 'and' | 'or';
  left: Condition;
  right: Condition;
  span: Span;
}

export type Condition = Comparison | NotCondition | BinaryCondition;

export type Target = Condition | Aggregation | ColumnRef;

export interface ProblemSpec {
  type?: 'CLASSIFY' | 'RANK';
  topK?: number;
  /** `FORECAST n TIMEFRAMES`. */
  forecastTimeframes?: number;
  span: Span;
  /** The `CLASSIFY` / `RANK` keyword. */
  typeSpan?: Span;
  /** The K of `TOP K`. */
  topKSpan?: Span;
  /** The n of `FORECAST n TIMEFRAMES`. */
  forecastSpan?: Span;
}

export interface PredictiveQuery {
  target: Target;
  problem?: ProblemSpec;
  /** The `FOR EACH` column (must be the entity table's primary key). */
  entity: ColumnRef;
  /** `FOR users.id IN (1, 2)` / `FOR users.id = 42`: explicit entity values. */
  entityValues?: { op: RelOp; opSpan: Span; value: Constant };
  /** `FOR EACH ... WHERE cond`. */
  entityFilter?: Condition;
  /** `ASSUMING cond`. */
  assuming?: Condition;
  span: Span;
  /** `FOR EACH` (or `FOR`) as written. */
  forEachSpan?: Span;
  /** The `WHERE` keyword of the entity filter. */
  whereSpan?: Span;
  /** The `ASSUMING` keyword. */
  assumingSpan?: Span;
}

/** A syntax error with a human message naming what was expected. */
export interface PqlSyntaxError {
  message: string;
  span: Span;
}

export interface PqlParseResult {
  query?: PredictiveQuery;
  errors: PqlSyntaxError[];
}

export type TaskType =
  | 'binary_classification'
  | 'multiclass_classification'
  | 'multilabel_classification'
  | 'multilabel_ranking'
  | 'regression'
  | 'temporal_link_prediction'
  | 'static_link_prediction'
  | 'forecasting';
