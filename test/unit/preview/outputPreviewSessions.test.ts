import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { OutputPreviewSessions } from '../../../data/preview/OutputPreviewSessions';
import { sqlString } from '../../../data/sourceScan';

/** Park-Miller: the same rows every run. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

const ROWS = 5000;
const next = random(11);
const drivers = Array.from({ length: ROWS }, (_, i) => ({
  id: i + 1,
  prob: Math.round(next() * 1e6) / 1e6,
  name: `driver ${i + 1}`,
  nation: ['German', 'British', "O'Brien; --"][i % 3],
}));

let dir: string;
let partsDir: string;
let csvOutput: string;
let entityCsv: string;
let embeddingsFile: string;
const previews = new OutputPreviewSessions({ threads: 1, memoryLimitMb: 256 });

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-preview-'));
  csvOutput = path.join(dir, 'predictions.csv');
  entityCsv = path.join(dir, 'drivers.csv');
  partsDir = path.join(dir, 'parts');
  fs.mkdirSync(partsDir);
  const threshold = 0.5;
  fs.writeFileSync(
    csvOutput,
    'ENTITY,ANCHOR_TIMESTAMP,TARGET_PRED,FALSE_PROB,TRUE_PROB\n' +
      drivers.map((d) => `${d.id},2010-01-01,${d.prob >= threshold},${(1 - d.prob).toFixed(6)},${d.prob}`).join('\n') +
      '\n',
  );
  fs.writeFileSync(
    entityCsv,
    'driverId,forename,nationality\n' +
      drivers.map((d) => `${d.id},${d.name},"${d.nation.replace(/"/g, '""')}"`).join('\n') +
      '\n',
  );
  const db = await DuckDbSession.open({ threads: 1 });
  try {
    // Three partitions, as a partitioned local output (part_000.parquet, ...), and an embeddings file.
    for (let p = 0; p < 3; p++) {
      await db.run(
        `COPY (SELECT * FROM read_csv(${sqlString(csvOutput)}) WHERE ENTITY % 3 = ${p}) TO ` +
          `${sqlString(path.join(partsDir, `part_00${p}.parquet`))} (FORMAT parquet)`,
      );
    }
    embeddingsFile = path.join(dir, 'embeddings.parquet');
    await db.run(
      `COPY (SELECT range::BIGINT AS ENTITY, [CAST(range % 7 AS FLOAT), 1.0::FLOAT, CAST(range % 3 AS FLOAT)]::FLOAT[3] AS EMBEDDING ` +
        `FROM range(1, 201)) TO ${sqlString(embeddingsFile)} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
});

after(() => {
  previews.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const parts = () =>
  fs
    .readdirSync(partsDir)
    .sort()
    .map((f) => path.join(partsDir, f));

describe('output preview sessions (DuckDB)', () => {
  it('sorts the whole partitioned output: the top row is the true maximum, pages cover every row once', async () => {
    const opened = await previews.openOutput({ files: parts(), format: 'parquet', facts: { threshold: 0.5 } });
    assert.equal(opened.totalRows, ROWS);
    const prob = opened.columns.findIndex((c) => c.name === 'TRUE_PROB');
    const entity = opened.columns.findIndex((c) => c.name === 'ENTITY');
    const view = { sort: { column: 'TRUE_PROB', descending: true }, filters: [] };
    const first = await previews.page(opened.session, view, 0, 100);
    const sorted = [...drivers].sort((a, b) => b.prob - a.prob || a.id - b.id);
    assert.equal(first.total, ROWS);
    assert.equal(first.rows[0][prob], sorted[0].prob);
    assert.equal(first.rows[0][entity], sorted[0].id);
    const seen = new Set<number>();
    for (let offset = 0; offset < ROWS; offset += 1000) {
      const page = await previews.page(opened.session, view, offset, 1000);
      page.rows.forEach((row, i) => {
        assert.equal(row[prob], sorted[offset + i].prob, `row ${offset + i}`);
        seen.add(row[entity] as number);
      });
    }
    assert.equal(seen.size, ROWS);
    await previews.close(opened.session);
  });

  it('joins the entity table beside the predictions and filters/sorts on its columns', async () => {
    const opened = await previews.openOutput({
      files: [csvOutput],
      format: 'csv',
      entity: { table: 'drivers', key: 'driverId', files: [entityCsv], format: 'csv' },
      facts: {},
    });
    assert.deepEqual(opened.entity, {
      table: 'drivers',
      key: 'driverId',
      columns: ['drivers.forename', 'drivers.nationality'],
    });
    assert.equal(opened.entityProblem, undefined);
    const names = opened.columns.map((c) => c.name);
    assert.deepEqual(names.slice(-2), ['drivers.forename', 'drivers.nationality']);
    const view = {
      sort: { column: 'TRUE_PROB', descending: false },
      filters: [{ column: 'drivers.nationality', op: 'equals' as const, value: "O'Brien; --" }],
    };
    const page = await previews.page(opened.session, view, 0, 10);
    const expected = drivers.filter((d) => d.nation === "O'Brien; --").sort((a, b) => a.prob - b.prob || a.id - b.id);
    assert.equal(page.total, expected.length);
    const at = (name: string) => names.indexOf(name);
    assert.equal(page.rows[0][at('ENTITY')], expected[0].id);
    assert.equal(page.rows[0][at('drivers.forename')], expected[0].name);
    // A page cut before the join keeps the entity columns of its own rows.
    const unjoined = await previews.page(opened.session, { filters: [] }, 10, 3);
    assert.deepEqual(
      unjoined.rows.map((r) => [r[at('ENTITY')], r[at('drivers.forename')]]),
      [11, 12, 13].map((id) => [id, `driver ${id}`]),
    );
    await previews.close(opened.session);
  });

  it('exports the filtered, sorted view (all pages) as CSV, atomically', async () => {
    const opened = await previews.openOutput({
      files: [csvOutput],
      format: 'csv',
      entity: { table: 'drivers', key: 'driverId', files: [entityCsv], format: 'csv' },
      facts: {},
    });
    const target = path.join(dir, 'export.csv');
    fs.writeFileSync(target, 'old content\n');
    const view = {
      sort: { column: 'TRUE_PROB', descending: true },
      filters: [{ column: 'TRUE_PROB', op: 'ge' as const, value: 0.9 }],
    };
    const rows = await previews.exportCsv(opened.session, view, target);
    const expected = drivers.filter((d) => d.prob >= 0.9).sort((a, b) => b.prob - a.prob || a.id - b.id);
    assert.equal(rows, expected.length);
    const lines = fs.readFileSync(target, 'utf8').trim().split('\n');
    assert.equal(
      lines[0],
      'ENTITY,ANCHOR_TIMESTAMP,TARGET_PRED,FALSE_PROB,TRUE_PROB,drivers.forename,drivers.nationality',
    );
    assert.equal(lines.length, expected.length + 1);
    assert.ok(lines[1].startsWith(`${expected[0].id},`), lines[1]);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
    // A failed export leaves the previous file as it was.
    await assert.rejects(previews.exportCsv(opened.session, view, path.join(dir, 'missing-folder', 'x.csv')));
    assert.equal(fs.readFileSync(target, 'utf8').split('\n').length, expected.length + 2);
    await previews.close(opened.session);
  });

  it('summarises binary scores: histogram over [0, 1], the split at the threshold, the warning', async () => {
    const opened = await previews.openOutput({
      files: parts(),
      format: 'parquet',
      facts: { threshold: 0.5, trainingThreshold: 0.5 },
    });
    const summary = opened.summary;
    assert.equal(summary.kind, 'binary');
    if (summary.kind !== 'binary') return;
    assert.equal(summary.histogram.edges[0], 0);
    assert.equal(summary.histogram.edges.at(-1), 1);
    assert.equal(
      summary.histogram.counts.reduce((a, b) => a + b, 0),
      ROWS,
    );
    const inFirstBin = drivers.filter((d) => d.prob < 0.05).length;
    assert.equal(summary.histogram.counts[0], inFirstBin);
    assert.equal(summary.positive, drivers.filter((d) => d.prob >= 0.5).length);
    assert.deepEqual(summary.threshold, { value: 0.5, source: 'job' });
    assert.deepEqual(opened.warnings, []);
    // Filtered stats: the rows that pass the filter only.
    const filtered = await previews.stats(opened.session, { filters: [{ column: 'TRUE_PROB', op: 'lt', value: 0.5 }] });
    assert.equal(filtered.kind === 'binary' && filtered.positive, 0);
    await previews.close(opened.session);
    // A threshold that puts nearly every row on the TRUE side, while training chose another one: warned.
    const skewedCsv = path.join(dir, 'skewed.csv');
    fs.writeFileSync(
      skewedCsv,
      'ENTITY,TARGET_PRED,TRUE_PROB\n' + drivers.map((d) => `${d.id},${d.prob >= 0.01},${d.prob}`).join('\n') + '\n',
    );
    const skewed = await previews.openOutput({
      files: [skewedCsv],
      format: 'csv',
      facts: { threshold: 0.01, trainingThreshold: 0.674 },
    });
    const positive = drivers.filter((d) => d.prob >= 0.01).length;
    assert.equal(skewed.summary.kind === 'binary' && skewed.summary.positive, positive);
    assert.equal(skewed.warnings.length, 1);
    assert.match(
      skewed.warnings[0],
      new RegExp(
        `^${positive} of ${ROWS} rows \\(\\d+(\\.\\d)?%\\) are predicted TRUE at threshold 0\\.01, while training chose 0\\.674`,
      ),
    );
    await previews.close(skewed.session);
  });

  it('gives embeddings their shape, norm histogram and cosine nearest neighbours', async () => {
    const opened = await previews.openOutput({ files: [embeddingsFile], format: 'parquet', facts: {} });
    assert.equal(opened.summary.kind, 'embeddings');
    if (opened.summary.kind !== 'embeddings') return;
    assert.equal(opened.summary.rows, 200);
    assert.equal(opened.summary.dims, 3);
    assert.equal(
      opened.summary.norms.counts.reduce((a, b) => a + b, 0),
      200,
    );
    const neighbours = await previews.neighbours(opened.session, { entity: '8' }, 5);
    // Entity 8 is [1, 1, 2]; every e with e % 7 == 1 and e % 3 == 2 has the same vector (similarity 1).
    const same = Array.from({ length: 200 }, (_, i) => i + 1).filter((e) => e !== 8 && e % 7 === 1 && e % 3 === 2);
    assert.deepEqual(
      neighbours.map((n) => n.entity),
      same.slice(0, 5),
    );
    for (const n of neighbours) assert.ok(Math.abs(n.similarity - 1) < 1e-6);
    const page = await previews.page(opened.session, { filters: [] }, 0, 1);
    assert.deepEqual(page.rows[0][1], { list: [1, 1, 1], length: 3 });
    await previews.close(opened.session);
  });

  it('closes sessions: a closed preview says so', async () => {
    const opened = await previews.openOutput({ files: [csvOutput], format: 'csv', facts: {} });
    await previews.close(opened.session);
    await assert.rejects(previews.page(opened.session, { filters: [] }, 0, 1), /closed/);
  });
});

describe('where the preview spills', () => {
  it('a private folder of its own (0700), never a fixed name under the shared temp dir, removed on dispose', async () => {
    const own = new OutputPreviewSessions({ threads: 1, memoryLimitMb: 64 });
    const [row] = await own.rows("SELECT current_setting('temp_directory') AS spill", []);
    const spill = String(row.spill);
    assert.equal(path.dirname(spill), os.tmpdir());
    assert.match(path.basename(spill), /^relgraph-preview-spill-\w{6}$/);
    if (process.platform !== 'win32') assert.equal(fs.statSync(spill).mode & 0o777, 0o700);
    own.dispose();
    for (let i = 0; i < 200 && fs.existsSync(spill); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(fs.existsSync(spill), false, 'removed once the database is closed');
  });
});
