import { sqlIdent, sqlString } from '../../data/sourceScan';
import type { FeatureGroup } from '../../engine/features/FeaturePlan';
import type { LoadedGraph } from '../../engine/features/GraphTables';

/**
 * The peer of the engine's users <- events feature group: the same aggregates written by hand as ONE
 * DuckDB query over the row table (rid, ENTITY, anchor), the way an engineer would write it for this
 * schema: one range join, one GROUP BY, FILTER clauses for the windows. Only the category values come
 * from the engine's plan (they are data, not code), so both compute exactly the same numbers.
 */
export function handWrittenEventFeaturesSql(graph: LoadedGraph, group: FeatureGroup, rows: string): string {
  const events = sqlIdent(graph.tables.get('events')!.relation);
  const within = (days: number) => `e.ts > r.anchor - INTERVAL ${days} DAY`;
  const categories = (column: string) => [
    ...new Set(group.features.filter((f) => f.column === column && f.category).map((f) => f.category!)),
  ];
  const select = [
    'r.rid',
    `count(*) FILTER (WHERE ${within(30)}) AS count_30d`,
    `count(*) FILTER (WHERE ${within(90)}) AS count_90d`,
    `count(*) FILTER (WHERE ${within(365)}) AS count_365d`,
    'count(*) AS count_all',
    `date_diff('second', max(e.ts), r.anchor) / 86400.0 AS days_since_last`,
    `date_diff('second', min(e.ts), r.anchor) / 86400.0 AS days_since_first`,
    `avg(e.amount) FILTER (WHERE ${within(30)}) AS amount_mean_30d`,
    `avg(e.amount) FILTER (WHERE ${within(90)}) AS amount_mean_90d`,
    `avg(e.amount) FILTER (WHERE ${within(365)}) AS amount_mean_365d`,
    'avg(e.amount) AS amount_mean_all',
    `sum(e.amount) FILTER (WHERE ${within(365)}) AS amount_sum_365d`,
    `min(e.amount) FILTER (WHERE ${within(365)}) AS amount_min_365d`,
    `max(e.amount) FILTER (WHERE ${within(365)}) AS amount_max_365d`,
    'sum(e.amount) AS amount_sum_all',
    'min(e.amount) AS amount_min_all',
    'max(e.amount) AS amount_max_all',
    'arg_max({amount: e.amount, product: e.product_id, kind: e.kind}, (e.ts, e.event_id)) AS latest',
  ];
  for (const column of ['product_id', 'kind']) {
    categories(column).forEach((value, k) => {
      const literal = column === 'kind' ? sqlString(value) : value;
      const is = `e.${column} = ${literal}`;
      select.push(
        `count(*) FILTER (WHERE ${is} AND ${within(365)}) AS ${column}_${k}_count_365d`,
        `count(*) FILTER (WHERE ${is} AND ${within(365)}) / nullif(count(*) FILTER (WHERE ${within(365)}), 0) AS ${column}_${k}_share_365d`,
        `count(*) FILTER (WHERE ${is}) AS ${column}_${k}_count_all`,
        `count(*) FILTER (WHERE ${is}) / count(*) AS ${column}_${k}_share_all`,
      );
    });
  }
  return (
    `SELECT ${select.join(', ')} FROM ${sqlIdent(rows)} r ` +
    `JOIN ${events} e ON e.user_id = r.ENTITY AND e.ts <= r.anchor GROUP BY r.rid, r.anchor`
  );
}
