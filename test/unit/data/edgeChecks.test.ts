import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataFixture, lineOf, none, only } from './dataFixture';

let fx: DataFixture;

before(async () => {
  fx = await DataFixture.create();
  await fx.table('drivers.parquet', `SELECT range + 1 AS driverId, 'd' || range AS name FROM range(10)`);
  await fx.table('drivers.csv', `SELECT range + 1 AS driverId, 'd' || range AS name FROM range(10)`);
  // driverId 11 and 12 match no driver; NULL foreign keys are not dangling, just unlinked.
  await fx.table(
    'results.parquet',
    `SELECT range AS resultId, CASE WHEN range < 3 THEN 11 + (range % 2) WHEN range = 3 THEN NULL ELSE 1 + range % 10 END AS driverId FROM range(40)`,
  );
  await fx.table(
    'results_ok.csv',
    `SELECT range AS resultId, 1 + range % 10 AS driverId, (1 + range % 10)::DOUBLE AS driverFloat FROM range(40)`,
  );
  // A key column with mixed content: the CSV sniffer reads it as text.
  fx.write('results_mixed.csv', 'resultId,driverId\n1,1\n2,2\n3,abc\n');
});

after(() => fx.close());

function graph(name: string, srcSource: string, fkey = 'driverId', dstSource = 'drivers.parquet'): string {
  return fx.write(
    `${name}.graph.yaml`,
    `kind: graph\ntables:\n  drivers:\n    source: ${dstSource}\n    primary_key: driverId\n  results:\n    source: ${srcSource}\n    primary_key: resultId\n` +
      `edges:\n  - { src_table: results, fkey: ${fkey}, dst_table: drivers }\n`,
  );
}

describe('edge-dtype-mismatch', () => {
  it('reports a text foreign key (mixed types in the key column) against an integer primary key', async () => {
    const file = graph('mixedkey', 'results_mixed.csv');
    const d = only(await fx.dataDiagnostics('mixedkey.graph.yaml'), 'edge-dtype-mismatch');
    assert.match(
      d.message,
      /results\.driverId is string \(VARCHAR\) but primary key drivers\.driverId is int64 \(BIGINT\)/,
    );
    assert.equal(d.range.start.line, lineOf(file, 'fkey: driverId'));
    assert.equal(d.related?.[0].message, 'the primary key');
    none(await fx.dataDiagnostics('mixedkey.graph.yaml'), 'dangling-foreign-keys');
  });

  it('accepts int and float keys (one numeric family) and compares their values', async () => {
    graph('floatkey', 'results_ok.csv', 'driverFloat', 'drivers.csv');
    const diagnostics = await fx.dataDiagnostics('floatkey.graph.yaml');
    none(diagnostics, 'edge-dtype-mismatch');
    none(diagnostics, 'dangling-foreign-keys');
  });

  it('accepts a dtype override that puts both keys in one family', async () => {
    fx.write(
      'override.graph.yaml',
      `kind: graph\ntables:\n  drivers:\n    source: drivers.parquet\n    primary_key: driverId\n    columns:\n      driverId: { stype: ID, dtype: string }\n` +
        `  results:\n    source: results_mixed.csv\n    primary_key: resultId\n` +
        `edges:\n  - { src_table: results, fkey: driverId, dst_table: drivers }\n`,
    );
    const diagnostics = await fx.dataDiagnostics('override.graph.yaml');
    none(diagnostics, 'edge-dtype-mismatch');
    // Compared as text now: 'abc' has no driver.
    assert.match(only(diagnostics, 'dangling-foreign-keys').message, /1 of 3 results\.driverId values .* e\.g\. 'abc'/);
  });
});

describe('dangling-foreign-keys', () => {
  it('reports the share of unmatched values with examples, across CSV and Parquet', async () => {
    const file = graph('dangling', 'results.parquet', 'driverId', 'drivers.csv');
    const d = only(await fx.dataDiagnostics('dangling.graph.yaml'), 'dangling-foreign-keys');
    assert.equal(d.severity, 'warning');
    assert.match(
      d.message,
      /^3 of 39 results\.driverId values \(7\.7%; 2 distinct\) have no matching drivers\.driverId, e\.g\. '11', '12'/,
    );
    assert.match(d.message, /read results\.parquet, 40 rows; read drivers\.csv, 10 rows/);
    assert.equal(d.range.start.line, lineOf(file, 'fkey: driverId'));
    assert.deepEqual(d.data, { fkRows: 39, danglingRows: 3, danglingValues: 2, examples: ['11', '12'] });
  });

  it('finds unmatched values inside the key range (holes), not only beyond it', async () => {
    await fx.table('holes/drivers.parquet', `SELECT * FROM (VALUES (1), (2), (4), (8)) t(driverId)`);
    await fx.table(
      'holes/results.parquet',
      `SELECT * FROM (VALUES (1, 3), (2, 8), (3, 3), (4, 1)) t(resultId, driverId)`,
    );
    graph('holes', 'holes/results.parquet', 'driverId', 'holes/drivers.parquet');
    const d = only(await fx.dataDiagnostics('holes.graph.yaml'), 'dangling-foreign-keys');
    assert.deepEqual(d.data, { fkRows: 4, danglingRows: 2, danglingValues: 1, examples: ['3'] });
  });

  it('passes when every foreign key matches', async () => {
    graph('linked', 'results_ok.csv');
    none(await fx.dataDiagnostics('linked.graph.yaml'), 'dangling-foreign-keys');
  });
});
