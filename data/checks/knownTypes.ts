import type { TableSpec } from '../../core/spec/SpecModel';
import type { TableProfile } from '../TableProfile';

/**
 * Whether the type DuckDB reports for a column says anything about the data. A CSV stores no types: DuckDB
 * infers them from the values, so a CSV without rows (a header only) or a column without a single value reads
 * as VARCHAR whatever the column holds elsewhere. Such a type is unknown, not changed: comparing it would turn
 * one finding (`empty-table`, or a column left empty on purpose) into a cascade of type errors. Parquet stores
 * its types, and a `dtype:` override in the spec states the type, so both are known.
 */
export function columnTypeKnown(table: TableSpec, profile: TableProfile | undefined, column: string): boolean {
  if (table.columns.some((c) => c.name === column && c.dtype)) return true;
  if (!profile || profile.format !== 'csv') return true;
  if (profile.rowCount === 0) return false;
  const stats = profile.columns.find((c) => c.name === column);
  return !stats || stats.nullCount < profile.rowCount;
}
