import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { DataValidator } from '../../../data/DataValidator';
import { openDataCheckCache } from '../../../data/dataCheckCache';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import type { QueryCache } from '../../../data/QueryCache';
import { graphSourcesFromSpec, loadGraphTables, type GraphTableSource } from '../../../engine/features/GraphTables';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-graph-csv-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function csv(name: string, row: (i: number) => string): string {
  const file = path.join(dir, name);
  const lines = ['id,amount'];
  for (let i = 0; i < 40_000; i++) lines.push(row(i));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Loads one CSV table on a real session, recording the SQL the engine sends. */
async function load(
  file: string | GraphTableSource,
  dataCache?: QueryCache,
): Promise<{ types: string[]; sum: string; sql: string[] }> {
  const session = await DuckDbSession.open({ threads: 2 });
  const sql: string[] = [];
  const rows = session.rows.bind(session);
  const run = session.run.bind(session);
  session.rows = (text, signal) => (sql.push(text), rows(text, signal));
  session.run = (text, signal) => (sql.push(text), run(text, signal));
  try {
    const source: GraphTableSource =
      typeof file === 'string' ? { name: 't', files: [file], format: 'csv', primaryKey: 'id' } : file;
    const graph = await loadGraphTables(session, { sources: [source], edges: [] }, { dataCache });
    const table = graph.tables.get('t')!;
    const [row] = await rows(`SELECT sum(amount)::VARCHAR AS s FROM ${table.relation}`);
    return { types: table.columns.map((c) => c.sqlType), sum: String(row.s), sql };
  } finally {
    session.close();
  }
}

describe('loadGraphTables reads CSV with verified types', () => {
  it('loads without a full-file sniff when the sample is right', async () => {
    const loaded = await load(csv('good.csv', (i) => `${i},${i}`));
    assert.deepEqual(loaded.types, ['BIGINT', 'BIGINT']);
    assert.equal(loaded.sql.filter((s) => s.includes('sample_size = -1')).length, 0);
    assert.ok(loaded.sql.some((s) => s.startsWith('CREATE OR REPLACE TABLE') && s.includes("types = {'id': 'BIGINT'")));
  });

  it('loads a late decimal exactly, as DOUBLE, like the full sniff', async () => {
    const loaded = await load(csv('late.csv', (i) => `${i},${i === 35_000 ? '0.5' : i}`));
    assert.deepEqual(loaded.types, ['BIGINT', 'DOUBLE']);
    assert.equal(Number(loaded.sum), (40_000 * 39_999) / 2 - 35_000 + 0.5);
  });
});

describe('a job after its validation', () => {
  /** The verifying pass of csvSchema.ts: every row read as text, counted against the sampled types. */
  const verifies = (sql: string) => /^SELECT count\(/.test(sql) && / AS d0\b/.test(sql);

  it('takes the CSV types the data checks verified from their cache instead of reading the file again', async () => {
    const file = csv('validated.csv', (i) => `${i},${i * 2}`);
    const graphFile = path.join(dir, 'validated.graph.yaml');
    fs.writeFileSync(graphFile, 'kind: graph\ntables:\n  t:\n    source: validated.csv\n    primary_key: id\n');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-cache-'));
    fs.chmodSync(cacheDir, 0o700);
    try {
      const host = new NodeSpecHost();
      const validation = validateSpecFile(graphFile, host);
      const validator = new DataValidator({ host, cacheDir });
      try {
        const errors = (await validator.validate(validation)).filter((d) => d.severity === 'error');
        assert.deepEqual(errors, []);
      } finally {
        validator.dispose();
      }
      const [source] = graphSourcesFromSpec(validation.graph!, (p, limit) => host.resolveSource(p, limit)).sources;
      assert.ok(source.fingerprint, 'the engine names the source as the data tier does');
      const warn = (message: string) => assert.fail(message);

      const reused = await load(source, openDataCheckCache(cacheDir, warn));
      const alone = await load(source);
      assert.equal(reused.sql.filter(verifies).length, 0, reused.sql.join('\n'));
      assert.equal(alone.sql.filter(verifies).length, 1, 'without the cache the job verifies the file itself');
      assert.deepEqual(reused.types, ['BIGINT', 'BIGINT']);
      assert.deepEqual({ types: reused.types, sum: reused.sum }, { types: alone.types, sum: alone.sum });

      // A changed file is a new fingerprint: its types are verified again, never taken from the old entry.
      fs.appendFileSync(file, '40000,0.5\n');
      const [changed] = graphSourcesFromSpec(validation.graph!, (p, limit) => host.resolveSource(p, limit)).sources;
      const after = await load(changed, openDataCheckCache(cacheDir, warn));
      assert.equal(after.sql.filter(verifies).length, 1);
      assert.deepEqual(after.types, ['BIGINT', 'DOUBLE']);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
