import { sqlString } from '../../data/sourceScan';
import type { BenchData } from './benchData';

/**
 * The peer: the statistics `relgraph validate` computes for the bench spec, written by hand as ONE
 * DuckDB statement the way an engineer would: per-table aggregates (row and null counts, distinct
 * counts, ranges, the key's exact distinct count), the foreign-key anti-join with examples, and the
 * entity filter at the anchor. Base tables are read inline (not as CTEs) so DuckDB never
 * materialises 50 million rows.
 */
export function handWrittenStatisticsSql(data: BenchData): string {
  const users = `read_parquet([${sqlString(data.users)}])`;
  const events = `read_parquet([${sqlString(data.events)}])`;
  const anchor = `TIMESTAMP ${sqlString(data.anchor)}`;
  return `
WITH u AS (
  SELECT count(*) AS users_rows,
         count(user_id) AS users_user_id, count(signup_ts) AS users_signup_ts, count(country) AS users_country, count(age) AS users_age,
         count(DISTINCT user_id) AS users_pk_distinct,
         approx_count_distinct(signup_ts) AS users_signup_ts_d, approx_count_distinct(country) AS users_country_d, approx_count_distinct(age) AS users_age_d,
         min(user_id) AS users_user_id_min, max(user_id) AS users_user_id_max, min(age) AS users_age_min, max(age) AS users_age_max,
         min(signup_ts) AS users_signup_min, max(signup_ts) AS users_signup_max
  FROM ${users}),
e AS (
  SELECT count(*) AS events_rows,
         count(event_id) AS events_event_id, count(user_id) AS events_user_id, count(ts) AS events_ts, count(amount) AS events_amount, count(kind) AS events_kind,
         approx_count_distinct(event_id) AS events_event_id_d, approx_count_distinct(user_id) AS events_user_id_d, approx_count_distinct(ts) AS events_ts_d,
         approx_count_distinct(amount) AS events_amount_d, approx_count_distinct(kind) AS events_kind_d,
         min(event_id) AS events_event_id_min, max(event_id) AS events_event_id_max, min(user_id) AS events_user_id_min, max(user_id) AS events_user_id_max,
         min(amount) AS events_amount_min, max(amount) AS events_amount_max, min(ts) AS events_ts_min, max(ts) AS events_ts_max
  FROM ${events}),
fk AS (
  SELECT count(f.user_id) AS fk_rows,
         count(f.user_id) FILTER (WHERE p.user_id IS NULL) AS dangling_rows,
         count(DISTINCT f.user_id) FILTER (WHERE p.user_id IS NULL) AS dangling_values,
         min(f.user_id) FILTER (WHERE p.user_id IS NULL) AS dangling_min, max(f.user_id) FILTER (WHERE p.user_id IS NULL) AS dangling_max
  FROM (SELECT user_id FROM ${events}) f
  LEFT JOIN (SELECT DISTINCT user_id FROM ${users} WHERE user_id IS NOT NULL) p ON f.user_id = p.user_id),
el AS (
  SELECT count(*) AS entities, count(a.user_id) AS eligible
  FROM (SELECT user_id FROM ${users} WHERE signup_ts <= ${anchor}) x
  LEFT JOIN (SELECT user_id FROM ${events} WHERE ts > ${anchor} - INTERVAL ${data.lookbackDays} DAY AND ts <= ${anchor} GROUP BY user_id) a
    ON x.user_id = a.user_id)
SELECT * FROM u, e, fk, el`;
}
