import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { sqlString } from '../../../data/sourceScan';
import type { OutputTarget } from '../../../core/destinations/OutputTarget';
import { writeOutputAtomically, type ScratchRegistry } from '../../../engine/prediction/writeOutputAtomically';

let session: DuckDbSession;
let dir: string;

before(async () => {
  session = await DuckDbSession.open({ threads: 2 });
  await session.run('CREATE TABLE t AS SELECT range AS ENTITY, range * 0.5 AS v FROM range(1000)');
});
after(() => session.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-write-'));
});

function target(name: string, format: 'csv' | 'parquet', partitioned = false): OutputTarget {
  return { outputType: 'predictions', artifactName: name, path: path.join(dir, name), format, partitioned };
}

function recordingScratch(): ScratchRegistry & { live: Set<string>; seen: string[] } {
  const live = new Set<string>();
  const seen: string[] = [];
  return {
    live,
    seen,
    add: (f) => {
      live.add(f);
      seen.push(f);
    },
    remove: (f) => live.delete(f),
  };
}

describe('writeOutputAtomically', () => {
  it('writes a single ordered file through a temporary name', async () => {
    const scratch = recordingScratch();
    const t = target('p.csv', 'csv');
    const out = await writeOutputAtomically(session, 'SELECT * FROM t', t, {
      partitions: 1,
      partitionKey: 'ENTITY',
      orderBy: 'ENTITY DESC',
      scratch,
    });
    assert.deepEqual(out, { path: t.path, files: [t.path], rows: 1000 });
    const lines = fs.readFileSync(t.path, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'ENTITY,v');
    assert.equal(lines[1], '999,499.5');
    assert.deepEqual(fs.readdirSync(dir), ['p.csv'], 'no temporary file left');
    assert.equal(scratch.live.size, 0);
    assert.match(path.basename(scratch.seen[0]), /^\.p\.csv\.tmp-/);
  });

  it('writes exactly k zero-padded partitions assigned by hash of the key', async () => {
    const t = target('p_predictions', 'parquet', true);
    const out = await writeOutputAtomically(session, 'SELECT * FROM t', t, {
      partitions: 4,
      partitionKey: 'ENTITY',
      orderBy: 'ENTITY',
    });
    assert.deepEqual(fs.readdirSync(t.path).sort(), [
      'part_000.parquet',
      'part_001.parquet',
      'part_002.parquet',
      'part_003.parquet',
    ]);
    assert.equal(out.rows, 1000);
    for (const [p, file] of out.files.entries()) {
      const [row] = await session.rows(
        `SELECT count(*) AS n, count(*) FILTER (WHERE hash(ENTITY) % 4 <> ${p}) AS misplaced FROM read_parquet(${sqlString(file)})`,
      );
      assert.ok(Number(row.n) > 150, 'hash spreads rows');
      assert.equal(Number(row.misplaced), 0);
    }
    const [all] = await session.rows(
      `SELECT count(DISTINCT ENTITY) AS n FROM read_parquet(${sqlString(path.join(t.path, '*.parquet'))})`,
    );
    assert.equal(Number(all.n), 1000);
  });

  it('replaces an earlier partitioned output whole (no stale part files)', async () => {
    const t = target('p_predictions', 'parquet', true);
    const options = { partitionKey: 'ENTITY', orderBy: 'ENTITY' };
    await writeOutputAtomically(session, 'SELECT * FROM t', t, { ...options, partitions: 4 });
    await writeOutputAtomically(session, 'SELECT * FROM t', t, { ...options, partitions: 2 });
    assert.deepEqual(fs.readdirSync(t.path).sort(), ['part_000.parquet', 'part_001.parquet']);
    assert.deepEqual(fs.readdirSync(dir), ['p_predictions']);
  });

  it('on failure deletes its temporary files and keeps the earlier output', async () => {
    const t = target('p.parquet', 'parquet');
    await writeOutputAtomically(session, 'SELECT * FROM t', t, {
      partitions: 1,
      partitionKey: 'ENTITY',
      orderBy: 'ENTITY',
    });
    const before = fs.readFileSync(t.path);
    const scratch = recordingScratch();
    await assert.rejects(
      writeOutputAtomically(session, "SELECT ENTITY, CAST('x' || v AS INTEGER) AS v FROM t", t, {
        partitions: 1,
        partitionKey: 'ENTITY',
        orderBy: 'ENTITY',
        scratch,
      }),
      /Conversion Error|Could not convert/,
    );
    assert.deepEqual(fs.readdirSync(dir), ['p.parquet']);
    assert.deepEqual(fs.readFileSync(t.path), before);
    assert.equal(scratch.live.size, 0);
  });

  it('on abort leaves nothing at the final name', async () => {
    const t = target('big_predictions', 'parquet', true);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(
      writeOutputAtomically(session, 'SELECT * FROM t', t, {
        partitions: 2,
        partitionKey: 'ENTITY',
        orderBy: 'ENTITY',
        signal: controller.signal,
      }),
      /stop/,
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('is byte-for-byte reproducible', async () => {
    const a = target('a.parquet', 'parquet');
    const b = target('b.parquet', 'parquet');
    const options = { partitions: 1, partitionKey: 'ENTITY', orderBy: 'ENTITY' };
    await writeOutputAtomically(session, 'SELECT * FROM t', a, options);
    await writeOutputAtomically(session, 'SELECT * FROM t', b, options);
    assert.deepEqual(fs.readFileSync(a.path), fs.readFileSync(b.path));
  });
});
