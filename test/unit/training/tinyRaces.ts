import type { GraphEdge, GraphTableSource } from '../../../engine/features/GraphTables';
import { csvTableSource, writeFixtureFiles } from './tinyShop';

/**
 * A hand-written race graph to check the compact feature families by hand:
 *   drivers <- results -> teams (no time column: a dimension)
 * `results.statusId` (1 = finished) points at a status table that is NOT in the graph: a key by its
 * name, never a number. Driver 2 moves from team 10 to team 20 on 2024-01-15. Several rows sit exactly
 * on the anchors the tests use, and one a second after one of them.
 */
export const TINY_RACES: Record<string, string> = {
  'drivers.csv': ['driverId,name,country,dob', '1,Ann,UK,1980-01-01', '2,Bo,DE,1985-01-01', '3,Cy,UK,1990-01-01'].join(
    '\n',
  ),
  'teams.csv': ['teamId,name', '10,Red', '20,Blue'].join('\n'),
  'results.csv': [
    'resultId,driverId,teamId,statusId,position,points,weather,date',
    '1,1,10,1,3,6,dry,2024-01-01 00:00:00',
    '2,2,10,5,,0,wet,2024-01-01 00:00:00',
    '3,1,10,1,1,10,dry,2024-01-15 00:00:00',
    '4,2,20,1,2,8,dry,2024-01-15 00:00:00',
    '5,1,10,7,,0,wet,2024-02-01 00:00:00',
    '6,2,20,1,4,5,wet,2024-02-01 00:00:00',
    '7,3,20,7,,0,wet,2024-02-01 00:00:00',
    '8,1,10,1,2,8,dry,2024-02-15 00:00:00',
    '9,2,20,1,1,10,dry,2024-02-15 00:00:00',
  ].join('\n'),
};

export function writeTinyRaces(dir?: string): string {
  return writeFixtureFiles(TINY_RACES, 'relgraph-races-', dir);
}

export function tinyRacesSources(dir: string): { sources: GraphTableSource[]; edges: GraphEdge[] } {
  return {
    sources: [
      csvTableSource(dir, 'drivers', 'driverId'),
      csvTableSource(dir, 'teams', 'teamId'),
      csvTableSource(dir, 'results', 'resultId', 'date'),
    ],
    edges: [
      { srcTable: 'results', fkey: 'driverId', dstTable: 'drivers' },
      { srcTable: 'results', fkey: 'teamId', dstTable: 'teams' },
    ],
  };
}
