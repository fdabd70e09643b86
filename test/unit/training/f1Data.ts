import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraphEdge, GraphTableSource } from '../../../engine/features/GraphTables';

/** The repo's copy of the Formula 1 data (examples/f1/data/full): real rows nobody on the project wrote. */
export const F1_DATA_DIR = path.resolve(__dirname, '../../../examples/f1/data/full');

export function hasF1Data(): boolean {
  return fs.existsSync(path.join(F1_DATA_DIR, 'results.csv'));
}

/** The driver-centred part of the F1 graph: enough tables for one- and two-hop features. */
export function f1DriverGraph(): { sources: GraphTableSource[]; edges: GraphEdge[] } {
  const table = (name: string, primaryKey: string, timeColumn?: string): GraphTableSource => ({
    name,
    files: [path.join(F1_DATA_DIR, `${name}.csv`)],
    format: 'csv',
    primaryKey,
    ...(timeColumn ? { timeColumn } : {}),
  });
  return {
    sources: [
      table('drivers', 'driverId'),
      table('races', 'raceId', 'date'),
      table('results', 'resultId', 'date'),
      table('qualifying', 'qualifyId', 'date'),
      table('constructors', 'constructorId'),
      table('status', 'statusId'),
    ],
    edges: [
      { srcTable: 'results', fkey: 'raceId', dstTable: 'races' },
      { srcTable: 'results', fkey: 'driverId', dstTable: 'drivers' },
      { srcTable: 'results', fkey: 'constructorId', dstTable: 'constructors' },
      { srcTable: 'results', fkey: 'statusId', dstTable: 'status' },
      { srcTable: 'qualifying', fkey: 'raceId', dstTable: 'races' },
      { srcTable: 'qualifying', fkey: 'driverId', dstTable: 'drivers' },
      { srcTable: 'qualifying', fkey: 'constructorId', dstTable: 'constructors' },
    ],
  };
}

export const DNF_QUERY =
  'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ' +
  'ASSUMING COUNT(results.*, 0, 30, days) > 0';
