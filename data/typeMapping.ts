import type { Dtype, Stype } from '../core/spec/SpecModel';

/**
 * DuckDB physical types -> Kumo dtypes -> default stypes, and Kumo's stype/dtype support matrix
 * (kumoapi `Stype.supports_dtype`, `Dtype.default_stype`; see kumo-semantics.md §1.3).
 */

const INTEGER_DTYPES: readonly Dtype[] = ['int', 'byte', 'int16', 'int32', 'int64'];
const FLOAT_DTYPES: readonly Dtype[] = ['float', 'float32', 'float64'];
const NUMBER_DTYPES: readonly Dtype[] = [...INTEGER_DTYPES, ...FLOAT_DTYPES];

/** Which dtypes each stype accepts. */
export const STYPE_ALLOWED_DTYPES: Readonly<Record<Stype, readonly Dtype[]>> = {
  numerical: [...NUMBER_DTYPES, 'timedelta'],
  categorical: ['bool', ...NUMBER_DTYPES, 'timedelta', 'string', 'binary'],
  multicategorical: ['string', 'binary', 'floatlist', 'intlist', 'stringlist'],
  ID: [...NUMBER_DTYPES, 'string', 'binary'],
  text: ['string'],
  timestamp: ['date', 'time', 'string'],
  sequence: ['floatlist', 'intlist', 'string'],
  image: ['string'],
  unsupported: [],
};

export function stypeSupportsDtype(stype: Stype, dtype: Dtype): boolean {
  // `unsupported` is what Kumo assigns to anything it cannot use; it accepts every dtype.
  return stype === 'unsupported' || STYPE_ALLOWED_DTYPES[stype].includes(dtype);
}

/** Kumo's `Dtype.default_stype`, before key roles are applied. */
export function defaultStype(dtype: Dtype): Stype {
  if (dtype === 'bool' || dtype === 'binary') return 'categorical';
  if (NUMBER_DTYPES.includes(dtype) || dtype === 'timedelta') return 'numerical';
  if (dtype === 'string') return 'text';
  if (dtype === 'date' || dtype === 'time') return 'timestamp';
  if (dtype === 'stringlist') return 'multicategorical';
  if (dtype === 'floatlist' || dtype === 'intlist') return 'sequence';
  return 'unsupported';
}

/** The role a column plays in the graph, which overrides the dtype's default stype. */
export type ColumnRole = 'primary-key' | 'foreign-key' | 'time' | 'plain';

/**
 * The stype Kumo infers for a column before `columns:` overrides: keys are IDs (a string key would
 * otherwise default to `text`), time columns are timestamps (a string time column stays castable).
 */
export function inferredStype(dtype: Dtype, role: ColumnRole): Stype {
  if ((role === 'primary-key' || role === 'foreign-key') && STYPE_ALLOWED_DTYPES.ID.includes(dtype)) return 'ID';
  if (role === 'time' && STYPE_ALLOWED_DTYPES.timestamp.includes(dtype)) return 'timestamp';
  return defaultStype(dtype);
}

/** Maps a DuckDB type as DESCRIBE prints it (`BIGINT`, `DECIMAL(10,2)`, `VARCHAR[]`, `FLOAT[64]`, ...) to a dtype. */
export function duckDbTypeToDtype(duckDbType: string): Dtype {
  const type = duckDbType.trim().toUpperCase();
  const list = /^(.*?)(\[\d*\])$/.exec(type);
  if (list) {
    const element = duckDbTypeToDtype(list[1]);
    if (INTEGER_DTYPES.includes(element)) return 'intlist';
    if (FLOAT_DTYPES.includes(element)) return 'floatlist';
    if (element === 'string') return 'stringlist';
    return 'unsupported';
  }
  if (type.startsWith('DECIMAL') || type.startsWith('NUMERIC')) return 'float64';
  if (type.startsWith('TIMESTAMP') || type === 'DATE' || type === 'DATETIME') return 'date';
  if (type.startsWith('TIME')) return 'time';
  if (type.startsWith('VARCHAR') || type.startsWith('ENUM')) return 'string';
  switch (type) {
    case 'BOOLEAN':
      return 'bool';
    case 'TINYINT':
      return 'byte';
    case 'SMALLINT':
    case 'UTINYINT':
      return 'int16';
    case 'INTEGER':
    case 'USMALLINT':
      return 'int32';
    case 'BIGINT':
    case 'UINTEGER':
    case 'UBIGINT':
    case 'HUGEINT':
    case 'UHUGEINT':
      return 'int64';
    case 'FLOAT':
      return 'float32';
    case 'DOUBLE':
      return 'float64';
    case 'UUID':
    case 'JSON':
      return 'string';
    case 'BLOB':
      return 'binary';
    case 'INTERVAL':
      return 'timedelta';
    default:
      return 'unsupported';
  }
}

/**
 * Coarse type families: Kumo joins keys only within a family (int<->float is fine, int<->string is
 * not), and a training/inference type change that crosses families breaks the trained model.
 */
export type DtypeFamily = 'numeric' | 'string' | 'bool' | 'temporal' | 'timedelta' | 'list' | 'unsupported';

export function dtypeFamily(dtype: Dtype): DtypeFamily {
  if (NUMBER_DTYPES.includes(dtype)) return 'numeric';
  if (dtype === 'string' || dtype === 'binary') return 'string';
  if (dtype === 'bool') return 'bool';
  if (dtype === 'date' || dtype === 'time') return 'temporal';
  if (dtype === 'timedelta') return 'timedelta';
  if (dtype === 'floatlist' || dtype === 'intlist' || dtype === 'stringlist') return 'list';
  return 'unsupported';
}

export function isIntegerDtype(dtype: Dtype): boolean {
  return INTEGER_DTYPES.includes(dtype);
}

export function isNumericDtype(dtype: Dtype): boolean {
  return NUMBER_DTYPES.includes(dtype);
}

/** Human text for an override error: "stype 'text' needs dtype string (the column is int64)". */
export function describeAllowedDtypes(stype: Stype): string {
  const allowed = STYPE_ALLOWED_DTYPES[stype];
  return allowed.length === 0 ? 'no dtype' : allowed.join(', ');
}
