import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataValidator } from '../../../data/DataValidator';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { MAX_SOURCE_FILES } from '../../../data/TableSource';
import { codesOf, DataFixture, none, only } from './dataFixture';

/** Bounded work: time limits, cancellation, caching, and sources too large to read whole. */
let fx: DataFixture;

before(async () => {
  fx = await DataFixture.create();
  // Big enough that its statistics scan takes far longer than the short time limits below.
  await fx.table(
    'big.parquet',
    `SELECT CASE WHEN range = 7 THEN 8 ELSE range END AS id, hash(range) % 1000 AS x, 'v' || (range % 777) AS s FROM range(1000000)`,
  );
  fx.write('big.graph.yaml', `kind: graph\ntables:\n  big:\n    source: big.parquet\n    primary_key: id\n`);
  await fx.table('small.csv', `SELECT * FROM (VALUES (1, 'a'), (1, 'b')) t(id, name)`);
  fx.write('small.graph.yaml', `kind: graph\ntables:\n  small:\n    source: small.csv\n    primary_key: id\n`);
});

after(() => fx.close());

describe('data-check-incomplete', () => {
  it('says a check was cut short by its time limit instead of passing it, and does not cache the cut', async () => {
    const validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false, timeoutMs: 30 });
    try {
      const v = fx.staticValidation('big.graph.yaml');
      const cut = await validator.validate(v);
      const incomplete = cut.filter((d) => d.code === 'data-check-incomplete');
      assert.equal(incomplete.length, 1, JSON.stringify(cut));
      assert.match(
        incomplete[0].message,
        /was stopped after 30 ms \(the per-check time limit\), so its result is unknown, not passed/,
      );
      none(cut, 'primary-key-not-unique');
    } finally {
      validator.dispose();
    }
    // With time to finish, the same data shows what the cut-short check could not.
    const full = await fx.dataDiagnostics('big.graph.yaml');
    none(full, 'data-check-incomplete');
    assert.match(only(full, 'primary-key-not-unique').message, /'8' \(2 rows\)/);
  });

  it('caps a glob matching thousands of files and says so', async () => {
    const part = await fx.table('parts/part_00000.parquet', 'SELECT 1 AS id, 2 AS x');
    const bytes = fs.readFileSync(part);
    for (let i = 1; i <= MAX_SOURCE_FILES + 5; i++) {
      fs.writeFileSync(fx.path(`parts/part_${String(i).padStart(5, '0')}.parquet`), bytes);
    }
    fx.write('parts.graph.yaml', `kind: graph\ntables:\n  p:\n    source: parts/*.parquet\n`);
    const diagnostics = await fx.dataDiagnostics('parts.graph.yaml');
    const d = only(diagnostics, 'data-check-incomplete');
    assert.match(d.message, /matches more than 1000 files; only the first 1000 \(in name order\) were checked/);
    assert.deepEqual(codesOf(diagnostics), ['data-check-incomplete']);
  });
});

describe('cancellation', () => {
  it('stops a running scan when the signal aborts, and the validator keeps working', async () => {
    const validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false });
    try {
      const controller = new AbortController();
      const running = validator.validate(fx.staticValidation('big.graph.yaml'), controller.signal);
      setTimeout(() => controller.abort(new Error('user cancelled')), 20);
      await assert.rejects(running, /user cancelled/);
      const after = await validator.validate(fx.staticValidation('small.graph.yaml'));
      assert.deepEqual(codesOf(after), ['primary-key-not-unique']);
    } finally {
      validator.dispose();
    }
  });

  it("does not fail a concurrent validation sharing the same scan when another one's is cancelled", async () => {
    const validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false });
    try {
      const controller = new AbortController();
      const cancelled = validator.validate(fx.staticValidation('big.graph.yaml'), controller.signal);
      const kept = validator.validate(fx.staticValidation('big.graph.yaml'));
      setTimeout(() => controller.abort(new Error('superseded by a newer edit')), 20);
      await assert.rejects(cancelled, /superseded/);
      assert.match(only(await kept, 'primary-key-not-unique').message, /'8' \(2 rows\)/);
    } finally {
      validator.dispose();
    }
  });

  it('rejects at once when the signal is already aborted', async () => {
    const validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false });
    try {
      await assert.rejects(
        validator.validate(fx.staticValidation('small.graph.yaml'), AbortSignal.abort(new Error('gone'))),
        /gone/,
      );
      assert.equal(validator.queriesRun, 0);
    } finally {
      validator.dispose();
    }
  });
});

describe('caching by (path, size, mtime)', () => {
  it('answers a second validator (a second CLI process) from the disk cache without any query', async () => {
    const cacheDir = fx.path('cache');
    const run = async () => {
      const validator = new DataValidator({ host: new NodeSpecHost(), cacheDir });
      try {
        const diagnostics = await validator.validate(fx.staticValidation('small.graph.yaml'));
        return { diagnostics, queries: validator.queriesRun };
      } finally {
        validator.dispose();
      }
    };
    const cold = await run();
    assert.ok(cold.queries > 0);
    const warm = await run();
    assert.equal(warm.queries, 0);
    assert.deepEqual(warm.diagnostics, cold.diagnostics);

    // A rewritten file (new size and mtime) is read again and its new content counts.
    await fx.table('small.csv', `SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)`);
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(fx.path('small.csv'), future, future);
    const changed = await run();
    assert.ok(changed.queries > 0);
    assert.deepEqual(codesOf(changed.diagnostics), []);
  });

  it('re-reads a file whose mtime changed even when its size did not', async () => {
    const validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false });
    try {
      await validator.validate(fx.staticValidation('small.graph.yaml'));
      const before = validator.queriesRun;
      await validator.validate(fx.staticValidation('small.graph.yaml'));
      assert.equal(validator.queriesRun, before, 'unchanged data is served from memory');
      const later = new Date(Date.now() + 10_000);
      fs.utimesSync(fx.path('small.csv'), later, later);
      await validator.validate(fx.staticValidation('small.graph.yaml'));
      assert.ok(validator.queriesRun > before);
    } finally {
      validator.dispose();
    }
  });

  it('never writes into the data folder', async () => {
    const listing = () =>
      fs
        .readdirSync(fx.dir)
        .filter((n) => !n.endsWith('.yaml'))
        .sort();
    const beforeFiles = listing();
    // The default disk cache lives under the OS temp dir, never next to the data.
    const validator = new DataValidator({ host: new NodeSpecHost() });
    try {
      await validator.validate(fx.staticValidation('small.graph.yaml'));
    } finally {
      validator.dispose();
    }
    assert.deepEqual(listing(), beforeFiles);
    assert.ok(!fs.existsSync(path.join(fx.dir, '.relgraph')));
  });
});
