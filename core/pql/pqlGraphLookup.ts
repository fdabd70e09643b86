import type { Dtype, Stype } from '../spec/SpecModel';
import type { ColumnRef, PredictiveQuery } from './ast';
import type { PqlGraphView, PqlTableView } from './PqlGraphView';

/** Kumo's `Dtype.default_stype`: the semantic type a column gets when nothing declares one. */
export function defaultStypeOf(dtype: Dtype): Stype {
  switch (dtype) {
    case 'bool':
    case 'binary':
      return 'categorical';
    case 'int':
    case 'byte':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'float':
    case 'float32':
    case 'float64':
    case 'timedelta':
      return 'numerical';
    case 'string':
      return 'text';
    case 'date':
    case 'time':
      return 'timestamp';
    case 'stringlist':
      return 'multicategorical';
    case 'floatlist':
    case 'intlist':
      return 'sequence';
    case 'unsupported':
      return 'unsupported';
  }
}

function isKeyOrTimeColumn(table: PqlTableView, column: string): boolean {
  return (
    column === table.primaryKey ||
    column === table.timeColumn ||
    column === table.endTimeColumn ||
    table.foreignKeys.has(column)
  );
}

/** Whether the table has the column: true, false, or undefined when its columns are not known without data. */
export function hasColumn(table: PqlTableView, column: string): boolean | undefined {
  if (table.excludedColumns?.has(column)) return false;
  if (isKeyOrTimeColumn(table, column)) return true;
  if (table.columns) return table.columns.has(column);
  return table.declaredColumns?.has(column) ? true : undefined;
}

/** Every column name the view knows for the table, for "did you mean" hints. */
export function knownColumnNames(table: PqlTableView): Set<string> {
  const names = new Set<string>([...(table.columns?.keys() ?? []), ...(table.declaredColumns?.keys() ?? [])]);
  for (const key of [table.primaryKey, table.timeColumn, table.endTimeColumn]) if (key) names.add(key);
  for (const fkey of table.foreignKeys.keys()) names.add(fkey);
  for (const excluded of table.excludedColumns ?? []) names.delete(excluded);
  return names;
}

/**
 * The column's semantic type, as Kumo would see it: keys are IDs (an edge forces its foreign key to ID),
 * the time column is a timestamp, a declared stype wins over an inferred one, and a bare dtype falls
 * back to its default stype. Undefined when nothing is known.
 */
export function columnStype(table: PqlTableView, column: string): Stype | undefined {
  if (column === table.primaryKey || table.foreignKeys.has(column)) return 'ID';
  if (column === table.timeColumn || column === table.endTimeColumn) return 'timestamp';
  const declared = table.declaredColumns?.get(column);
  const known = table.columns?.get(column);
  const stype = declared?.stype ?? known?.stype;
  if (stype) return stype;
  const dtype = declared?.dtype ?? known?.dtype;
  return dtype ? defaultStypeOf(dtype) : undefined;
}

export function tableOf(graph: PqlGraphView, ref: ColumnRef): PqlTableView | undefined {
  return graph.tables.get(ref.table);
}

/** The column is a foreign key of its table (and not also its primary key). */
export function isForeignKey(table: PqlTableView, column: string): boolean {
  return table.foreignKeys.has(column) && table.primaryKey !== column;
}

/**
 * The semantic type of what the query predicts, as Kumo's type inference sees it: a condition is a
 * yes/no label, LIST_DISTINCT a set of classes, counts and sums numbers, FIRST/LAST and a static
 * column take their column's type. Undefined when that column's type is not known.
 */
export function targetStype(query: PredictiveQuery, graph: PqlGraphView): Stype | undefined {
  const target = query.target;
  if (target.kind !== 'aggregation' && target.kind !== 'column') return 'categorical';
  if (target.kind === 'aggregation') {
    if (target.fn === 'LIST_DISTINCT') return 'multicategorical';
    if (target.fn !== 'FIRST' && target.fn !== 'LAST') return 'numerical';
  }
  const ref = target.kind === 'aggregation' ? target.column : target;
  const table = tableOf(graph, ref);
  return table && ref.column !== '*' ? columnStype(table, ref.column) : undefined;
}
