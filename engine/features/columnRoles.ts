import type { LoadedColumn, LoadedGraph, LoadedTable } from './GraphTables';
import { foreignKeys } from './vocabularies';

/**
 * Columns that identify something rather than measure it. Their numbers mean nothing (status 11 is not
 * "more" than status 1), so they are never numeric features: a primary or foreign key of the graph, a
 * column the spec types `ID`, and, unless the spec gives the column another stype, an integer or string
 * column named like an identifier (`id`, `statusId`, `status_id`, `statusID`): a foreign key to a table
 * that is not in the graph, such as RelBench F1's `results.statusId`.
 */
export function isKeyLike(graph: LoadedGraph, table: LoadedTable, column: LoadedColumn): boolean {
  if (column.stype === 'ID' || column.name === table.primaryKey) return true;
  if (foreignKeys(graph, table.name).has(column.name)) return true;
  if (column.stypeFromSpec) return false;
  return looksLikeIdentifier(column.name) && IDENTIFIER_DTYPES.has(column.dtype);
}

const IDENTIFIER_DTYPES: ReadonlySet<string> = new Set(['int', 'byte', 'int16', 'int32', 'int64', 'string']);

/** `id`, `ID`, `*_id`, `*Id` (camel case), `*ID`; not `paid` or `valid`. */
export function looksLikeIdentifier(name: string): boolean {
  return /^id$/i.test(name) || /_id$/i.test(name) || /[a-z0-9]Id$/.test(name) || /[a-z0-9]ID$/.test(name);
}
