import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDbSession } from '../../data/DuckDbSession';
import { sqlString } from '../../data/sourceScan';

/**
 * The bench's data set, written by DuckDB: an entity table `users` (integer key, signup time, a text,
 * an integer column with 10% nulls) and an event table `events` (foreign key to users, time sorted
 * like an event log, an amount and a kind). About 1 in 100,000 events points at a user that does not
 * exist, so the dangling-foreign-key check has something to find.
 */
export interface BenchData {
  dir: string;
  users: string;
  events: string;
  entities: number;
  eventCount: number;
  /** The anchor time of the prediction spec, and the entity filter's look-back in days. */
  anchor: string;
  lookbackDays: number;
}

export const ANCHOR = '2023-06-01 00:00:00';
export const LOOKBACK_DAYS = 90;

export async function ensureBenchData(root: string, entities: number, eventCount: number): Promise<BenchData> {
  const dir = path.join(root, `validate-scale-${entities}-${eventCount}`);
  const users = path.join(dir, 'data', 'users.parquet');
  const events = path.join(dir, 'data', 'events.parquet');
  const data = { dir, users, events, entities, eventCount, anchor: ANCHOR, lookbackDays: LOOKBACK_DAYS };
  const marker = path.join(dir, 'data', 'complete');
  if (fs.existsSync(marker)) return data;
  fs.mkdirSync(path.dirname(users), { recursive: true });
  const session = await DuckDbSession.open();
  try {
    const started = performance.now();
    await session.run(
      `COPY (SELECT i AS user_id, TIMESTAMP '2018-01-01' + to_seconds((i * 9)::BIGINT) AS signup_ts, ` +
        `['FR', 'DE', 'US', 'GB', 'JP', 'BR', 'IN'][1 + (i % 7)::INTEGER] AS country, ` +
        `CASE WHEN i % 10 = 0 THEN NULL ELSE 18 + (i * 7919) % 60 END::INTEGER AS age ` +
        `FROM range(${entities}) t(i)) TO ${sqlString(users)} (FORMAT parquet)`,
    );
    const stride = (4 * 365 * 86400) / eventCount;
    await session.run(
      `COPY (SELECT i AS event_id, ` +
        `CASE WHEN i % 100000 = 99999 THEN ${entities} + i % 1000 ELSE (i * 2654435761) % ${entities} END AS user_id, ` +
        `TIMESTAMP '2020-01-01' + to_seconds((i * ${stride})::BIGINT) AS ts, ` +
        `((i * 7) % 10000) / 100.0 AS amount, ['view', 'cart', 'buy'][1 + (i % 3)::INTEGER] AS kind ` +
        `FROM range(${eventCount}) t(i)) TO ${sqlString(events)} (FORMAT parquet)`,
    );
    console.log(
      `generated ${entities.toLocaleString('en-US')} users and ${eventCount.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    session.close();
  }
  writeSpecs(dir);
  fs.writeFileSync(marker, new Date().toISOString());
  return data;
}

const TABLES = `
    users:
      source: data/users.parquet
      primary_key: user_id
      time_column: signup_ts
    events:
      source: data/events.parquet
      time_column: ts
  edges:
    - { src_table: events, fkey: user_id, dst_table: users }
`;

/** A training spec and a prediction spec with an inline inference graph over the same files. */
function writeSpecs(dir: string): void {
  fs.writeFileSync(path.join(dir, 'bench.graph.yaml'), `kind: graph\ntables:${TABLES.replace(/^ {2}/gm, '')}`);
  fs.writeFileSync(
    path.join(dir, 'bench.training.yaml'),
    `kind: training\ngraph: bench.graph.yaml\nquery: PREDICT COUNT(events.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE COUNT(events.*, -${LOOKBACK_DAYS}, 0, days) > 0\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'bench.prediction.yaml'),
    `kind: prediction\ntraining_job: bench.training.yaml\nbinary_classification_threshold: 0.5\nanchor_time: ${ANCHOR.slice(0, 10)}\ngraph:\n  tables:${TABLES}`,
  );
}
