import type { Dtype, Stype } from '../../core/spec/SpecModel';
import { defaultStype, duckDbTypeToDtype, isNumericDtype as isKumoNumericDtype } from '../../data/typeMapping';

/**
 * The Relgraph dtype of a DuckDB column type (as printed by DESCRIBE): data/typeMapping's mapping, the
 * one the data checks use too (Kumo's dtype vocabulary, kumo-semantics.md §1.3).
 */
export const dtypeOfSqlType: (sqlType: string) => Dtype = duckDbTypeToDtype;

/** Numbers as the model reads them: Kumo's numeric dtypes, and booleans as 0/1. */
export function isNumericDtype(dtype: Dtype): boolean {
  return dtype === 'bool' || isKumoNumericDtype(dtype);
}

/** What the data says about one column, enough to choose its stype. */
export interface ColumnProfile {
  nonNullCount: number;
  distinctCount: number;
}

/**
 * Where the engine's default stype departs from Kumo's (`defaultStype`), each a choice of the model,
 * not a fact about the type: booleans split as numbers, a list of ids is a set of categories, and the
 * types no feature family reads yet are left out.
 */
const ENGINE_STYPES: Partial<Record<Dtype, Stype>> = {
  bool: 'numerical',
  intlist: 'multicategorical',
  time: 'unsupported',
  timedelta: 'unsupported',
  binary: 'unsupported',
};

/**
 * Keys and time columns are decided by the graph; otherwise Kumo's default stype, with the engine's
 * departures above. A string column is categorical when it repeats (few distinct values for its row
 * count), else text: names and free text would only add noise as categories.
 */
export function inferStype(dtype: Dtype, role: 'key' | 'time' | 'value', profile?: ColumnProfile): Stype {
  if (role === 'key') return 'ID';
  if (role === 'time') return 'timestamp';
  const stype = ENGINE_STYPES[dtype] ?? defaultStype(dtype);
  if (stype !== 'text' || !profile || profile.nonNullCount === 0) return stype;
  const repeats = profile.distinctCount <= 20 || profile.distinctCount <= profile.nonNullCount * 0.2;
  return repeats && profile.distinctCount <= 5000 ? 'categorical' : 'text';
}
