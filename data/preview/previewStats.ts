import type { Histogram, PreviewColumn, PreviewSummary } from '../../core/preview/PreviewModel';
import { sqlIdent } from '../sourceScan';
import type { BoundSql } from './previewSql';

/** Runs one statement with bound values and returns its rows as plain JS values. */
export interface SqlRunner {
  rows(sql: string, params: readonly (string | number)[]): Promise<Record<string, unknown>[]>;
}

export const HISTOGRAM_BINS = 20;
/** Multiclass: the most frequent classes shown; the rest are counted together. */
export const TOP_CLASSES = 30;

export type OutputShape = 'binary' | 'multiclass' | 'regression' | 'embeddings' | 'table';

/** What an output is, from its columns (Kumo's output columns, which the local engine writes too). */
export function outputShapeOf(columns: readonly PreviewColumn[]): OutputShape {
  const kind = (name: string) => columns.find((c) => c.name === name && c.origin === 'output')?.kind;
  if (kind('EMBEDDING') === 'list') return 'embeddings';
  if (kind('TRUE_PROB') === 'number') return 'binary';
  if (kind('CLASS') !== undefined && kind('SCORE') === 'number') return 'multiclass';
  if (kind('TARGET_PRED') === 'number') return 'regression';
  return 'table';
}

export interface SummaryFacts {
  /** The threshold the job used, when the job says. */
  threshold?: number;
  trainingThreshold?: number;
}

/** The picture of the rows of `relation` (the whole output, or a filtered view of it). */
export async function summarize(
  runner: SqlRunner,
  relation: BoundSql,
  columns: readonly PreviewColumn[],
  facts: SummaryFacts = {},
): Promise<PreviewSummary> {
  switch (outputShapeOf(columns)) {
    case 'binary':
      return binarySummary(runner, relation, columns, facts);
    case 'multiclass':
      return multiclassSummary(runner, relation, columns);
    case 'regression':
      return regressionSummary(runner, relation);
    case 'embeddings':
      return embeddingSummary(runner, relation);
    default: {
      const [row] = await runner.rows(`SELECT count(*) AS n FROM ${relation.sql} s`, relation.params);
      return { kind: 'table', rows: Number(row.n) };
    }
  }
}

/** `$n` for a value appended after the relation's own parameters. */
function binder(params: (string | number)[]) {
  return (value: number): string => `CAST($${params.push(value)} AS DOUBLE)`;
}

/**
 * Counts of `expr` in HISTOGRAM_BINS equal bins over [lo, hi] (the top edge is in the last bin). NaN and
 * NULL are `missing`. `expr` is built here from quoted column names, never from user text.
 */
export async function histogram(
  runner: SqlRunner,
  relation: BoundSql,
  expr: string,
  of: string,
  range?: { lo: number; hi: number },
): Promise<Histogram> {
  const params = [...relation.params];
  const value = `CAST(${expr} AS DOUBLE)`;
  const valid = `${value} IS NOT NULL AND NOT isnan(${value})`;
  let lo = range?.lo;
  let hi = range?.hi;
  const [counts] = await runner.rows(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${valid}) AS valid, min(${value}) FILTER (WHERE ${valid}) AS lo, ` +
      `max(${value}) FILTER (WHERE ${valid}) AS hi FROM ${relation.sql} s`,
    params,
  );
  const missing = Number(counts.n) - Number(counts.valid);
  if (Number(counts.valid) === 0) return { of, edges: [], counts: [], missing };
  lo ??= Number(counts.lo);
  hi ??= Number(counts.hi);
  if (hi <= lo) return { of, edges: [lo, hi], counts: [Number(counts.valid)], missing };
  const bind = binder(params);
  const loSql = bind(lo);
  const widthSql = bind((hi - lo) / HISTOGRAM_BINS);
  const rows = await runner.rows(
    `SELECT least(greatest(floor((${value} - ${loSql}) / ${widthSql}), 0), ${HISTOGRAM_BINS - 1})::INTEGER AS bin, ` +
      `count(*) AS n FROM ${relation.sql} s WHERE ${valid} GROUP BY bin`,
    params,
  );
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const row of rows) bins[Number(row.bin)] += Number(row.n);
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo! + ((hi! - lo!) * i) / HISTOGRAM_BINS);
  return { of, edges, counts: bins, missing };
}

async function binarySummary(
  runner: SqlRunner,
  relation: BoundSql,
  columns: readonly PreviewColumn[],
  facts: SummaryFacts,
): Promise<PreviewSummary> {
  const prob = `s.${sqlIdent('TRUE_PROB')}`;
  const hasPrediction = columns.some((c) => c.name === 'TARGET_PRED' && c.kind === 'boolean');
  const params = [...relation.params];
  // TRUE is TARGET_PRED when the output has it (the job's own decision), else TRUE_PROB >= the threshold.
  const isTrue = hasPrediction
    ? `s.${sqlIdent('TARGET_PRED')}`
    : facts.threshold !== undefined
      ? `${prob} >= ${binder(params)(facts.threshold)}`
      : 'NULL';
  const [row] = await runner.rows(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${isTrue}) AS positive, count(*) FILTER (WHERE NOT (${isTrue})) AS negative, ` +
      `min(${prob}) FILTER (WHERE ${isTrue}) AS lowest_true FROM ${relation.sql} s`,
    params,
  );
  const threshold =
    facts.threshold !== undefined
      ? { value: facts.threshold, source: 'job' as const }
      : row.lowest_true !== null && row.lowest_true !== undefined
        ? { value: Number(row.lowest_true), source: 'output' as const }
        : undefined;
  return {
    kind: 'binary',
    rows: Number(row.n),
    histogram: await histogram(runner, relation, prob, 'TRUE_PROB', { lo: 0, hi: 1 }),
    ...(threshold ? { threshold } : {}),
    positive: Number(row.positive),
    negative: Number(row.negative),
    ...(facts.trainingThreshold !== undefined ? { trainingThreshold: facts.trainingThreshold } : {}),
  };
}

async function multiclassSummary(
  runner: SqlRunner,
  relation: BoundSql,
  columns: readonly PreviewColumn[],
): Promise<PreviewSummary> {
  const has = (name: string) => columns.some((c) => c.name === name && c.origin === 'output');
  const keys = ['ENTITY', 'ANCHOR_TIMESTAMP'].filter(has).map((c) => `s.${sqlIdent(c)}`);
  // The predicted class of a row: PREDICTED marks it (local engine, Kumo); else the best SCORE of the row.
  const predicted = has('PREDICTED')
    ? `SELECT s.${sqlIdent('CLASS')} AS label FROM ${relation.sql} s WHERE s.${sqlIdent('PREDICTED')}`
    : `SELECT s.${sqlIdent('CLASS')} AS label FROM ${relation.sql} s QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ') || '1'} ORDER BY s.${sqlIdent('SCORE')} DESC) = 1`;
  const [totals] = await runner.rows(
    `SELECT count(*) AS n, count(DISTINCT (${keys.join(', ') || '1'})) AS entities FROM ${relation.sql} s`,
    relation.params,
  );
  const rows = await runner.rows(
    `SELECT CAST(label AS VARCHAR) AS label, count(*) AS n FROM (${predicted}) GROUP BY ALL ORDER BY n DESC, label`,
    relation.params,
  );
  return {
    kind: 'multiclass',
    rows: Number(totals.n),
    entities: Number(totals.entities),
    classes: rows.slice(0, TOP_CLASSES).map((r) => ({ label: String(r.label), count: Number(r.n) })),
    more: Math.max(0, rows.length - TOP_CLASSES),
  };
}

async function regressionSummary(runner: SqlRunner, relation: BoundSql): Promise<PreviewSummary> {
  const value = `CAST(s.${sqlIdent('TARGET_PRED')} AS DOUBLE)`;
  const [row] = await runner.rows(
    `SELECT count(*) AS n, quantile_cont(${value}, [0.1, 0.5, 0.9]) FILTER (WHERE NOT isnan(${value})) AS q FROM ${relation.sql} s`,
    relation.params,
  );
  const q = (row.q as number[] | null)?.map(Number) ?? [NaN, NaN, NaN];
  return {
    kind: 'regression',
    rows: Number(row.n),
    histogram: await histogram(runner, relation, `s.${sqlIdent('TARGET_PRED')}`, 'TARGET_PRED'),
    quantiles: { p10: q[0], p50: q[1], p90: q[2] },
  };
}

/** The Euclidean norm of a row's embedding (a FLOAT[] list). */
export function normSql(column: string): string {
  const e = `s.${sqlIdent(column)}`;
  return `sqrt(list_inner_product(${e}, ${e}))`;
}

async function embeddingSummary(runner: SqlRunner, relation: BoundSql): Promise<PreviewSummary> {
  const [row] = await runner.rows(
    `SELECT count(*) AS n, max(len(s.${sqlIdent('EMBEDDING')})) AS dims FROM ${relation.sql} s`,
    relation.params,
  );
  return {
    kind: 'embeddings',
    rows: Number(row.n),
    dims: Number(row.dims ?? 0),
    norms: await histogram(runner, relation, normSql('EMBEDDING'), 'norm(EMBEDDING)'),
  };
}
