/**
 * Predictions preview bench: `npx tsx bench/preview/run.ts [--rows 5000000]`.
 * A binary batch-prediction output of N rows as 4 Parquet partitions (as a 4-worker local job writes it) and an
 * entity table of N rows, in bench/.data/preview. Times each operation of the preview's language-server session
 * (data/preview/OutputPreviewSessions: open with count and score summary, first page sorted by score with the entity
 * columns joined, a page in the middle, a filter with its count, CSV export of the filtered view) against the peer:
 * the same answers written by hand as plain DuckDB queries in a session of their own, in the same process. Prints the
 * JS heap after each step: the rows stay in DuckDB, so it must not grow with N.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDbSession } from '../../data/DuckDbSession';
import { OutputPreviewSessions } from '../../data/preview/OutputPreviewSessions';
import { sqlString } from '../../data/sourceScan';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 5_000_000;
const DIR = path.join(__dirname, '..', '.data', 'preview', String(ROWS));
const PARTS = 4;

async function generate(): Promise<void> {
  if (fs.existsSync(path.join(DIR, 'done'))) return;
  fs.mkdirSync(path.join(DIR, 'predictions'), { recursive: true });
  const db = await DuckDbSession.open({ threads: 2 });
  try {
    for (let p = 0; p < PARTS; p++) {
      const ids = `SELECT (range * ${PARTS} + ${p})::BIGINT AS ENTITY FROM range(${Math.ceil(ROWS / PARTS)})`;
      await db.run(
        `COPY (SELECT ENTITY, TIMESTAMP '2024-01-01' AS ANCHOR_TIMESTAMP, prob >= 0.5 AS TARGET_PRED, 1 - prob AS FALSE_PROB, ` +
          `prob AS TRUE_PROB FROM (SELECT ENTITY, hash(ENTITY) % 1000000 / 1e6 AS prob FROM (${ids}))) ` +
          `TO ${sqlString(path.join(DIR, 'predictions', `part_00${p}.parquet`))} (FORMAT parquet)`,
      );
    }
    await db.run(
      `COPY (SELECT range::BIGINT AS customer_id, 'customer ' || range AS name, ['DE', 'FR', 'UK'][range % 3 + 1] AS country ` +
        `FROM range(${ROWS})) TO ${sqlString(path.join(DIR, 'customers.parquet'))} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
  fs.writeFileSync(path.join(DIR, 'done'), '');
}

async function time<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

const heapMb = () => (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);

async function main(): Promise<void> {
  await generate();
  const files = fs
    .readdirSync(path.join(DIR, 'predictions'))
    .sort()
    .map((f) => path.join(DIR, 'predictions', f));
  const customers = path.join(DIR, 'customers.parquet');
  const exportFile = path.join(DIR, 'export.csv');
  console.log(`preview bench: ${ROWS.toLocaleString('en-US')} rows in ${PARTS} Parquet parts, heap ${heapMb()} MB`);

  const previews = new OutputPreviewSessions({ threads: 2 });
  const peer = await DuckDbSession.open({ threads: 2 });
  await peer.run("SET TimeZone = 'UTC'");
  const scan = `read_parquet([${files.map(sqlString).join(', ')}])`;
  const ent = `read_parquet(${sqlString(customers)})`;
  const rows = (sql: string) => peer.rows(sql);
  const results: { step: string; ours: number; peer: number }[] = [];
  const step = async (name: string, ours: () => Promise<unknown>, hand: () => Promise<unknown>) => {
    const a = await time(ours);
    const b = await time(hand);
    results.push({ step: name, ours: a.ms, peer: b.ms });
    console.log(
      `  ${name.padEnd(44)} ${a.ms.toFixed(0).padStart(7)} ms   peer ${b.ms.toFixed(0).padStart(7)} ms   ` +
        `ratio ${(a.ms / b.ms).toFixed(2)}x   heap ${heapMb()} MB`,
    );
    return a;
  };

  const opened = await step(
    'open: count, histogram, threshold split, join',
    () =>
      previews.openOutput({
        files,
        format: 'parquet',
        entity: { table: 'customers', key: 'customer_id', files: [customers], format: 'parquet' },
        facts: { threshold: 0.5, trainingThreshold: 0.5 },
      }),
    async () => {
      await peer.run(`CREATE TABLE customers AS SELECT * FROM ${ent}`);
      await rows(`SELECT count(*) FROM ${scan}`);
      await rows(`SELECT least(floor(TRUE_PROB * 20), 19) AS b, count(*) FROM ${scan} GROUP BY b`);
      await rows(
        `SELECT count(*) FILTER (WHERE TARGET_PRED), count(*) FILTER (WHERE NOT TARGET_PRED), min(TRUE_PROB) FILTER (WHERE TARGET_PRED) FROM ${scan}`,
      );
    },
  );
  const session = (opened.result as { session: string }).session;
  const sorted = { sort: { column: 'TRUE_PROB', descending: true }, filters: [] };
  await step(
    'first page sorted by score (100 rows, joined)',
    () => previews.page(session, sorted, 0, 100),
    () =>
      rows(
        `WITH p AS (SELECT * FROM ${scan} ORDER BY TRUE_PROB DESC, ENTITY LIMIT 100) ` +
          `SELECT p.*, c.name, c.country FROM p LEFT JOIN customers c ON p.ENTITY = c.customer_id ORDER BY TRUE_PROB DESC, ENTITY`,
      ),
  );
  await step(
    `page at offset ${(ROWS / 2).toLocaleString('en-US')} sorted by score`,
    () => previews.page(session, sorted, Math.floor(ROWS / 2), 100),
    () => rows(`SELECT * FROM ${scan} ORDER BY TRUE_PROB DESC, ENTITY LIMIT 100 OFFSET ${Math.floor(ROWS / 2)}`),
  );
  const filtered = {
    sort: sorted.sort,
    filters: [{ column: 'customers.country', op: 'equals' as const, value: 'FR' }],
  };
  await step(
    'filter on an entity column (page + count)',
    () => previews.page(session, filtered, 0, 100),
    async () => {
      await rows(
        `SELECT o.*, c.name, c.country FROM ${scan} o LEFT JOIN customers c ON o.ENTITY = c.customer_id ` +
          `WHERE c.country = 'FR' ORDER BY TRUE_PROB DESC, ENTITY LIMIT 100`,
      );
      await rows(
        `SELECT count(*) FROM ${scan} o LEFT JOIN customers c ON o.ENTITY = c.customer_id WHERE c.country = 'FR'`,
      );
    },
  );
  const top = { sort: sorted.sort, filters: [{ column: 'TRUE_PROB', op: 'ge' as const, value: 0.9 }] };
  await step(
    'export CSV of TRUE_PROB >= 0.9 (sorted, joined)',
    () => previews.exportCsv(session, top, exportFile),
    () =>
      peer.run(
        `COPY (SELECT o.*, c.name, c.country FROM ${scan} o LEFT JOIN customers c ON o.ENTITY = c.customer_id ` +
          `WHERE TRUE_PROB >= 0.9 ORDER BY TRUE_PROB DESC, ENTITY) TO ${sqlString(exportFile + '.peer')} (FORMAT csv, HEADER true)`,
      ),
  );
  const total = results.reduce((s, r) => s + r.ours, 0) / results.reduce((s, r) => s + r.peer, 0);
  console.log(
    `  all steps: ratio ${total.toFixed(2)}x to the hand-written queries; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
  );
  fs.rmSync(exportFile, { force: true });
  fs.rmSync(exportFile + '.peer', { force: true });
  previews.dispose();
  peer.close();
}

void main();
