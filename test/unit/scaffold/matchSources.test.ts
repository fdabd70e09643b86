import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeMatch } from '../../../core/scaffold/describeMatch';
import { matchChosenSource, matchSources } from '../../../core/scaffold/matchSources';
import {
  isCleanMatch,
  type CandidateSource,
  type ScaffoldTrainingGraph,
  type TableMatch,
} from '../../../core/scaffold/ScaffoldModel';
import type { Dtype } from '../../../core/spec/SpecModel';
import { SCAFFOLD_TYPE_RULES } from '../../../data/scaffold/scaffoldTypeRules';

/** A cut of the F1 training graph, with the columns and types its training data has. */
function trainingGraph(): ScaffoldTrainingGraph {
  return {
    label: 'dnf.training.yaml',
    tables: [
      {
        name: 'drivers',
        primaryKey: 'driverId',
        overrides: [{ name: 'nationality', stype: 'categorical' }],
        sourceNames: ['drivers.csv'],
        columns: [
          { name: 'driverId', dtype: 'int64', stype: 'ID' },
          { name: 'forename', dtype: 'string', stype: 'text' },
          { name: 'nationality', dtype: 'string', stype: 'categorical' },
        ],
      },
      {
        name: 'results',
        primaryKey: 'resultId',
        timeColumn: 'date',
        overrides: [],
        sourceNames: ['results.csv'],
        columns: [
          { name: 'resultId', dtype: 'int64', stype: 'ID' },
          { name: 'driverId', dtype: 'int64', stype: 'ID' },
          { name: 'statusId', dtype: 'int64', stype: 'ID' },
          { name: 'laps', dtype: 'int64', stype: 'numerical' },
          { name: 'date', dtype: 'date', stype: 'timestamp' },
        ],
      },
      {
        name: 'status',
        primaryKey: 'statusId',
        overrides: [],
        sourceNames: ['status.csv'],
        columns: [
          { name: 'statusId', dtype: 'int64', stype: 'ID' },
          { name: 'status', dtype: 'string', stype: 'text' },
        ],
      },
    ],
    edges: [
      { srcTable: 'results', fkey: 'driverId', dstTable: 'drivers' },
      { srcTable: 'results', fkey: 'statusId', dstTable: 'status' },
    ],
  };
}

const DRIVERS: [string, Dtype][] = [
  ['driverId', 'int64'],
  ['forename', 'string'],
  ['nationality', 'string'],
];
const RESULTS: [string, Dtype][] = [
  ['resultId', 'int64'],
  ['driverId', 'int64'],
  ['statusId', 'int64'],
  ['laps', 'int64'],
  ['date', 'date'],
];
const STATUS: [string, Dtype][] = [
  ['statusId', 'int64'],
  ['status', 'string'],
];

function file(name: string, columns: [string, Dtype][], dir = '/new'): CandidateSource {
  return { path: `${dir}/${name}`, isFolder: false, name, columns: columns.map(([n, dtype]) => ({ name: n, dtype })) };
}

function match(candidates: CandidateSource[], training = trainingGraph()) {
  return matchSources(training, candidates, SCAFFOLD_TYPE_RULES);
}

function byTable(tables: TableMatch[], name: string): TableMatch {
  const found = tables.find((t) => t.table === name);
  assert.ok(found, name);
  return found;
}

function sourceOf(m: TableMatch): string | undefined {
  return m.status === 'matched' ? m.fit.candidate.name : undefined;
}

describe('matchSources', () => {
  it('matches by the training source file name first, whatever the columns', () => {
    const { tables, unused } = match([
      file('drivers.csv', DRIVERS),
      file('results.csv', RESULTS),
      file('status.csv', STATUS),
      file('notes.csv', [['x', 'string']]),
    ]);
    assert.deepEqual(
      tables.map((t) => [t.table, t.status, t.status === 'matched' ? t.reason : '', sourceOf(t)]),
      [
        ['drivers', 'matched', 'file-name', 'drivers.csv'],
        ['results', 'matched', 'file-name', 'results.csv'],
        ['status', 'matched', 'file-name', 'status.csv'],
      ],
    );
    assert.ok(tables.every(isCleanMatch));
    assert.deepEqual(
      unused.map((c) => c.name),
      ['notes.csv'],
    );
  });

  it('matches a file named after the table in another format, ignoring case', () => {
    const { tables } = match([
      file('Drivers.parquet', DRIVERS),
      file('results.csv', RESULTS),
      file('status.csv', STATUS),
    ]);
    const drivers = byTable(tables, 'drivers');
    assert.equal(drivers.status === 'matched' && drivers.reason, 'table-name');
    assert.equal(sourceOf(drivers), 'Drivers.parquet');
  });

  it('prefers the exact training file name over a stem match (a documented tie-break)', () => {
    const { tables } = match([
      file('drivers.csv', DRIVERS),
      file('drivers.parquet', DRIVERS),
      file('status.csv', STATUS),
    ]);
    assert.equal(sourceOf(byTable(tables, 'drivers')), 'drivers.csv');
  });

  it('reports two files with the same name evidence as ambiguous and picks neither', () => {
    const { tables } = match([
      file('drivers.parquet', DRIVERS),
      file('DRIVERS.csv', DRIVERS),
      file('status.csv', STATUS),
    ]);
    const drivers = byTable(tables, 'drivers');
    assert.equal(drivers.status, 'ambiguous');
    assert.deepEqual(drivers.status === 'ambiguous' && drivers.tied.map((f) => f.candidate.name).sort(), [
      'DRIVERS.csv',
      'drivers.parquet',
    ]);
  });

  it('between two name matches, the one with more of the needed columns wins', () => {
    const partial = file('drivers.parquet', DRIVERS.slice(0, 2));
    const { tables } = match([partial, file('DRIVERS.csv', DRIVERS)]);
    assert.equal(sourceOf(byTable(tables, 'drivers')), 'DRIVERS.csv');
  });

  it('finds renamed files by their columns', () => {
    const { tables } = match([file('drv.csv', DRIVERS), file('res_2010.parquet', RESULTS), file('lookup.csv', STATUS)]);
    for (const [table, name] of [
      ['drivers', 'drv.csv'],
      ['results', 'res_2010.parquet'],
      ['status', 'lookup.csv'],
    ]) {
      const m = byTable(tables, table);
      assert.equal(m.status === 'matched' && m.reason, 'columns', table);
      assert.equal(sourceOf(m), name);
      assert.ok(isCleanMatch(m));
    }
  });

  it('gives a file to the table it fits best: results, not status through its statusId', () => {
    const { tables } = match([file('a.csv', RESULTS), file('b.csv', DRIVERS)]);
    assert.equal(sourceOf(byTable(tables, 'results')), 'a.csv');
    const status = byTable(tables, 'status');
    assert.equal(status.status, 'unmatched');
    assert.equal(status.status === 'unmatched' && status.closest?.candidate.name, 'a.csv');
    assert.equal(
      describeMatch(status, (c) => c.name).problems[0],
      'It needs a source with the columns statusId (int64), status (string). Closest: a.csv, with statusId but without status.',
    );
  });

  it('never matches by columns a file without the primary key, or with a foreign key only', () => {
    const noKey = file('x.csv', [
      ['forename', 'string'],
      ['nationality', 'string'],
      ['driver', 'int64'],
    ]);
    const { tables } = match([noKey, file('y.csv', [['statusId', 'int64']])]);
    const drivers = byTable(tables, 'drivers');
    assert.equal(drivers.status, 'unmatched');
    assert.equal(
      drivers.status === 'unmatched' && drivers.closest?.notQualified,
      "no column 'driverId' (the primary key)",
    );
    const status = byTable(tables, 'status');
    assert.equal(
      status.status === 'unmatched' && status.closest?.notQualified,
      "none of the table's own columns (status)",
    );
  });

  it('needs at least half of the columns to match by columns', () => {
    const thin = file('thin.csv', [
      ['resultId', 'int64'],
      ['date', 'date'],
    ]);
    const m = byTable(match([thin]).tables, 'results');
    assert.equal(m.status, 'unmatched');
    assert.equal(m.status === 'unmatched' && m.closest?.notQualified, 'only 2 of the 5 needed columns');
  });

  it('reports two files that fit a table equally by columns as ambiguous, with a glob for parts of one table', () => {
    const { tables } = match([
      file('res_2010.csv', RESULTS),
      file('res_2011.csv', RESULTS),
      file('drivers.csv', DRIVERS),
      file('status.csv', STATUS),
    ]);
    const results = byTable(tables, 'results');
    assert.equal(results.status, 'ambiguous');
    const text = describeMatch(results, (c) => c.name);
    assert.match(text.reason, /^ambiguous: res_2010\.csv, res_2011\.csv fit equally by their columns/);
    assert.match(text.problems[0], /a glob if they are parts of one table \(res_201\*\.csv\)/);
  });

  it('offers no glob for tied files without a common name prefix: *.csv would read every table', () => {
    const { tables } = match([
      file('drv.csv', DRIVERS),
      file('pilots.csv', DRIVERS),
      file('results.csv', RESULTS),
      file('status.csv', STATUS),
    ]);
    const drivers = byTable(tables, 'drivers');
    assert.equal(drivers.status, 'ambiguous');
    const text = describeMatch(drivers, (c) => c.name);
    assert.deepEqual(text.problems, ['Pick one of drv.csv, pilots.csv as its source.']);
  });

  it('breaks a column tie by the fewest columns the table does not need (a documented tie-break)', () => {
    const wide = file('wide.csv', [...RESULTS, ['comment', 'string']]);
    const { tables } = match([wide, file('exact.csv', RESULTS)]);
    assert.equal(sourceOf(byTable(tables, 'results')), 'exact.csv');
  });

  it('names the missing and retyped columns of a matched file', () => {
    const results = file('results.csv', [
      ['resultId', 'int64'],
      ['driverId', 'string'],
      ['statusId', 'int64'],
      ['date', 'date'],
    ]);
    const m = byTable(match([results]).tables, 'results');
    assert.ok(m.status === 'matched');
    assert.deepEqual(m.fit.missing, [{ name: 'laps', dtype: 'int64', stype: 'numerical' }]);
    assert.deepEqual(m.fit.retyped, [
      { column: 'driverId', trained: { dtype: 'int64', stype: 'ID' }, found: { dtype: 'string', stype: 'ID' } },
    ]);
    assert.ok(!isCleanMatch(m));
    assert.deepEqual(describeMatch(m, (c) => c.name).problems, [
      'Missing columns the model uses: laps (int64). Add them to the data (empty values are allowed) or retrain without them.',
      'Retyped: driverId was int64, ID in training, is string, ID here; the model would read results.driverId differently.',
    ]);
  });

  it('applies the training overrides to the new columns: a categorical string stays categorical', () => {
    const m = byTable(match([file('drivers.csv', DRIVERS)]).tables, 'drivers');
    assert.ok(isCleanMatch(m));
  });

  it('matches on the keys alone when the training data could not be read', () => {
    const training = trainingGraph();
    training.tables[2] = {
      ...training.tables[2],
      columns: undefined,
      columnsUnknown: 'status.csv: the file does not exist',
    };
    const m = byTable(match([file('codes.csv', STATUS)], training).tables, 'status');
    assert.deepEqual(m.needed, [{ name: 'statusId' }]);
    assert.equal(m.status === 'matched' && m.reason, 'columns');
  });

  it('keeps a name match whose file cannot be read, with the reason', () => {
    const unreadable: CandidateSource = {
      path: '/new/status.csv',
      isFolder: false,
      name: 'status.csv',
      problem: 'bad CSV',
    };
    const m = byTable(match([unreadable]).tables, 'status');
    assert.equal(m.status, 'matched');
    assert.ok(!isCleanMatch(m));
    assert.deepEqual(describeMatch(m, (c) => c.name).problems, ['Cannot read status.csv: bad CSV.']);
  });

  it('evaluates a source the user picked like an automatic match', () => {
    const m = matchChosenSource(trainingGraph(), 'results', file('mine.csv', RESULTS.slice(0, 4)), SCAFFOLD_TYPE_RULES);
    assert.equal(m.status === 'matched' && m.reason, 'chosen');
    assert.deepEqual(m.status === 'matched' && m.fit.missing.map((c) => c.name), ['date']);
    assert.throws(
      () => matchChosenSource(trainingGraph(), 'nope', file('x.csv', []), SCAFFOLD_TYPE_RULES),
      /not a table/,
    );
  });
});
