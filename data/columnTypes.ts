import type { Dtype, Stype, TableSpec } from '../core/spec/SpecModel';
import type { SourceColumn } from './TableProfile';
import { duckDbTypeToDtype, inferredStype, type ColumnRole } from './typeMapping';

/** A column's Kumo types: inferred from the data and the column's role, then the spec's `columns:` overrides. */
export interface ColumnTypes {
  name: string;
  inferredDtype: Dtype;
  inferredStype: Stype;
  dtype: Dtype;
  stype: Stype;
  excluded: boolean;
}

export function roleOf(table: TableSpec, column: string, foreignKeys: ReadonlySet<string>): ColumnRole {
  if (table.primaryKey?.value === column) return 'primary-key';
  if (foreignKeys.has(column)) return 'foreign-key';
  if (table.timeColumn?.value === column || table.endTimeColumn?.value === column) return 'time';
  return 'plain';
}

export function columnTypes(table: TableSpec, column: SourceColumn, foreignKeys: ReadonlySet<string>): ColumnTypes {
  const role = roleOf(table, column.name, foreignKeys);
  const override = table.columns.find((c) => c.name === column.name);
  const inferredDtype = duckDbTypeToDtype(column.duckDbType);
  const inferred = inferredStype(inferredDtype, role);
  const dtype = override?.dtype?.value ?? inferredDtype;
  // A dtype override without a stype gets the default stype of the new dtype, as Kumo does.
  const stype = override?.stype?.value ?? (override?.dtype ? inferredStype(dtype, role) : inferred);
  return {
    name: column.name,
    inferredDtype,
    inferredStype: inferred,
    dtype,
    stype,
    excluded: override?.exclude === true,
  };
}
