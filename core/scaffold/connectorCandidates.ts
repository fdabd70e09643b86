import { DTYPES, type Dtype } from '../spec/SpecModel';
import type { CandidateSource } from './ScaffoldModel';

/**
 * Source tables of a Kumo connector as scaffold candidates, so that they are matched to the training
 * tables by exactly the rules files are (name, then columns with types, else none).
 */

/** One source table of a connector as Kumo's SDK listed it: its columns, or why they could not be read. */
export interface ConnectorTableSchema {
  name: string;
  /** `dtype` as Kumo names it (kumo-semantics.md §1.3); absent or unknown: compared by name only. */
  columns?: { name: string; dtype?: string }[];
  problem?: string;
}

/** The candidate key of a connector table: unique, and never a path on this machine. */
export function connectorTableKey(connector: string, table: string): string {
  return `kumo-connector:${connector}/${table}`;
}

export function connectorCandidates(connector: string, tables: readonly ConnectorTableSchema[]): CandidateSource[] {
  return tables.map((table) => ({
    path: connectorTableKey(connector, table.name),
    isFolder: false,
    name: table.name,
    connector,
    ...(table.columns
      ? {
          columns: table.columns.map((c) => ({
            name: c.name,
            ...(isDtype(c.dtype) ? { dtype: c.dtype } : {}),
          })),
        }
      : { problem: table.problem ?? 'Kumo did not list its columns' }),
  }));
}

function isDtype(value: unknown): value is Dtype {
  return (DTYPES as readonly unknown[]).includes(value);
}

/**
 * `--tables '*_2024'`: the connector tables whose names match a pattern of `*` (any characters) and
 * `?` (one character), in any case (warehouses upper-case their names; users seldom type them so).
 */
export function tableNamePattern(pattern: string): (name: string) => boolean {
  const regex = new RegExp(`^${tableNameRegexSource(pattern)}$`, 'is');
  return (name) => regex.test(name);
}

/**
 * The pattern as a regular expression to match whole names with, case-insensitively: `.*`, `.` and
 * backslash-escaped punctuation only, read the same by JavaScript and by Python's `re` (the SDK script
 * filters the connector's names with it before reading any table's columns).
 */
export function tableNameRegexSource(pattern: string): string {
  return [...pattern]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^$()|[\]{}\\]/g, '\\$&')))
    .join('');
}
