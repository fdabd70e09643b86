import type { Dtype, Stype } from '../../core/spec/SpecModel';

/** The Relgraph dtype of a DuckDB column type (as printed by DESCRIBE). */
export function dtypeOfSqlType(sqlType: string): Dtype {
  const type = sqlType.toUpperCase();
  if (type.endsWith('[]')) {
    const inner = dtypeOfSqlType(type.slice(0, -2));
    if (inner === 'string') return 'stringlist';
    if (inner === 'float32' || inner === 'float64') return 'floatlist';
    if (inner.startsWith('int') || inner === 'byte') return 'intlist';
    return 'unsupported';
  }
  if (type === 'BOOLEAN') return 'bool';
  if (type === 'TINYINT' || type === 'UTINYINT') return 'byte';
  if (type === 'SMALLINT' || type === 'USMALLINT') return 'int16';
  if (type === 'INTEGER' || type === 'UINTEGER') return 'int32';
  if (type === 'BIGINT' || type === 'UBIGINT' || type === 'HUGEINT' || type === 'UHUGEINT') return 'int64';
  if (type === 'FLOAT') return 'float32';
  if (type === 'DOUBLE' || type.startsWith('DECIMAL')) return 'float64';
  if (type === 'VARCHAR' || type === 'UUID') return 'string';
  if (type === 'DATE' || type.startsWith('TIMESTAMP')) return 'date';
  if (type === 'TIME') return 'time';
  if (type === 'INTERVAL') return 'timedelta';
  if (type === 'BLOB') return 'binary';
  return 'unsupported';
}

export function isNumericDtype(dtype: Dtype): boolean {
  return ['bool', 'int', 'byte', 'int16', 'int32', 'int64', 'float', 'float32', 'float64'].includes(dtype);
}

/** What the data says about one column, enough to choose its stype. */
export interface ColumnProfile {
  nonNullCount: number;
  distinctCount: number;
}

/**
 * A string column is categorical when it repeats (few distinct values for its row count), else text:
 * names and free text would only add noise as categories. Keys and time columns are decided by the
 * graph, not by the data.
 */
export function inferStype(dtype: Dtype, role: 'key' | 'time' | 'value', profile?: ColumnProfile): Stype {
  if (role === 'key') return 'ID';
  if (role === 'time') return 'timestamp';
  if (isNumericDtype(dtype)) return 'numerical';
  if (dtype === 'date') return 'timestamp';
  if (dtype === 'string') {
    if (!profile || profile.nonNullCount === 0) return 'text';
    const repeats = profile.distinctCount <= 20 || profile.distinctCount <= profile.nonNullCount * 0.2;
    return repeats && profile.distinctCount <= 5000 ? 'categorical' : 'text';
  }
  if (dtype === 'stringlist' || dtype === 'intlist') return 'multicategorical';
  if (dtype === 'floatlist') return 'sequence';
  return 'unsupported';
}
