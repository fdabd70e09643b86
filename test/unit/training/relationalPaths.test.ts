import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadedGraph, LoadedTable } from '../../../engine/features/GraphTables';
import { pathName, relationalPaths } from '../../../engine/features/relationalPaths';

function table(name: string, primaryKey?: string, timeColumn?: string): LoadedTable {
  return { name, relation: `rg_${name}`, primaryKey, timeColumn, columns: [], rowCount: 0 };
}

/** The F1 shape: drivers <- results -> races -> circuits, results -> status, drivers <- qualifying -> races. */
const GRAPH: LoadedGraph = {
  tables: new Map(
    [
      table('drivers', 'driverId'),
      table('results', 'resultId', 'date'),
      table('qualifying', 'qualifyId', 'date'),
      table('races', 'raceId', 'date'),
      table('circuits', 'circuitId'),
      table('status', 'statusId'),
      table('notes'),
    ].map((t) => [t.name, t]),
  ),
  edges: [
    { srcTable: 'results', fkey: 'driverId', dstTable: 'drivers' },
    { srcTable: 'results', fkey: 'raceId', dstTable: 'races' },
    { srcTable: 'results', fkey: 'statusId', dstTable: 'status' },
    { srcTable: 'qualifying', fkey: 'driverId', dstTable: 'drivers' },
    { srcTable: 'qualifying', fkey: 'raceId', dstTable: 'races' },
    { srcTable: 'races', fkey: 'circuitId', dstTable: 'circuits' },
    // A child without a primary key is reachable; nothing can be joined beyond it.
    { srcTable: 'notes', fkey: 'resultId', dstTable: 'results' },
  ],
};

describe('relational paths', () => {
  it('walks two hops in either direction, never back to the entity and never back over the same edge', () => {
    const paths = relationalPaths(GRAPH, 'drivers', 2);
    const names = paths.map((p) => p.map((s) => `${s.direction === 'child' ? '<-' : '->'}${s.table}`).join(''));
    assert.deepEqual(names, [
      '<-results',
      '<-qualifying',
      '<-results->races',
      '<-results->status',
      '<-results<-notes',
      '<-qualifying->races',
    ]);
    assert.equal(pathName(paths[2], paths), 'results>races');
  });

  it('from an event table: parents of parents and siblings through a parent', () => {
    const paths = relationalPaths(GRAPH, 'results', 2).map((p) => p.map((s) => s.table).join('>'));
    assert.ok(paths.includes('races>circuits'), 'a parent of a parent');
    assert.ok(paths.includes('races>qualifying'), 'siblings through a shared parent');
    assert.ok(paths.includes('drivers>qualifying'));
    assert.ok(!paths.some((p) => p.split('>').includes('results')), 'no path returns to the entity table');
  });

  it('one hop only when asked', () => {
    assert.equal(relationalPaths(GRAPH, 'drivers', 1).length, 2);
  });
});
