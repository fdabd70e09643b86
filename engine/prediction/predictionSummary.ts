import type { DuckDbSession } from '../../data/DuckDbSession';
import type { BatchPredictionSummary } from '../../core/jobs/BatchPredictionSummary';
import type { OutputShape } from './PredictionArrays';

export type { BatchPredictionSummary, ScoreDistribution } from '../../core/jobs/BatchPredictionSummary';

/** Score statistics from the predictions query (the output as written). */
export async function summarizeScores(
  session: DuckDbSession,
  predictionsSql: string,
  shape: OutputShape,
): Promise<Pick<BatchPredictionSummary, 'score_distribution' | 'binary' | 'class_counts'>> {
  if (shape.kind === 'multiclass') {
    const rows = await session.rows(
      `SELECT CLASS AS label, count(*) AS n FROM (${predictionsSql}) WHERE PREDICTED GROUP BY CLASS ORDER BY n DESC, CLASS`,
    );
    return { class_counts: rows.map((r) => ({ class: plain(r.label), count: Number(r.n) })) };
  }
  const column = shape.kind === 'binary' ? 'TRUE_PROB' : 'TARGET_PRED';
  const [row] = await session.rows(
    `SELECT count(*) AS n, min(${column}) AS lo, max(${column}) AS hi, avg(${column}) AS mean, ` +
      `quantile_cont(${column}, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q` +
      (shape.kind === 'binary' ? `, count(*) FILTER (WHERE TARGET_PRED) AS yes` : '') +
      ` FROM (${predictionsSql})`,
  );
  const out: Pick<BatchPredictionSummary, 'score_distribution' | 'binary'> = {};
  if (Number(row.n) > 0) {
    const q = (row.q as number[]).map(Number);
    out.score_distribution = {
      min: Number(row.lo),
      p10: q[0],
      p25: q[1],
      p50: q[2],
      p75: q[3],
      p90: q[4],
      max: Number(row.hi),
      mean: Number(row.mean),
    };
  }
  if (shape.kind === 'binary') {
    const yes = Number(row.yes ?? 0);
    out.binary = { threshold: shape.threshold, predicted_true: yes, predicted_false: Number(row.n) - yes };
  }
  return out;
}

function plain(value: unknown): string | number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : String(value);
}
