import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { resolveTableSource } from '../../../data/TableSource';
import { codesOf, DataFixture, lineOf, none, only } from './dataFixture';

let fx: DataFixture;

before(async () => {
  fx = await DataFixture.create();
  await fx.table(
    'ok/drivers.csv',
    `SELECT * FROM (VALUES (1, 'British', DATE '1985-01-07'), (2, 'German', DATE '1977-05-10'), (3, NULL, DATE '1985-06-27')) t(driverId, nationality, dob)`,
  );
  await fx.table(
    'ok/drivers.parquet',
    `SELECT * FROM (VALUES (1, 'British', DATE '1985-01-07'), (2, 'German', DATE '1977-05-10')) t(driverId, nationality, dob)`,
  );
});

after(() => fx.close());

function graph(name: string, tables: string): string {
  return fx.write(`${name}.graph.yaml`, `kind: graph\ntables:\n${tables}`);
}

describe('source-unreadable', () => {
  it('passes on a readable CSV and a readable Parquet file', async () => {
    graph(
      'readable',
      `  a:\n    source: ok/drivers.csv\n    primary_key: driverId\n  b:\n    source: ok/drivers.parquet\n    primary_key: driverId\n`,
    );
    assert.deepEqual(codesOf(await fx.dataDiagnostics('readable.graph.yaml')), []);
  });

  it('reports a truncated Parquet file', async () => {
    const good = await fx.table('bad/full.parquet', 'SELECT range AS id, range * 2 AS x FROM range(1000)');
    const bytes = (await import('node:fs')).readFileSync(good);
    fx.write('bad/truncated.parquet', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const file = graph('truncated', `  t:\n    source: bad/truncated.parquet\n    primary_key: id\n`);
    const d = only(await fx.dataDiagnostics('truncated.graph.yaml'), 'source-unreadable');
    assert.match(d.message, /truncated\.parquet/);
    assert.equal(d.severity, 'error');
    assert.equal(d.source, 'relgraph-data');
    assert.equal(d.range.start.line, lineOf(file, 'source: bad/truncated.parquet'));
  });

  it('reports a 0-byte file without asking DuckDB', async () => {
    fx.write('bad/empty.csv', '');
    graph('zero', `  t:\n    source: bad/empty.csv\n`);
    const d = only(await fx.dataDiagnostics('zero.graph.yaml'), 'source-unreadable');
    assert.match(d.message, /empty \(0 bytes\)/);
  });

  it('reports a CSV with ragged rows, naming the line', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},x${i},${i * 2}`);
    fx.write('bad/ragged.csv', ['a,b,c', ...rows.slice(0, 20), '20,short', ...rows.slice(21)].join('\n') + '\n');
    graph('ragged', `  t:\n    source: bad/ragged.csv\n`);
    const d = only(await fx.dataDiagnostics('ragged.graph.yaml'), 'source-unreadable');
    assert.match(d.message, /line 22 has 2 fields but the header has 3/);
  });

  it('reports a CSV with one extra field at the end instead of silently reading 0 rows', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},x${i},${i * 2}`);
    fx.write('bad/extra.csv', ['a,b,c', ...rows, '100,x,1,extra'].join('\n') + '\n');
    graph('extra', `  t:\n    source: bad/extra.csv\n`);
    const d = only(await fx.dataDiagnostics('extra.graph.yaml'), 'source-unreadable');
    assert.match(d.message, /line 102 has 4 fields/);
  });

  it('reports a file in the wrong format', async () => {
    fx.write('bad/notparquet.parquet', 'id,name\n1,a\n2,b\n');
    graph('wrongformat', `  t:\n    source: bad/notparquet.parquet\n`);
    const d = only(await fx.dataDiagnostics('wrongformat.graph.yaml'), 'source-unreadable');
    assert.match(d.message, /notparquet\.parquet/);
  });

  it('handles a directory with no data parts: static file-not-found, no duplicate, a clear reason for hover', async () => {
    fx.write('bad/noparts/readme.txt', 'nothing here');
    fx.write('bad/noparts/_SUCCESS', '');
    graph('noparts', `  t:\n    source: bad/noparts\n`);
    const v = fx.staticValidation('noparts.graph.yaml');
    assert.ok(v.diagnostics.some((d) => d.code === 'file-not-found'));
    assert.deepEqual(codesOf(await fx.dataDiagnostics('noparts.graph.yaml')), []);
    const source = resolveTableSource(new NodeSpecHost(), fx.path('bad/noparts'));
    assert.match(source.problem ?? '', /no \.parquet or \.csv files/);
  });

  it('reports a source mixing CSV and Parquet', async () => {
    await fx.table('bad/mixed/a.csv', 'SELECT 1 AS id');
    await fx.table('bad/mixed/b.parquet', 'SELECT 2 AS id');
    graph('mixedformats', `  t:\n    source: bad/mixed/*\n`);
    const d = only(await fx.dataDiagnostics('mixedformats.graph.yaml'), 'source-unreadable');
    assert.match(d.message, /mixes CSV and Parquet/);
  });

  it('leaves a missing file to static validation (file-not-found) instead of reporting it twice', async () => {
    graph('missing', `  t:\n    source: nowhere/x.csv\n`);
    const v = fx.staticValidation('missing.graph.yaml');
    assert.ok(v.diagnostics.some((d) => d.code === 'file-not-found'));
    assert.deepEqual(codesOf(await fx.dataDiagnostics('missing.graph.yaml')), []);
  });

  it('reads a source whose path contains a quote (paths reach SQL only as escaped literals)', async () => {
    await fx.table("ok/o'neil.csv", 'SELECT 1 AS id');
    graph('quoted', `  t:\n    source: "ok/o'neil.csv"\n    primary_key: id\n`);
    assert.deepEqual(codesOf(await fx.dataDiagnostics('quoted.graph.yaml')), []);
  });
});

describe('empty-table', () => {
  it('warns on a header-only CSV and a 0-row Parquet file, citing what was read', async () => {
    fx.write('empty/header.csv', 'id,name\n');
    await fx.table('empty/zero.parquet', 'SELECT range AS id FROM range(0)');
    graph('empties', `  a:\n    source: empty/header.csv\n  b:\n    source: empty/zero.parquet\n`);
    const diagnostics = await fx.dataDiagnostics('empties.graph.yaml');
    assert.deepEqual(codesOf(diagnostics), ['empty-table', 'empty-table']);
    assert.equal(diagnostics[0].severity, 'warning');
    assert.match(diagnostics[0].message, /\(read empty\/header\.csv, 0 rows\)/);
  });

  it('passes a table with rows', async () => {
    graph('nonempty', `  a:\n    source: ok/drivers.parquet\n`);
    none(await fx.dataDiagnostics('nonempty.graph.yaml'), 'empty-table');
  });
});

describe('unknown-column', () => {
  it('reports a misspelt primary key, time column, columns entry and foreign key with did-you-mean', async () => {
    await fx.table('uc/results.csv', `SELECT 1 AS resultId, 1 AS driverId, TIMESTAMP '2020-01-01 10:00:00' AS date`);
    const file = graph(
      'unknowncols',
      `  drivers:\n    source: ok/drivers.csv\n    primary_key: driverID\n    columns:\n      nationalty: categorical\n` +
        `  results:\n    source: uc/results.csv\n    primary_key: resultId\n    time_column: Date\n` +
        `edges:\n  - { src_table: results, fkey: driverid, dst_table: drivers }\n`,
    );
    const diagnostics = (await fx.dataDiagnostics('unknowncols.graph.yaml')).filter((d) => d.code === 'unknown-column');
    const messages = diagnostics.map((d) => d.message).join('\n');
    assert.equal(diagnostics.length, 4, messages);
    assert.match(messages, /primary key 'driverID'.*Did you mean 'driverId'\?/);
    assert.match(messages, /'nationalty'.*Did you mean 'nationality'\?/);
    assert.match(messages, /time column 'Date'.*Did you mean 'date'\?/);
    assert.match(messages, /foreign key 'driverid'.*Did you mean 'driverId'\?/);
    assert.match(messages, /\(read ok\/drivers\.csv\)/);
    const pk = diagnostics.find((d) => d.message.includes("'driverID'"));
    assert.equal(pk?.range.start.line, lineOf(file, 'primary_key: driverID'));
    assert.deepEqual(pk?.data, { table: 'drivers', column: 'driverID', suggestion: 'driverId' });
  });

  it('passes when every named column exists', async () => {
    graph(
      'knowncols',
      `  drivers:\n    source: ok/drivers.csv\n    primary_key: driverId\n    columns:\n      nationality: categorical\n`,
    );
    none(await fx.dataDiagnostics('knowncols.graph.yaml'), 'unknown-column');
  });

  it('hints at the delimiter when a semicolon CSV was read as one column', async () => {
    fx.write('uc/semi.csv', 'id;name\n1;a\n');
    graph('semicolon', `  t:\n    source: uc/semi.csv\n    primary_key: id\n`);
    const d = only(await fx.dataDiagnostics('semicolon.graph.yaml'), 'unknown-column');
    assert.match(d.message, /read as one column named 'id;name'.*comma-separated/);
  });

  it('treats hostile names as names: no SQL runs from the spec', async () => {
    graph('hostile', `  t:\n    source: ok/drivers.csv\n    primary_key: 'x"; DROP TABLE t; --'\n`);
    const d = only(await fx.dataDiagnostics('hostile.graph.yaml'), 'unknown-column');
    assert.match(d.message, /DROP TABLE/);
  });
});

describe('time-column-not-temporal', () => {
  it('reports text values that are not timestamps, with counts and examples', async () => {
    await fx.table(
      'tc/events.csv',
      `SELECT * FROM (VALUES (1, '2020-01-01'), (2, 'soon'), (3, 'n/a'), (4, NULL)) t(id, happened)`,
    );
    const file = graph(
      'textdates',
      `  e:\n    source: tc/events.csv\n    primary_key: id\n    time_column: happened\n`,
    );
    const d = only(await fx.dataDiagnostics('textdates.graph.yaml'), 'time-column-not-temporal');
    assert.match(d.message, /2 values that cannot be read as a timestamp, e.g. 'n\/a', 'soon'/);
    assert.equal(d.range.start.line, lineOf(file, 'time_column: happened'));
  });

  it('reports an integer time column (epoch numbers are not Kumo timestamps)', async () => {
    await fx.table('tc/epoch.parquet', `SELECT range AS id, 1700000000 + range AS ts FROM range(3)`);
    graph('epoch', `  e:\n    source: tc/epoch.parquet\n    primary_key: id\n    time_column: ts\n`);
    const d = only(await fx.dataDiagnostics('epoch.graph.yaml'), 'time-column-not-temporal');
    assert.match(d.message, /is BIGINT \(values such as '1700000000'/);
  });

  it('passes timestamp, date and ISO-text time columns', async () => {
    await fx.table(
      'tc/good.parquet',
      `SELECT 1 AS id, TIMESTAMP '2020-01-01 10:00:00' AS a, DATE '2020-01-01' AS b, '2020-01-01 10:00:00' AS c`,
    );
    graph(
      'gooddates',
      `  a:\n    source: tc/good.parquet\n    primary_key: id\n    time_column: a\n    end_time_column: b\n` +
        `  c:\n    source: tc/good.parquet\n    primary_key: id\n    time_column: c\n`,
    );
    none(await fx.dataDiagnostics('gooddates.graph.yaml'), 'time-column-not-temporal');
  });
});

describe('schema (column overrides)', () => {
  it('rejects a stype that does not accept the column dtype, naming the allowed dtypes', async () => {
    const file = graph(
      'badstype',
      `  d:\n    source: ok/drivers.parquet\n    columns:\n      nationality: numerical\n`,
    );
    const d = only(await fx.dataDiagnostics('badstype.graph.yaml'), 'schema');
    assert.match(d.message, /stype 'numerical' does not accept dtype string/);
    assert.match(d.message, /int, byte, int16, int32, int64, float, float32, float64, timedelta/);
    assert.equal(d.range.start.line, lineOf(file, 'nationality: numerical'));
  });

  it('rejects a stype against an explicit dtype override', async () => {
    graph(
      'baddtype',
      `  d:\n    source: ok/drivers.parquet\n    columns:\n      driverId: { stype: text, dtype: int64 }\n`,
    );
    const d = only(await fx.dataDiagnostics('baddtype.graph.yaml'), 'schema');
    assert.match(d.message, /stype 'text' does not accept dtype int64/);
  });

  it('accepts allowed combinations', async () => {
    graph(
      'goodstype',
      `  d:\n    source: ok/drivers.parquet\n    columns:\n      nationality: categorical\n      driverId: { stype: ID, dtype: string }\n`,
    );
    none(await fx.dataDiagnostics('goodstype.graph.yaml'), 'schema');
  });
});

describe('primary keys', () => {
  it('reports null and duplicate keys with counts and the most repeated values', async () => {
    await fx.table('pk/dups.parquet', `SELECT * FROM (VALUES (1), (2), (2), (3), (3), (3), (NULL), (NULL), (4)) t(id)`);
    const file = graph('dupkeys', `  t:\n    source: pk/dups.parquet\n    primary_key: id\n`);
    const diagnostics = await fx.dataDiagnostics('dupkeys.graph.yaml');
    const dup = only(diagnostics, 'primary-key-not-unique');
    assert.match(dup.message, /2 values occur more than once, in 5 rows, e\.g\. '3' \(3 rows\), '2' \(2 rows\)/);
    assert.match(dup.message, /read pk\/dups\.parquet, 9 rows/);
    assert.equal(dup.range.start.line, lineOf(file, 'primary_key: id'));
    const nulls = only(diagnostics, 'primary-key-null');
    assert.match(nulls.message, /null in 2 of 9 rows \(22%\)/);
  });

  it('reports duplicates in a text key read from CSV', async () => {
    await fx.table('pk/text.csv', `SELECT * FROM (VALUES ('a'), ('b'), ('a')) t(code)`);
    graph('textkeys', `  t:\n    source: pk/text.csv\n    primary_key: code\n`);
    const d = only(await fx.dataDiagnostics('textkeys.graph.yaml'), 'primary-key-not-unique');
    assert.match(d.message, /1 value occurs more than once, in 2 rows, e\.g\. 'a' \(2 rows\)/);
  });

  it('passes a unique, non-null key', async () => {
    graph('goodkeys', `  t:\n    source: ok/drivers.csv\n    primary_key: driverId\n`);
    const diagnostics = await fx.dataDiagnostics('goodkeys.graph.yaml');
    none(diagnostics, 'primary-key-not-unique');
    none(diagnostics, 'primary-key-null');
  });
});
