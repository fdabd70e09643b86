import type { Dtype, Stype } from '../spec/SpecModel';
import { AGGREGATIONS, type AggregationName } from './ast';
import type { PqlTableView } from './PqlGraphView';
import { columnStype, defaultStypeOf } from './pqlGraphLookup';

/**
 * What an aggregation may be applied to, as Kumo's type validator decides it (kumo-pql
 * `AggrNodeTypeValidator`): a data-type mismatch is an error (SUM/AVG of text), a semantic-type mismatch a
 * warning (SUM of a categorical integer), and SUM/AVG/COUNT_DISTINCT of a key an error.
 */

/** A column as the type rules see it; any part may be unknown before the data is read. */
export interface ColumnKind {
  stype?: Stype;
  dtype?: Dtype;
  /** The table's primary key or a foreign key of an edge. */
  key?: 'primary key' | 'foreign key';
}

export type AggregationFit =
  | { fit: 'ok' }
  /** `retype`: the stype that would make a warning go away, when declaring it is the likely fix. */
  | { fit: 'error' | 'warning'; reason: string; retype?: Stype };

/** Dtypes Kumo sums and averages (`Dtype.is_numerical`: numbers and time spans; a boolean sums as 0/1). */
function isNumericDtype(dtype: Dtype): boolean {
  return dtype === 'bool' || defaultStypeOf(dtype) === 'numerical';
}

/** Stypes that only non-numeric dtypes can have (kumoapi Stype.supports_dtype), so SUM of one is a type error. */
const NON_NUMERIC_STYPES: readonly Stype[] = ['text', 'timestamp', 'multicategorical', 'sequence', 'image'];

export function columnKindOf(table: PqlTableView, column: string): ColumnKind {
  const declared = table.declaredColumns?.get(column);
  const known = table.columns?.get(column);
  const key = column === table.primaryKey ? 'primary key' : table.foreignKeys.has(column) ? 'foreign key' : undefined;
  return { stype: columnStype(table, column), dtype: declared?.dtype ?? known?.dtype, key };
}

/** Whether `fn` may aggregate a column of this kind; `ok` whenever what is known does not rule it out. */
export function aggregationFit(fn: AggregationName, kind: ColumnKind): AggregationFit {
  const isKey = kind.key !== undefined || kind.stype === 'ID';
  switch (fn) {
    case 'SUM':
    case 'AVG':
      if (isKey) return { fit: 'error', reason: `${fn} of a key is meaningless` };
      if (kind.dtype !== undefined && !isNumericDtype(kind.dtype)) {
        return { fit: 'error', reason: `${fn} adds up numbers, and this column holds ${kind.dtype} values` };
      }
      if (kind.dtype === undefined && kind.stype && NON_NUMERIC_STYPES.includes(kind.stype)) {
        return { fit: 'error', reason: `${fn} adds up numbers, and a ${kind.stype} column holds none` };
      }
      if (kind.stype !== undefined && kind.stype !== 'numerical') {
        return {
          fit: 'warning',
          reason: `${fn} treats the column as numbers, but its semantic type is ${kind.stype}`,
          retype: 'numerical',
        };
      }
      return { fit: 'ok' };
    case 'COUNT_DISTINCT':
      return isKey ? { fit: 'error', reason: 'COUNT_DISTINCT is not supported on keys' } : { fit: 'ok' };
    case 'MIN':
    case 'MAX':
      if (kind.dtype === 'bool') {
        return { fit: 'warning', reason: `${fn} of a boolean column counts true as larger than false` };
      }
      if (kind.stype !== undefined && !['numerical', 'text', 'timestamp'].includes(kind.stype)) {
        return {
          fit: 'warning',
          reason: `${fn} compares values by size, and a ${kind.stype} column has no order`,
          retype: isKey ? undefined : 'numerical',
        };
      }
      return { fit: 'ok' };
    case 'LIST_DISTINCT':
      if (kind.stype !== undefined && !['categorical', 'multicategorical', 'ID'].includes(kind.stype)) {
        return {
          fit: 'warning',
          reason: `LIST_DISTINCT predicts a set of classes, and a ${kind.stype} column has none`,
        };
      }
      return { fit: 'ok' };
    default:
      return { fit: 'ok' };
  }
}

/** The aggregations that fit a column, and those Kumo accepts with a warning. */
export function aggregationsFor(kind: ColumnKind): { allowed: AggregationName[]; discouraged: AggregationName[] } {
  const allowed: AggregationName[] = [];
  const discouraged: AggregationName[] = [];
  for (const fn of AGGREGATIONS) {
    const fit = aggregationFit(fn, kind).fit;
    if (fit === 'ok') allowed.push(fn);
    else if (fit === 'warning') discouraged.push(fn);
  }
  return { allowed, discouraged };
}

/** `a categorical column (string)`, `a foreign key`, `a numerical column`: how messages and hover name the kind. */
export function describeColumnKind(kind: ColumnKind): string {
  if (kind.key) return `a ${kind.key}${kind.dtype ? ` (${kind.dtype})` : ''}`;
  const dtype = kind.dtype ? ` (${kind.dtype})` : '';
  if (!kind.stype) return `a column${dtype}`;
  return `${kind.stype === 'ID' ? 'an' : 'a'} ${kind.stype} column${dtype}`;
}

/** `COUNT, COUNT_DISTINCT, FIRST and LAST`. */
export function listAggregations(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
