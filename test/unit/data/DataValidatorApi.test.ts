import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataValidator } from '../../../data/DataValidator';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { DataFixture } from './dataFixture';

/** What hover and completion ask of the data tier. */
let fx: DataFixture;
let validator: DataValidator;

before(async () => {
  fx = await DataFixture.create();
  await fx.table(
    'parts/part_000.parquet',
    `SELECT range AS resultId, 1 + range % 3 AS driverId, TIMESTAMP '2020-01-01' + to_days(range::INT) AS date, CASE WHEN range % 4 = 0 THEN NULL ELSE range * 0.5 END AS points, 'r' || (range % 2) AS code FROM range(8)`,
  );
  await fx.table(
    'parts/part_001.parquet',
    `SELECT range + 8 AS resultId, 1 + range % 3 AS driverId, TIMESTAMP '2021-01-01' + to_days(range::INT) AS date, range * 0.5 AS points, 'r' || (range % 2) AS code FROM range(4)`,
  );
  fx.write(
    'g.graph.yaml',
    `kind: graph\ntables:\n  results:\n    source: parts\n    primary_key: resultId\n    time_column: date\n    columns:\n      code: categorical\n  drivers:\n    source: parts/part_000.parquet\n    primary_key: driverId\n` +
      `edges:\n  - { src_table: results, fkey: driverId, dst_table: drivers }\n`,
  );
  validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false });
});

after(async () => {
  validator.dispose();
  await fx.close();
});

describe('DataValidator for hover and completion', () => {
  it('profiles a directory of Parquet parts: rows, types after overrides, nulls, distincts, time range', async () => {
    const v = fx.staticValidation('g.graph.yaml');
    const table = v.graph?.tables.find((t) => t.name === 'results');
    assert.ok(table);
    const profile = await validator.profileTable(table, undefined, { graph: v.graph });
    assert.ok(profile);
    assert.equal(profile.rowCount, 12);
    assert.equal(profile.files.length, 2);
    assert.equal(profile.format, 'parquet');
    assert.equal(profile.readNote, 'read parts (2 files), 12 rows');
    const column = (name: string) => profile.columns.find((c) => c.name === name);
    assert.deepEqual(
      profile.columns.map((c) => [c.name, c.dtype, c.stype]),
      [
        ['resultId', 'int64', 'ID'],
        ['driverId', 'int64', 'ID'],
        ['date', 'date', 'timestamp'],
        ['points', 'float64', 'numerical'],
        ['code', 'string', 'categorical'],
      ],
    );
    assert.equal(column('code')?.inferredStype, 'text');
    assert.equal(column('points')?.nullCount, 2);
    assert.equal(column('driverId')?.distinctCount, 3);
    assert.deepEqual([column('points')?.min, column('points')?.max], ['0.0', '3.5']);
    assert.deepEqual(
      profile.timeColumns.map((t) => [t.column, t.min, t.max, t.notTemporalCount]),
      [['date', '2020-01-01 00:00:00', '2021-01-04 00:00:00', 0]],
    );
    assert.deepEqual(profile.primaryKey, {
      column: 'resultId',
      nullCount: 0,
      distinctCount: 12,
      duplicateValueCount: 0,
      duplicateRowCount: 0,
      duplicateExamples: [],
    });
  });

  it('lists columns for completion without scanning rows, and nothing for an unreadable source', async () => {
    const v = fx.staticValidation('g.graph.yaml');
    const drivers = v.graph?.tables.find((t) => t.name === 'drivers');
    assert.ok(drivers);
    assert.deepEqual(await validator.columnsOf(drivers), ['resultId', 'driverId', 'date', 'points', 'code']);
    fx.write('broken.parquet', 'not parquet');
    assert.deepEqual(await validator.columnsOf({ ...drivers, sourcePath: fx.path('broken.parquet') }), []);
    assert.equal(await validator.profileTable({ ...drivers, sourcePath: fx.path('broken.parquet') }), undefined);
  });
});
