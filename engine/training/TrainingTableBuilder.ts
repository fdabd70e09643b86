import type { Aggregation, ColumnRef, Condition, PredictiveQuery, TaskType } from '../../core/pql/ast';
import { isTemporalQuery, staticTargetColumn } from '../../core/pql/queryAnalysis';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import type { LoadedGraph, LoadedTable } from '../features/GraphTables';
import { iso } from './AnchorSchedule';
import { comparisonSql, conditionSql, constantSql, isZeroWhenEmpty } from '../../data/pqlConditionSql';
import { aggregationValuesSql } from '../features/pqlSql';
import { sampleTrainingPairs } from './sampleTrainingPairs';

/**
 * Compiles a predictive query into a training table (ENTITY, ANCHOR_TIMESTAMP, TARGET): one row per
 * eligible entity per anchor time with the label computed over the target window.
 *
 * Eligible at anchor t: the entity exists at t (its time column, if any, is <= t; its end-time column,
 * if any, is NULL or > t), matches `FOR ... IN (...)` values, satisfies the entity `WHERE` filter and
 * the `ASSUMING` condition, and has a defined label (an AVG/MIN/MAX/FIRST/LAST over an empty window is
 * undefined, so such entities drop out; COUNT/SUM of an empty window is 0 and they stay).
 *
 * Static queries (no window in the target) have one row per entity whose target is defined, all at
 * one anchor (`staticAnchor`, the latest time in the data), so features see all rows.
 *
 * TARGET is a DOUBLE (0/1 for binary, the value for regression) or, for multiclass, the class as text.
 */
export interface TrainingTableRequest {
  graph: LoadedGraph;
  query: PredictiveQuery;
  taskType: TaskType;
  /** Temporal queries: the anchor times. */
  anchors?: Date[];
  /** Static queries: the single anchor all rows get. */
  staticAnchor?: Date;
  /** Name of the table to create (replaced if it exists). */
  tableName: string;
  /**
   * The training rows will be cut to `maxRows` by `capTrainingRows` (smallest sampling hash first):
   * label only a hash-sampled part of the (entity, anchor) pairs that still holds every row the cut
   * keeps, instead of all of them (see sampleTrainingPairs).
   */
  sample?: { maxRows: number; seed: number };
}

export interface TrainingTableInfo {
  tableName: string;
  /** Labelled rows in the table (of the sampled pairs when `sampling` is set). */
  rows: number;
  temporal: boolean;
  /** Set when only a sample of the pairs was labelled. */
  sampling?: { candidatePairs: number; sampledPairs: number };
}

export async function buildTrainingTable(
  session: DuckDbSession,
  request: TrainingTableRequest,
  signal?: AbortSignal,
): Promise<TrainingTableInfo> {
  const { graph, query, taskType, tableName } = request;
  const temporal = isTemporalQuery(query);
  const anchors = temporal ? (request.anchors ?? []) : request.staticAnchor ? [request.staticAnchor] : [];
  if (anchors.length === 0) throw new Error(temporal ? 'no anchor times to train on' : 'static queries need an anchor');
  const build = async (pairsTable?: string): Promise<number> => {
    const sql = await eligibleRowsSql(session, graph, query, anchors, tableName, signal, pairsTable);
    const target = targetSql(query, taskType, sql.operand);
    await session.run(
      `CREATE OR REPLACE TEMP TABLE ${sqlIdent(tableName)} AS SELECT ENTITY, ANCHOR_TIMESTAMP, TARGET FROM (` +
        `SELECT e.${sqlIdent(sql.entityKey)} AS ENTITY, a.anchor AS ANCHOR_TIMESTAMP, ${target} AS TARGET ` +
        `${sql.from} WHERE ${[...sql.where, ...sql.assuming].join(' AND ')}) WHERE TARGET IS NOT NULL`,
      signal,
    );
    const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${sqlIdent(tableName)}`, signal);
    return Number(n);
  };
  // A label taken from a column's two values looks at all rows at once (twoValuedLabelSql): never sampled.
  const twoValued =
    taskType === 'binary_classification' && (query.target.kind === 'aggregation' || query.target.kind === 'column');
  if (request.sample && !twoValued) {
    const entity = entityOf(graph, query);
    const anchorsTable = `${tableName}_anchors`;
    await createAnchorsTable(session, anchorsTable, anchors, signal);
    const sampled = await sampleTrainingPairs(session, {
      entityKey: `e.${sqlIdent(entity.primaryKey)}`,
      candidates:
        `FROM ${sqlIdent(anchorsTable)} a CROSS JOIN ${sqlIdent(entity.relation)} e ` +
        `WHERE ${candidateConditions(entity, query).join(' AND ')}`,
      pairsTable: `${tableName}_pairs`,
      ...request.sample,
      label: build,
      signal,
    });
    if (sampled) return { tableName, rows: sampled.rows, temporal, sampling: sampled.sampling };
  }
  return { tableName, rows: await build(), temporal };
}

/**
 * The entities a model predicts for at one anchor: eligible as above but without ASSUMING or a label
 * (they lie in the future). For static column targets: the entities whose target column is NULL.
 * Creates `tableName` (ENTITY, ANCHOR_TIMESTAMP), the input buildFeatures expects.
 */
export async function buildPredictionEntities(
  session: DuckDbSession,
  graph: LoadedGraph,
  query: PredictiveQuery,
  anchor: Date,
  tableName: string,
  signal?: AbortSignal,
): Promise<number> {
  const sql = await eligibleRowsSql(session, graph, query, [anchor], tableName, signal);
  const where = [...sql.where];
  const column = staticTargetColumn(query);
  if (column) where.push(`e.${sqlIdent(column.column)} IS NULL`);
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${sqlIdent(tableName)} AS SELECT e.${sqlIdent(sql.entityKey)} AS ENTITY, ` +
      `a.anchor AS ANCHOR_TIMESTAMP ${sql.from} WHERE ${where.join(' AND ')}`,
    signal,
  );
  const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${sqlIdent(tableName)}`, signal);
  return Number(n);
}

interface EligibleRowsSql {
  entityKey: string;
  /** FROM anchors a CROSS JOIN entity e LEFT JOIN aggregation values g0, g1, ... */
  from: string;
  /** Existence, entity values and entity filter conditions. */
  where: string[];
  assuming: string[];
  operand: (left: Aggregation | ColumnRef) => string;
}

/**
 * Materialises the anchors and every aggregation the query uses, and returns the pieces to select from.
 * `pairsTable` (ENTITY, anchor): only these pairs, not every entity at every anchor.
 */
async function eligibleRowsSql(
  session: DuckDbSession,
  graph: LoadedGraph,
  query: PredictiveQuery,
  anchors: Date[],
  prefix: string,
  signal?: AbortSignal,
  pairsTable?: string,
): Promise<EligibleRowsSql> {
  const entity = entityOf(graph, query);
  const anchorsTable = `${prefix}_anchors`;
  await createAnchorsTable(session, anchorsTable, anchors, signal);

  const aggregations = queryAggregations(query);
  const aliases = new Map<Aggregation, string>();
  const joins: string[] = [];
  for (const [i, aggregation] of aggregations.entries()) {
    const valuesTable = `${prefix}_agg${i}`;
    const sql = aggregationValuesSql(graph, aggregation, entity.name, pairsTable ?? anchorsTable, {
      pairs: pairsTable !== undefined,
    });
    await session.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(valuesTable)} AS ${sql}`, signal);
    aliases.set(aggregation, `g${i}`);
    joins.push(
      `LEFT JOIN ${sqlIdent(valuesTable)} g${i} ON g${i}.ENTITY = e.${sqlIdent(entity.primaryKey)} AND g${i}.anchor = a.anchor`,
    );
  }
  const operand = (left: Aggregation | ColumnRef): string => {
    if (left.kind === 'column') return entityColumn(entity, left);
    const alias = aliases.get(left)!;
    return isZeroWhenEmpty(left) ? `coalesce(${alias}.value, 0)` : `${alias}.value`;
  };
  const where = candidateConditions(entity, query);
  if (query.entityFilter) where.push(`coalesce(${conditionSql(query.entityFilter, operand)}, FALSE)`);
  const assuming = query.assuming ? [`coalesce(${conditionSql(query.assuming, operand)}, FALSE)`] : [];
  const pairs = pairsTable
    ? `${sqlIdent(pairsTable)} a JOIN ${sqlIdent(entity.relation)} e ON e.${sqlIdent(entity.primaryKey)} = a.ENTITY`
    : `${sqlIdent(anchorsTable)} a CROSS JOIN ${sqlIdent(entity.relation)} e`;
  return {
    entityKey: entity.primaryKey,
    from: `FROM ${pairs} ${joins.join(' ')}`,
    where,
    assuming,
    operand,
  };
}

function entityOf(graph: LoadedGraph, query: PredictiveQuery): LoadedTable & { primaryKey: string } {
  const entity = graph.tables.get(query.entity.table);
  if (!entity) throw new Error(`the entity table '${query.entity.table}' is not in the graph`);
  if (!entity.primaryKey) throw new Error(`the entity table '${entity.name}' has no primary key`);
  return { ...entity, primaryKey: entity.primaryKey };
}

async function createAnchorsTable(
  session: DuckDbSession,
  anchorsTable: string,
  anchors: Date[],
  signal?: AbortSignal,
): Promise<void> {
  const list = anchors.map((a) => `(TIMESTAMP '${iso(a)}')`).join(', ');
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${sqlIdent(anchorsTable)} AS SELECT * FROM (VALUES ${list}) v(anchor)`,
    signal,
  );
}

/** The pairs that may become rows before any aggregation: the entity exists at `a.anchor` and is one of FOR ... IN. */
function candidateConditions(entity: LoadedTable & { primaryKey: string }, query: PredictiveQuery): string[] {
  const where = existsAtAnchor(entity);
  if (query.entityValues) {
    const key = `e.${sqlIdent(entity.primaryKey)}`;
    const { op, value } = query.entityValues;
    where.push(op === 'IN' || op === '=' ? comparisonSql(key, op, value) : `(${key} ${op} ${constantSql(value)})`);
  }
  return where;
}

/** An entity exists at t once its time column has passed and until its end-time column. */
function existsAtAnchor(entity: LoadedTable): string[] {
  const conditions = ['TRUE'];
  if (entity.timeColumn) conditions.push(`e.${sqlIdent(entity.timeColumn)} <= a.anchor`);
  if (entity.endTimeColumn) {
    conditions.push(`(e.${sqlIdent(entity.endTimeColumn)} IS NULL OR e.${sqlIdent(entity.endTimeColumn)} > a.anchor)`);
  }
  return conditions;
}

function entityColumn(entity: LoadedTable, ref: ColumnRef): string {
  if (ref.table !== entity.name) {
    throw new Error(
      `'${ref.table}.${ref.column}' is used outside an aggregation; only the entity table '${entity.name}' ` +
        `can be compared directly (aggregate other tables, e.g. COUNT(${ref.table}.*, -30, 0) > 0)`,
    );
  }
  return `e.${sqlIdent(ref.column)}`;
}

/** The label expression: NULL where undefined (those rows are dropped). */
function targetSql(
  query: PredictiveQuery,
  taskType: TaskType,
  operand: (left: Aggregation | ColumnRef) => string,
): string {
  const target = query.target;
  if (taskType === 'binary_classification') {
    if (target.kind === 'aggregation' || target.kind === 'column') return twoValuedLabelSql(operand(target));
    const condition = conditionSql(target, operand);
    return `CAST(CASE WHEN ${condition} THEN 1 WHEN NOT ${condition} THEN 0 END AS DOUBLE)`;
  }
  if (target.kind !== 'aggregation' && target.kind !== 'column') {
    throw new Error(`a condition target makes a binary task, not ${taskType}`);
  }
  if (taskType === 'regression') return `CAST(${operand(target)} AS DOUBLE)`;
  if (taskType === 'multiclass_classification') return `CAST(${operand(target)} AS VARCHAR)`;
  throw new Error(
    `task type ${taskType} is not supported by the local engine yet (it trains binary classification, regression and multiclass classification)`,
  );
}

/**
 * The label of a binary task whose target takes a column's value (a boolean, or an integer or string
 * column of two values, core/pql/inferTaskType.ts): 1 for the larger value (true, 1, 'yes' over 'no'), 0
 * for the other. A third value among the training rows stops the job rather than training on a wrong label.
 */
function twoValuedLabelSql(value: string): string {
  return (
    `CASE WHEN ${value} IS NULL THEN NULL ` +
    `WHEN count(DISTINCT ${value}) OVER () > 2 THEN error('the target has more than two values among the training rows, ` +
    `so it is not a binary target: predict a condition on it (e.g. = ''value'') instead') ` +
    `WHEN ${value} = max(${value}) OVER () THEN 1.0 ELSE 0.0 END`
  );
}

/** Aggregations of the target, the entity filter and ASSUMING (not those nested in an aggregation's own filter). */
function queryAggregations(query: PredictiveQuery): Aggregation[] {
  const found: Aggregation[] = [];
  const fromCondition = (condition: Condition): void => {
    if (condition.kind === 'comparison') {
      if (condition.left.kind === 'aggregation') found.push(condition.left);
    } else if (condition.kind === 'not') fromCondition(condition.operand);
    else {
      fromCondition(condition.left);
      fromCondition(condition.right);
    }
  };
  if (query.target.kind === 'aggregation') found.push(query.target);
  else if (query.target.kind !== 'column') fromCondition(query.target);
  if (query.entityFilter) fromCondition(query.entityFilter);
  if (query.assuming) fromCondition(query.assuming);
  return found;
}
