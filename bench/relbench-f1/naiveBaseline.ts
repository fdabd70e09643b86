import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import { readFloat64Column } from '../../engine/features/duckDbColumns';
import type { LoadedGraph } from '../../engine/features/GraphTables';
import type { RelbenchTask } from './relbenchTasks';

/**
 * The naive history baselines the issue defines, per row of a split table (ENTITY, ANCHOR_TIMESTAMP),
 * in (ANCHOR_TIMESTAMP, ENTITY) order, from the driver's own past year (t - 365 days, t]:
 * - driver-dnf: the share of the driver's results that did not finish (statusId != 1);
 * - driver-top3: minus the mean of the driver's three best qualifying positions (higher = likelier top 3);
 * - driver-position: the mean finishing position (positionOrder); no history: the training rows' mean.
 * Classification rows without history get the mean score of the others (the least informed guess).
 */
export async function naiveBaselineScores(
  session: DuckDbSession,
  graph: LoadedGraph,
  task: RelbenchTask,
  splitTable: string,
  trainingMean: number,
): Promise<Float64Array> {
  const results = sqlIdent(graph.tables.get('results')!.relation);
  const qualifying = sqlIdent(graph.tables.get('qualifying')!.relation);
  const rows = `(SELECT row_number() OVER (ORDER BY ANCHOR_TIMESTAMP, ENTITY) AS rid, ENTITY, ANCHOR_TIMESTAMP AS anchor FROM ${sqlIdent(splitTable)})`;
  const pastYear = (alias: string) => `${alias}.date > r.anchor - INTERVAL 365 DAY AND ${alias}.date <= r.anchor`;
  let perRow: string;
  if (task.name === 'driver-dnf') {
    perRow =
      // A driver without a result in the past year gets NULL (then the mean), not a rate of 0: the LEFT JOIN's
      // empty row would otherwise count as one finished race.
      `SELECT r.rid, avg(CASE WHEN x.driverId IS NULL THEN NULL WHEN x.statusId != 1 THEN 1.0 ELSE 0.0 END) AS s FROM ${rows} r ` +
      `LEFT JOIN ${results} x ON x.driverId = r.ENTITY AND ${pastYear('x')} GROUP BY r.rid`;
  } else if (task.name === 'driver-top3') {
    perRow =
      `SELECT rid, -avg(position) AS s FROM (SELECT r.rid, q.position, ` +
      `row_number() OVER (PARTITION BY r.rid ORDER BY q.position) AS k FROM ${rows} r ` +
      `LEFT JOIN ${qualifying} q ON q.driverId = r.ENTITY AND ${pastYear('q')} AND q.position IS NOT NULL) ` +
      `WHERE k <= 3 GROUP BY rid`;
  } else {
    perRow =
      `SELECT r.rid, avg(x.positionOrder) AS s FROM ${rows} r ` +
      `LEFT JOIN ${results} x ON x.driverId = r.ENTITY AND ${pastYear('x')} GROUP BY r.rid`;
  }
  const fill = task.taskType === 'regression' ? String(trainingMean) : '(SELECT avg(s) FROM p)';
  return readFloat64Column(
    session,
    `WITH p AS (${perRow}) SELECT coalesce(p.s, ${fill})::DOUBLE FROM ${rows} r LEFT JOIN p USING (rid) ORDER BY r.rid`,
  );
}
