import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import { iso } from '../../engine/training/AnchorSchedule';
import type { LoadedGraph } from '../../engine/features/GraphTables';
import { splitAnchors, type RelbenchSplit, type RelbenchTask } from './relbenchTasks';

/**
 * RelBench's own evaluation tables, computed from the full F1 data with RelBench's SQL
 * (relbench/tasks/f1.py): for each anchor t of the split, every driver with a row of the task's table
 * in (t, t + delta], labelled by the task's aggregate over those rows. The engine never sees these
 * labels: the benchmark writes the (ENTITY, ANCHOR_TIMESTAMP) pairs as a prediction table for
 * `relgraph predict` and scores what comes back.
 */
export async function createSplitTable(
  session: DuckDbSession,
  graph: LoadedGraph,
  task: RelbenchTask,
  split: RelbenchSplit,
  tableName: string,
): Promise<number> {
  const anchors = splitAnchors(task, split)
    .map((a) => `(TIMESTAMP '${iso(a)}')`)
    .join(', ');
  const source = graph.tables.get(task.labelSql.table);
  if (!source) throw new Error(`the F1 graph has no '${task.labelSql.table}' table`);
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${sqlIdent(tableName)} AS ` +
      `WITH anchors AS (SELECT * FROM (VALUES ${anchors}) v(t)) ` +
      `SELECT x.driverId AS ENTITY, a.t AS ANCHOR_TIMESTAMP, CAST(${task.labelSql.aggregate} AS DOUBLE) AS TARGET ` +
      `FROM anchors a JOIN ${sqlIdent(source.relation)} x ` +
      `ON x.date > a.t AND x.date <= a.t + to_days(${task.deltaDays}) ` +
      `GROUP BY ALL ORDER BY ANCHOR_TIMESTAMP, ENTITY`,
  );
  const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${sqlIdent(tableName)}`);
  return Number(n);
}

/** Writes the split's (ENTITY, ANCHOR_TIMESTAMP) pairs as a CSV prediction table. */
export async function writePredictionTable(session: DuckDbSession, tableName: string, file: string): Promise<void> {
  await session.run(
    `COPY (SELECT ENTITY, strftime(ANCHOR_TIMESTAMP, '%Y-%m-%d %H:%M:%S') AS ANCHOR_TIMESTAMP FROM ${sqlIdent(tableName)} ` +
      `ORDER BY ANCHOR_TIMESTAMP, ENTITY) TO ${sqlString(file)} (HEADER, DELIMITER ',')`,
  );
}
