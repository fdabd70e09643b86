import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { loadGraphTables } from '../../../engine/features/GraphTables';

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
async function load(file: string): Promise<{ types: string[]; sum: string; sql: string[] }> {
  const session = await DuckDbSession.open({ threads: 2 });
  const sql: string[] = [];
  const rows = session.rows.bind(session);
  const run = session.run.bind(session);
  session.rows = (text, signal) => (sql.push(text), rows(text, signal));
  session.run = (text, signal) => (sql.push(text), run(text, signal));
  try {
    const graph = await loadGraphTables(session, {
      sources: [{ name: 't', files: [file], format: 'csv', primaryKey: 'id' }],
      edges: [],
    });
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
