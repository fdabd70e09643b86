import type { PredictiveQuery } from '../../core/pql/ast';
import { isTemporalQuery } from '../../core/pql/queryAnalysis';
import { sessionSourceScan } from '../../data/csvSchema';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { sourceFormatOf, sqlIdent } from '../../data/sourceScan';
import { latestGraphTime, type LoadedGraph } from '../features/GraphTables';
import { iso, parseUtc } from '../training/AnchorSchedule';
import { buildPredictionEntities } from '../training/TrainingTableBuilder';
import { ROWS_TABLE } from './predictionOutputSql';

/** The rows a batch prediction predicts for, and the anchor behind them. */
export interface RowSelection {
  rowCount: number;
  temporal: boolean;
  /** `YYYY-MM-DD HH:MM:SS` (UTC) of the anchor; the latest one when a prediction table gives several; null for static queries. */
  anchorTime: string | null;
  anchorTimeMin?: string;
  anchorSource: 'spec' | 'inferred' | 'prediction_table' | 'not_applicable';
  warnings: string[];
}

export interface RowSelectionRequest {
  graph: LoadedGraph;
  query: PredictiveQuery;
  /** The model's target fact tables: the default anchor is their latest timestamp. */
  targetFactTables: readonly string[];
  /** The spec's `anchor_time`, as written. */
  anchorTime?: string;
  /** Absolute path of a custom prediction table (CSV or Parquet with ENTITY [, ANCHOR_TIMESTAMP]). */
  predictionTablePath?: string;
  signal?: AbortSignal;
}

const ENTITIES_TABLE = 'rg_prediction_entities';
const CUSTOM_TABLE = 'rg_prediction_table';

/**
 * Creates `ROWS_TABLE` (row_id, ENTITY, ANCHOR_TIMESTAMP, FEATURE_ANCHOR), one row per (entity, anchor)
 * to predict, numbered in (ENTITY, ANCHOR_TIMESTAMP) order so every output is in that order whatever
 * the worker count. The rows are, as in Kumo:
 * - a custom prediction table's ENTITY values (one anchor per row: its ANCHOR_TIMESTAMP, else the default);
 * - temporal queries: the entities eligible at the anchor (`anchor_time`, default: the latest timestamp
 *   of the target's fact tables), with the entity filter applied; ASSUMING is not (it is about the future);
 * - static queries: the entities whose target column is NULL.
 * ANCHOR_TIMESTAMP is NULL for static queries; FEATURE_ANCHOR is the time features are computed at
 * (static queries: the latest time in the data, as in training).
 */
export async function selectPredictionRows(
  session: DuckDbSession,
  request: RowSelectionRequest,
): Promise<RowSelection> {
  const { graph, query, signal } = request;
  const temporal = isTemporalQuery(query);
  const warnings: string[] = [];
  const entity = graph.tables.get(query.entity.table);
  if (!entity?.primaryKey)
    throw new Error(`the entity table '${query.entity.table}' is not in the inference graph or has no primary key`);
  if (!temporal && request.anchorTime) warnings.push(`anchor_time is ignored: a static query has no anchor time`);

  const explicit = temporal && request.anchorTime ? parseAnchor(request.anchorTime) : undefined;
  // Static queries compute features at the latest time in the data, exactly as training does.
  const defaultAnchor = async (): Promise<Date> =>
    explicit ??
    (temporal
      ? await latestTime(session, graph, request.targetFactTables, signal)
      : await latestGraphTime(session, graph, signal));

  let anchorSource: RowSelection['anchorSource'] = temporal ? (explicit ? 'spec' : 'inferred') : 'not_applicable';
  if (request.predictionTablePath) {
    const usesOwnAnchors = await loadCustomTable(
      session,
      request.predictionTablePath,
      entity,
      temporal,
      defaultAnchor,
      warnings,
      signal,
    );
    if (usesOwnAnchors) anchorSource = 'prediction_table';
  } else {
    await buildPredictionEntities(session, graph, query, await defaultAnchor(), ENTITIES_TABLE, signal);
  }
  const source = request.predictionTablePath ? CUSTOM_TABLE : ENTITIES_TABLE;
  await session.run(
    `CREATE OR REPLACE TABLE ${ROWS_TABLE} AS SELECT ` +
      `(row_number() OVER (ORDER BY ENTITY, ANCHOR_TIMESTAMP) - 1)::INTEGER AS row_id, ENTITY, ` +
      `${temporal ? 'CAST(ANCHOR_TIMESTAMP AS TIMESTAMP)' : 'CAST(NULL AS TIMESTAMP)'} AS ANCHOR_TIMESTAMP, ` +
      `CAST(ANCHOR_TIMESTAMP AS TIMESTAMP) AS FEATURE_ANCHOR FROM ${sqlIdent(source)}`,
    signal,
  );
  const [row] = await session.rows(
    `SELECT count(*) AS n, strftime(max(ANCHOR_TIMESTAMP), '%Y-%m-%d %H:%M:%S') AS hi, ` +
      `strftime(min(ANCHOR_TIMESTAMP), '%Y-%m-%d %H:%M:%S') AS lo FROM ${ROWS_TABLE}`,
    signal,
  );
  const rowCount = Number(row.n);
  if (rowCount === 0) {
    warnings.push(
      request.predictionTablePath
        ? 'the prediction table has no rows of known entities: nothing to predict'
        : temporal
          ? 'no entity is eligible at the anchor time: nothing to predict'
          : 'no entity has a missing (NULL) target: a static query predicts exactly those, so nothing to predict',
    );
  }
  const anchorTime = temporal ? ((row.hi as string | null) ?? (explicit ? iso(explicit) : null)) : null;
  return {
    rowCount,
    temporal,
    anchorTime,
    ...(temporal && row.lo && row.lo !== row.hi ? { anchorTimeMin: row.lo as string } : {}),
    anchorSource,
    warnings,
  };
}

/** Reads a custom prediction table into CUSTOM_TABLE (ENTITY, ANCHOR_TIMESTAMP); true when rows carry their own anchors. */
async function loadCustomTable(
  session: DuckDbSession,
  file: string,
  entity: { name: string; relation: string; primaryKey?: string; columns: { name: string; sqlType: string }[] },
  temporal: boolean,
  defaultAnchor: () => Promise<Date>,
  warnings: string[],
  signal?: AbortSignal,
): Promise<boolean> {
  const format = sourceFormatOf(file);
  if (!format) throw new Error(`prediction table ${file}: expected a .csv or .parquet file`);
  const scan = await sessionSourceScan(session, [file], format, signal);
  const columns = (await session.rows(`DESCRIBE SELECT * FROM ${scan}`, signal)).map((r) => String(r.column_name));
  if (!columns.includes('ENTITY')) {
    throw new Error(
      `prediction table ${file} has no ENTITY column (it has ${columns.join(', ')}): ` +
        `give the entity primary keys in a column named ENTITY, and optionally one anchor per row in ANCHOR_TIMESTAMP`,
    );
  }
  const hasAnchors = columns.includes('ANCHOR_TIMESTAMP');
  if (hasAnchors && !temporal)
    warnings.push('the prediction table ANCHOR_TIMESTAMP column is ignored: a static query has no anchor time');
  const ownAnchors = hasAnchors && temporal;
  const pk = entity.primaryKey!;
  const pkType = entity.columns.find((c) => c.name === pk)?.sqlType ?? 'VARCHAR';
  const fallback =
    !ownAnchors || (await countWhere(session, scan, 'ANCHOR_TIMESTAMP IS NULL', signal)) > 0
      ? await defaultAnchor()
      : undefined;
  const anchorSql = ownAnchors
    ? `coalesce(TRY_CAST(ANCHOR_TIMESTAMP AS TIMESTAMP), ${fallback ? `TIMESTAMP '${iso(fallback)}'` : 'NULL'})`
    : `TIMESTAMP '${iso(fallback!)}'`;
  if (ownAnchors) {
    const bad = await countWhere(
      session,
      scan,
      'ANCHOR_TIMESTAMP IS NOT NULL AND TRY_CAST(ANCHOR_TIMESTAMP AS TIMESTAMP) IS NULL',
      signal,
    );
    if (bad > 0) throw new Error(`prediction table ${file}: ${bad} ANCHOR_TIMESTAMP value(s) are not timestamps`);
  }
  await session.run(
    `CREATE OR REPLACE TEMP TABLE rg_prediction_table_raw AS SELECT TRY_CAST(ENTITY AS ${pkType}) AS ENTITY, ` +
      `${anchorSql} AS ANCHOR_TIMESTAMP, ENTITY IS NOT NULL AND TRY_CAST(ENTITY AS ${pkType}) IS NULL AS bad_key FROM ${scan}`,
    signal,
  );
  const [stats] = await session.rows(
    `SELECT count(*) FILTER (WHERE bad_key) AS bad, count(*) FILTER (WHERE ENTITY IS NULL AND NOT bad_key) AS nulls, ` +
      `count(*) FILTER (WHERE ENTITY IS NOT NULL) AS n, count(DISTINCT (ENTITY, ANCHOR_TIMESTAMP)) FILTER (WHERE ENTITY IS NOT NULL) AS distinct_pairs, ` +
      `count(*) FILTER (WHERE ENTITY IS NOT NULL AND ENTITY NOT IN (SELECT ${sqlIdent(pk)} FROM ${sqlIdent(entity.relation)} ` +
      `WHERE ${sqlIdent(pk)} IS NOT NULL)) AS unknown FROM rg_prediction_table_raw`,
    signal,
  );
  if (Number(stats.bad) > 0) {
    throw new Error(
      `prediction table ${file}: ${stats.bad} ENTITY value(s) are not valid '${entity.name}.${pk}' keys (${pkType})`,
    );
  }
  if (Number(stats.nulls) > 0) warnings.push(`the prediction table has ${stats.nulls} empty ENTITY value(s); skipped`);
  if (Number(stats.unknown) > 0) {
    warnings.push(`${stats.unknown} prediction table row(s) name entities that are not in '${entity.name}'; skipped`);
  }
  if (Number(stats.distinct_pairs) < Number(stats.n)) {
    warnings.push(
      `the prediction table repeats ${Number(stats.n) - Number(stats.distinct_pairs)} (ENTITY, anchor) pair(s); each is predicted once`,
    );
  }
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${CUSTOM_TABLE} AS SELECT DISTINCT r.ENTITY, r.ANCHOR_TIMESTAMP FROM rg_prediction_table_raw r ` +
      `SEMI JOIN ${sqlIdent(entity.relation)} e ON r.ENTITY = e.${sqlIdent(pk)}`,
    signal,
  );
  return ownAnchors;
}

async function countWhere(
  session: DuckDbSession,
  scan: string,
  condition: string,
  signal?: AbortSignal,
): Promise<number> {
  const [row] = await session.rows(`SELECT count(*) AS n FROM ${scan} WHERE ${condition}`, signal);
  return Number(row.n);
}

function parseAnchor(text: string): Date {
  const date = parseUtc(text);
  if (!date) throw new Error(`anchor_time '${text}' is not a date (expected e.g. 2010-01-01 or 2010-01-01 12:00:00)`);
  return date;
}

/** The latest time-column value over the target's fact tables: Kumo's inferred anchor time. */
async function latestTime(
  session: DuckDbSession,
  graph: LoadedGraph,
  tables: readonly string[],
  signal?: AbortSignal,
): Promise<Date> {
  const parts = tables
    .map((name) => graph.tables.get(name))
    .filter((t) => t?.timeColumn)
    .map((t) => `SELECT max(${sqlIdent(t!.timeColumn!)}) AS hi FROM ${sqlIdent(t!.relation)}`);
  if (parts.length === 0)
    throw new Error(`the target's tables (${tables.join(', ')}) have no time column to infer the anchor time from`);
  const [row] = await session.rows(`SELECT epoch_ms(max(hi)) AS hi FROM (${parts.join(' UNION ALL ')})`, signal);
  if (row.hi === null)
    throw new Error(`the tables ${tables.join(', ')} have no timestamps to infer the anchor time from`);
  return new Date(Number(row.hi));
}
