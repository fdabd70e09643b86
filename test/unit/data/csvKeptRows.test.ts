import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AWKWARD_HEADER, awkward, tableOf } from './awkwardCsv';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { QueryCache, type QueryOutcome } from '../../../data/QueryCache';
import { QueryRunner } from '../../../data/QueryRunner';
import { SourceTables } from '../../../data/SourceTables';
import { TableProfiler } from '../../../data/TableProfiler';
import { resolveTableSource } from '../../../data/TableSource';

/**
 * The validation before a job keeps the rows its verifying read of a CSV source reads (data/SourceTables.ts):
 * a shortcut for the job, never a different answer. Every profile below must equal the one the checks compute
 * from the file, the kept rows must be the typed scan's rows, and a source whose sampled types do not hold is
 * not kept at all.
 */
class RecordingRunner extends QueryRunner {
  readonly sql: string[] = [];
  override run(sql: string, timeoutMs: number, signal?: AbortSignal): Promise<QueryOutcome> {
    this.sql.push(sql);
    return super.run(sql, timeoutMs, signal);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-csv-kept-'));
/** Reads the files for the comparisons. */
let session: DuckDbSession;
/** One per validation that keeps rows, as each job has its own. */
const jobSessions: DuckDbSession[] = [];
before(async () => {
  session = await DuckDbSession.open({ threads: 2 });
});
after(() => {
  for (const s of [session, ...jobSessions]) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A job's session (its owner sets UTC, as validateBeforeRun does) and the place its rows are kept. */
async function keptRows(): Promise<SourceTables> {
  const jobSession = await DuckDbSession.open({ threads: 2 });
  jobSessions.push(jobSession);
  await jobSession.run("SET TimeZone = 'UTC'");
  return new SourceTables(jobSession);
}

function write(name: string, row: (i: number) => string): string {
  const file = path.join(dir, name);
  const lines = [AWKWARD_HEADER];
  for (let i = 0; i < 40_000; i++) lines.push(row(i));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Profiled {
  profile: unknown;
  /** The source's typed scan of its files, as the checks write it. */
  scan: string;
  /** The queries that read the file (not the sniff of its sample). */
  fileReads: string[];
  sql: string[];
  tables?: SourceTables;
}

/** schema + profile of the file, reading it (no `tables`) or keeping its rows (`tables`). */
async function profileOf(file: string, tables?: SourceTables, cache = new QueryCache()): Promise<Profiled> {
  const host = new NodeSpecHost();
  const runner = new RecordingRunner({ threads: 2, ...(tables ? { session: tables.session } : {}) });
  try {
    const profiler = new TableProfiler(host, runner, cache, 60_000, tables);
    const source = resolveTableSource(host, file);
    const table = tableOf(file);
    const schema = await profiler.schema(source, undefined, table);
    assert.ok('value' in schema, JSON.stringify(schema));
    const profile = await profiler.profile(table, source, schema.value, new Set());
    const fileReads = runner.sql.filter(
      (s) => s.includes('read_csv(') && !s.startsWith('DESCRIBE') && !/ LIMIT \d+\)$/.test(s),
    );
    return { profile, scan: profiler.scanOf(source), fileReads, sql: runner.sql, tables };
  } finally {
    runner.dispose();
  }
}

async function rowsOf(on: DuckDbSession, scan: string): Promise<string> {
  const rows = await on.rows(`SELECT * FROM ${scan} ORDER BY ALL`);
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function columnsOf(on: DuckDbSession, scan: string): Promise<string[]> {
  const rows = await on.rows(`DESCRIBE SELECT * FROM ${scan}`);
  return rows.map((r) => `${String(r.column_name)} ${String(r.column_type)}`);
}

async function sourceTableCount(tables: SourceTables): Promise<number> {
  const [row] = await tables.session.rows(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'rg_source_%'",
  );
  return Number(row.n);
}

const fingerprintOf = (file: string) => resolveTableSource(new NodeSpecHost(), file).fingerprint;

describe('the validation before a job keeps the CSV rows it reads', () => {
  it('gives the profile the file gives, in one read, and keeps exactly the typed scan’s rows', async () => {
    const file = write('awkward.csv', awkward);
    const fromFile = await profileOf(file);
    const kept = await profileOf(file, await keptRows());
    assert.deepEqual(kept.profile, fromFile.profile);
    assert.equal(kept.fileReads.length, 1, `one read of the file: ${kept.fileReads.join('\n')}`);
    assert.match(kept.fileReads[0], /^CREATE TABLE "rg_source_0" AS /);

    const scan = kept.tables!.scans().get(fingerprintOf(file));
    assert.ok(scan, 'the source is kept for the job');
    assert.equal(kept.scan, fromFile.scan, 'the checks still write the file’s typed scan');
    assert.match(fromFile.scan, /types = \{'id': 'BIGINT'/);
    const jobSession = kept.tables!.session;
    assert.equal(await rowsOf(jobSession, scan), await rowsOf(session, fromFile.scan), 'value for value');
    assert.deepEqual(
      await columnsOf(jobSession, scan),
      await columnsOf(session, fromFile.scan),
      'the same columns and types; no check column shows through',
    );
  });

  it('counts an integer key with a bitmap over the kept rows (the file is counted with count(DISTINCT))', async () => {
    const file = write('keys.csv', (i) => awkward(i >= 39_990 ? i - 5 : i));
    const fromFile = await profileOf(file);
    const kept = await profileOf(file, await keptRows());
    assert.deepEqual(kept.profile, fromFile.profile, 'duplicates and all');
    const primaryKey = (kept.profile as { value: { primaryKey: { duplicateValueCount: number } } }).value.primaryKey;
    assert.equal(primaryKey.duplicateValueCount, 5);
    assert.ok(fromFile.sql.some((s) => s.includes('count(DISTINCT "id") AS pkd')));
    assert.ok(kept.sql.some((s) => s.includes('bitstring_agg("id"::BIGINT')));
    assert.equal(kept.fileReads.length, 1, 'the duplicates are looked up in the kept rows too');
  });

  it('keeps nothing of a file whose late value breaks a sampled type, and profiles it as before', async () => {
    const file = write('late.csv', (i) => (i === 30_000 ? awkward(i).replace(/^(\d+),[^,]*,/, '$1,1.5,') : awkward(i)));
    const fromFile = await profileOf(file);
    const kept = await profileOf(file, await keptRows());
    assert.deepEqual(kept.profile, fromFile.profile);
    assert.equal(kept.tables!.has(fingerprintOf(file)), false);
    assert.equal(await sourceTableCount(kept.tables!), 0, 'its table was dropped');
    const n = (kept.profile as { value: { columns: { name: string; duckDbType: string }[] } }).value.columns.find(
      (c) => c.name === 'n',
    );
    assert.equal(n?.duckDbType, 'DOUBLE', 'the full sniff reads the late 1.5');
  });

  it('reads the file as before when a value cannot be read as its sampled type at all', async () => {
    const file = write('badtime.csv', (i) =>
      i === 30_000 ? awkward(i).replace(/2024-02-\d\d 12:0\d:00/, 'soon') : awkward(i),
    );
    const fromFile = await profileOf(file);
    const kept = await profileOf(file, await keptRows());
    assert.deepEqual(kept.profile, fromFile.profile);
    assert.equal(kept.tables!.has(fingerprintOf(file)), false);
    assert.equal(await sourceTableCount(kept.tables!), 0);
  });

  it('checks a column empty through the sample over the kept rows: kept when text follows, not when numbers do', async () => {
    const late = (value: string) => (i: number) => awkward(i).replace(/,[^,]*$/, i < 30_000 ? ',' : `,${value}${i}`);
    const text = write('late-text.csv', late('w'));
    const numbers = write('late-numbers.csv', late(''));
    for (const [file, keptExpected] of [
      [text, true],
      [numbers, false],
    ] as const) {
      const fromFile = await profileOf(file);
      const kept = await profileOf(file, await keptRows());
      assert.deepEqual(kept.profile, fromFile.profile, path.basename(file));
      assert.equal(kept.tables!.has(fingerprintOf(file)), keptExpected, path.basename(file));
    }
  });

  it('leaves the answers in the cache, so a validation of the same files afterwards reads nothing', async () => {
    const file = write('again.csv', awkward);
    const cache = new QueryCache();
    const kept = await profileOf(file, await keptRows(), cache);
    const later = await profileOf(file, undefined, cache);
    assert.deepEqual(later.profile, kept.profile);
    assert.deepEqual(later.sql, [], 'every query answered from the cache');
  });
});
