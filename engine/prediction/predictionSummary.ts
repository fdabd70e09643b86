import type { DuckDbSession } from '../../data/DuckDbSession';
import type { OutputShape } from './PredictionArrays';

/**
 * The `summary` of a DONE batch-prediction job record. Kumo's BatchPredictionJobSummary has only
 * `num_entities_predicted`; the rest says what a user checks first: which anchor was used, whether
 * the scores look sane, and where the time went. snake_case like Kumo's REST payloads.
 */
export interface BatchPredictionSummary {
  [key: string]: unknown;
  /** Prediction rows: (entity, anchor) pairs; one per entity unless a prediction table repeats entities. */
  num_entities_predicted: number;
  num_distinct_entities: number;
  task_type: string;
  /** ISO timestamp of the anchor; null for static queries; the latest one when rows have their own. */
  anchor_time: string | null;
  anchor_time_source: 'spec' | 'inferred' | 'prediction_table' | 'not_applicable';
  /** Earliest anchor when a prediction table gives several. */
  anchor_time_min?: string;
  /** Binary: of TRUE_PROB; regression: of TARGET_PRED. */
  score_distribution?: ScoreDistribution;
  /** Binary: the threshold and how many rows fall on each side. */
  binary?: { threshold: number; predicted_true: number; predicted_false: number };
  /** Multiclass: how many rows each class is the PREDICTED class of, most frequent first. */
  class_counts?: { class: string | number; count: number }[];
  num_workers: number;
  /** Milliseconds per stage, in stage order. */
  timings_ms: Record<string, number>;
  outputs: { type: string; path: string; format: string; files: string[]; rows: number }[];
  warnings: string[];
  training_job_id: string;
}

export interface ScoreDistribution {
  min: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  max: number;
  mean: number;
}

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
