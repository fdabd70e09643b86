import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { QueryOutcome } from '../../../data/QueryCache';
import { QueryCache } from '../../../data/QueryCache';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { QueryRunner } from '../../../data/QueryRunner';
import { TableProfiler } from '../../../data/TableProfiler';
import { resolveTableSource } from '../../../data/TableSource';
import { sourceScanSql } from '../../../data/sourceScan';
import { AWKWARD_HEADER, awkward, tableOf } from './awkwardCsv';

/** A real QueryRunner that remembers the SQL it sent to DuckDB. */
class RecordingRunner extends QueryRunner {
  readonly sql: string[] = [];
  override run(sql: string, timeoutMs: number, signal?: AbortSignal): Promise<QueryOutcome> {
    this.sql.push(sql);
    return super.run(sql, timeoutMs, signal);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-csv-typed-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function csv(name: string, row: (i: number) => string): string {
  const file = path.join(dir, name);
  const lines = ['id,x,name'];
  for (let i = 0; i < 40_000; i++) lines.push(row(i));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A TableProfiler on a recording runner and a fresh in-memory cache, disposed after `work`. */
async function withProfiler(
  work: (profiler: TableProfiler, runner: RecordingRunner, host: NodeSpecHost) => Promise<void>,
) {
  const host = new NodeSpecHost();
  const runner = new RecordingRunner({ threads: 2 });
  try {
    await work(new TableProfiler(host, runner, new QueryCache(), 60_000), runner, host);
  } finally {
    runner.dispose();
  }
}

const fullSniffs = (sql: readonly string[]) => sql.filter((s) => s.includes('sample_size = -1')).length;

describe('the data tier reads CSV with verified types', () => {
  it('sniffs the whole file never, and each query once, when the sample is right', async () => {
    const file = csv('good.csv', (i) => `${i},${i * 2},n${i}`);
    await withProfiler(async (profiler, runner, host) => {
      const source = resolveTableSource(host, file);
      const schema = await profiler.schema(source);
      assert.deepEqual(schema, {
        value: [
          { name: 'id', duckDbType: 'BIGINT' },
          { name: 'x', duckDbType: 'BIGINT' },
          { name: 'name', duckDbType: 'VARCHAR' },
        ],
      });
      assert.match(profiler.scanOf(source), /types = \{'id': 'BIGINT', 'x': 'BIGINT', 'name': 'VARCHAR'\}/);
      const sent = runner.sql.length;
      await profiler.schema(source);
      assert.equal(runner.sql.length, sent, 'a second look at unchanged files is answered from memory');
      await profiler.query(`SELECT max(x) AS hi FROM ${profiler.scanOf(source)}`, [source]);
      assert.equal(fullSniffs(runner.sql), 0);
    });
  });

  it('keeps the full sniff for a file the sample misreads, with its types', async () => {
    const file = csv('late.csv', (i) => `${i},${i === 30_000 ? '2.5' : i},n${i}`);
    await withProfiler(async (profiler, _runner, host) => {
      const source = resolveTableSource(host, file);
      const schema = await profiler.schema(source);
      assert.deepEqual('value' in schema ? schema.value.map((c) => c.duckDbType) : schema, [
        'BIGINT',
        'DOUBLE',
        'VARCHAR',
      ]);
      assert.equal(profiler.scanOf(source), sourceScanSql([file], 'csv'));
    });
  });
});

describe('the statistics scan of a CSV source rides on its type check', () => {
  const write = (name: string, row: (i: number) => string) => {
    const file = path.join(dir, name);
    const lines = [AWKWARD_HEADER];
    for (let i = 0; i < 40_000; i++) lines.push(row(i));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };

  /** schema + profile on a fresh profiler: with the table given to schema (one read), or not (two reads). */
  async function profileOf(file: string, together: boolean) {
    let profile: unknown;
    let reads = 0;
    await withProfiler(async (profiler, runner, host) => {
      const source = resolveTableSource(host, file);
      const table = tableOf(file);
      const schema = await profiler.schema(source, undefined, together ? table : undefined);
      assert.ok('value' in schema, JSON.stringify(schema));
      profile = await profiler.profile(table, source, schema.value, new Set());
      reads = runner.sql.filter((sql) => !sql.startsWith('DESCRIBE') && !/ LIMIT \d+\)$/.test(sql)).length;
    });
    return { profile, reads };
  }

  it('gives the profile of separate scans, in one read of the file', async () => {
    const file = write('awkward.csv', awkward);
    const apart = await profileOf(file, false);
    const together = await profileOf(file, true);
    assert.equal(apart.reads, 2, 'the type check, then the statistics');
    assert.equal(together.reads, 1, 'one read for both');
    assert.deepEqual(together.profile, apart.profile);
  });

  it('still falls back to the full sniff, and profiles with its types, when a late value breaks a sampled type', async () => {
    const file = write('awkward-late.csv', (i) =>
      i === 30_000 ? awkward(i).replace(/^(\d+),[^,]*,/, '$1,1.5,') : awkward(i),
    );
    const apart = await profileOf(file, false);
    const together = await profileOf(file, true);
    assert.deepEqual(together.profile, apart.profile);
    const n = (together.profile as { value: { columns: { name: string; duckDbType: string }[] } }).value.columns.find(
      (c) => c.name === 'n',
    );
    assert.equal(n?.duckDbType, 'DOUBLE', 'the full sniff reads the late 1.5: the column is DOUBLE');
  });
});
