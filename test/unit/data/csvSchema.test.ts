import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { resolveCsvScan, sessionCsvQuery, type CsvScan } from '../../../data/csvSchema';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { sampledCsvScanSql, sourceScanSql } from '../../../data/sourceScan';

/**
 * The sampled sniff is a shortcut, never a different answer: for every file below, the scan that
 * resolveCsvScan chooses must give exactly the types, values and errors of the full-file sniff
 * (`sample_size = -1`, what Relgraph always read CSV with), and must take the shortcut where it is safe.
 */
const ROWS = 60_000;
const LATE = 50_000;
let dir: string;
let session: DuckDbSession;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-csv-schema-'));
  session = await DuckDbSession.open({ threads: 2 });
});
after(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A CSV with a header and ROWS rows, `row(i)` giving each line's fields. */
function csv(name: string, header: string, row: (i: number) => string, rows = ROWS): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(row(i));
  const file = path.join(dir, name);
  const text = `${lines.join('\n')}\n`;
  fs.writeFileSync(file, file.endsWith('.gz') ? gzipSync(text) : text);
  return file;
}

async function describeScan(scan: string): Promise<string[]> {
  const rows = await session.rows(`DESCRIBE SELECT * FROM ${scan}`);
  return rows.map((r) => `${String(r.column_name)} ${String(r.column_type)}`);
}

/** Every row, as text, in a stable order: a rounded or truncated value shows up here. */
async function contents(scan: string): Promise<string> {
  const rows = await session.rows(`SELECT * FROM ${scan} ORDER BY ALL`);
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function errorOf(scan: string): Promise<string | undefined> {
  try {
    await session.rows(`SELECT count(*) FROM (SELECT * FROM ${scan})`);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Resolves the files' scan and checks it against the full sniff; returns it for the caller's own checks. */
async function resolvedLikeFullSniff(files: string[]): Promise<CsvScan> {
  const resolved = await resolveCsvScan(files, sessionCsvQuery(session));
  const full = sourceScanSql(files, 'csv');
  assert.deepEqual(await describeScan(resolved.scan), await describeScan(full));
  assert.equal(await contents(resolved.scan), await contents(full));
  return resolved;
}

describe('resolveCsvScan', () => {
  it('passes the sampled types when all rows fit them, and the scan then sniffs no types', async () => {
    const file = csv(
      'plain.csv',
      'id,amount,ts,day,flag,name',
      (i) =>
        `${i},${(i * 1.25).toFixed(2)},2024-01-01 00:00:${String(i % 60).padStart(2, '0')},2024-02-03,${i % 2 === 0},n${i}`,
    );
    const resolved = await resolvedLikeFullSniff([file]);
    assert.deepEqual(resolved.types, [
      { name: 'id', type: 'BIGINT' },
      { name: 'amount', type: 'DOUBLE' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'day', type: 'DATE' },
      { name: 'flag', type: 'BOOLEAN' },
      { name: 'name', type: 'VARCHAR' },
    ]);
    assert.match(resolved.scan, /types = \{'id': 'BIGINT'/);
    assert.doesNotMatch(resolved.scan, /sample_size/);
  });

  it('falls back to the full sniff when a late decimal would be silently rounded by the sampled BIGINT', async () => {
    const file = csv('decimal.csv', 'id,x', (i) => `${i},${i === LATE ? '1.5' : i}`);
    const sampled = await describeScan(sampledCsvScanSql([file]));
    assert.deepEqual(
      sampled,
      ['id BIGINT', 'x BIGINT'],
      'the sample misses row 50,000 (else this test proves nothing)',
    );
    // Why the verification exists: the sampled type reads 1.5 as 2, without an error.
    const [naive] = await session.rows(
      `SELECT sum(x)::VARCHAR AS s FROM ${sampledCsvScanSql([file], [{ name: 'x', type: 'BIGINT' }])}`,
    );
    assert.equal(naive.s, String((ROWS * (ROWS - 1)) / 2 - LATE + 2));
    const resolved = await resolvedLikeFullSniff([file]);
    assert.equal(resolved.types, undefined);
    assert.match(resolved.fullSniffReason ?? '', /column 'x'/);
  });

  it('falls back for a late word, a leading zero and an out-of-range integer', async () => {
    for (const [name, late] of [
      ['word', 'abc'],
      ['zero', '007'],
      ['huge', '99999999999999999999'],
    ]) {
      const file = csv(`late-${name}.csv`, 'id,x', (i) => `${i},${i === LATE ? late : i}`);
      const resolved = await resolvedLikeFullSniff([file]);
      assert.equal(resolved.types, undefined, name);
    }
  });

  it('falls back for a column empty through the sample and integers after it', async () => {
    const file = csv('empty-then-ints.csv', 'id,x,name', (i) => `${i},${i < 30_000 ? '' : i},n${i}`);
    assert.deepEqual(await describeScan(sampledCsvScanSql([file])), ['id BIGINT', 'x VARCHAR', 'name VARCHAR']);
    const resolved = await resolvedLikeFullSniff([file]);
    assert.equal(resolved.types, undefined);
    assert.deepEqual(await describeScan(resolved.scan), ['id BIGINT', 'x BIGINT', 'name VARCHAR']);
  });

  it('keeps the sniffed format of non-ISO timestamps on the fast path', async () => {
    const ts = (i: number) =>
      `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2021 ${String(i % 24).padStart(2, '0')}:15:00`;
    const file = csv('dmy.csv', 'id,ts', (i) => `${i},${ts(i)}`);
    const resolved = await resolvedLikeFullSniff([file]);
    assert.deepEqual(resolved.types, [
      { name: 'id', type: 'BIGINT' },
      { name: 'ts', type: 'TIMESTAMP' },
    ]);
    const [row] = await session.rows(`SELECT strftime(max(ts), '%Y-%m-%d %H:%M') AS hi FROM ${resolved.scan}`);
    assert.equal(row.hi, '2021-12-28 23:15');
  });

  it('falls back when a late time of day would be cut from a sampled DATE, or a late value is quoted', async () => {
    const dated = csv('date-then-time.csv', 'id,d', (i) => `${i},${i === LATE ? '2024-01-02 10:30:00' : '2024-01-01'}`);
    assert.equal((await resolvedLikeFullSniff([dated])).types, undefined);
    const quoted = csv('late-quote.csv', 'id,name', (i) => `${i},${i === LATE ? '"quoted"' : `n${i}`}`);
    assert.equal((await resolvedLikeFullSniff([quoted])).types, undefined);
  });

  it('handles multi-file sources (union by name), .tsv and .csv.gz like the full sniff', async () => {
    const a = csv('part-a.csv', 'id,x', (i) => `${i},${i}`, 30_000);
    const b = csv('part-b.csv', 'id,x,extra', (i) => `${i},${i + 0.5},e${i}`, 30_000);
    const parts = await resolvedLikeFullSniff([a, b]);
    assert.deepEqual(
      parts.types?.map((c) => c.type),
      ['BIGINT', 'DOUBLE', 'VARCHAR'],
    );
    // A column empty in one file's sample and numeric in another: the sampled union says VARCHAR.
    const c = csv('part-c.csv', 'id,x', (i) => `${i},`, 30_000);
    assert.equal((await resolvedLikeFullSniff([c, a])).types, undefined);
    const tsv = csv('t.tsv', 'id\tname', (i) => `${i}\tn${i}`);
    assert.ok((await resolvedLikeFullSniff([tsv])).types);
    const gz = csv('g.csv.gz', 'id,name', (i) => `${i},n${i}`);
    assert.ok((await resolvedLikeFullSniff([gz])).types);
  });

  it('reports a ragged row after the sample with the full sniff and its error, as before', async () => {
    const file = csv('ragged.csv', 'id,x', (i) => (i === LATE ? `${i},1,2` : `${i},${i}`));
    const resolved = await resolveCsvScan([file], sessionCsvQuery(session));
    assert.equal(resolved.scan, sourceScanSql([file], 'csv'));
    assert.match(resolved.fullSniffReason ?? '', /does not fit/);
    const error = await errorOf(resolved.scan);
    assert.ok(error);
    assert.equal(error, await errorOf(sourceScanSql([file], 'csv')));
  });
});
