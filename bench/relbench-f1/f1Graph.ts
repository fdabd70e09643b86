import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraphEdge, GraphTableSource } from '../../engine/features/GraphTables';

/**
 * RelBench's rel-f1 graph (relbench/datasets/f1.py): the nine tables with their keys, time columns
 * and foreign keys, plus `status` (the dimension results.statusId points at). Read from the repo's
 * copy (examples/f1/data/full) when present, else from the shared reference data.
 */
const REPO_DATA = path.resolve(__dirname, '../../examples/f1/data/full');
const SHARED_DATA = '/work/shared/data/f1';

export function f1DataDir(): string {
  if (fs.existsSync(path.join(REPO_DATA, 'results.csv'))) return REPO_DATA;
  if (fs.existsSync(path.join(SHARED_DATA, 'results.csv'))) return SHARED_DATA;
  throw new Error(`no F1 data: expected ${REPO_DATA} or ${SHARED_DATA}`);
}

const TABLES: [name: string, primaryKey: string, timeColumn?: string][] = [
  ['races', 'raceId', 'date'],
  ['circuits', 'circuitId'],
  ['drivers', 'driverId'],
  ['results', 'resultId', 'date'],
  ['standings', 'driverStandingsId', 'date'],
  ['constructors', 'constructorId'],
  ['constructor_results', 'constructorResultsId', 'date'],
  ['constructor_standings', 'constructorStandingsId', 'date'],
  ['qualifying', 'qualifyId', 'date'],
  ['status', 'statusId'],
];

const EDGES: [src: string, fkey: string, dst: string][] = [
  ['races', 'circuitId', 'circuits'],
  ['results', 'raceId', 'races'],
  ['results', 'driverId', 'drivers'],
  ['results', 'constructorId', 'constructors'],
  ['results', 'statusId', 'status'],
  ['standings', 'raceId', 'races'],
  ['standings', 'driverId', 'drivers'],
  ['constructor_results', 'raceId', 'races'],
  ['constructor_results', 'constructorId', 'constructors'],
  ['constructor_standings', 'raceId', 'races'],
  ['constructor_standings', 'constructorId', 'constructors'],
  ['qualifying', 'raceId', 'races'],
  ['qualifying', 'driverId', 'drivers'],
  ['qualifying', 'constructorId', 'constructors'],
];

export function f1GraphSources(dataDir = f1DataDir()): { sources: GraphTableSource[]; edges: GraphEdge[] } {
  const sources = TABLES.map(
    ([name, primaryKey, timeColumn]): GraphTableSource => ({
      name,
      files: [path.join(dataDir, `${name}.csv`)],
      format: 'csv',
      primaryKey,
      ...(timeColumn ? { timeColumn } : {}),
    }),
  );
  const edges = EDGES.map(([srcTable, fkey, dstTable]) => ({ srcTable, fkey, dstTable }));
  return { sources, edges };
}
