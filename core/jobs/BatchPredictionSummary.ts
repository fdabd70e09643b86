import { isCount, isObject } from './summaryGuards';

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
  /**
   * Peak resident memory of the process that ran the job (workers included), in bytes, when the job ended
   * (`process.resourceUsage().maxRSS`); absent in records written before it was recorded.
   */
  peak_rss_bytes?: number;
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

const SCORE_KEYS = ['min', 'p10', 'p25', 'p50', 'p75', 'p90', 'max', 'mean'] as const;

/**
 * The summary of a DONE batch-prediction record when it has the shape the engine writes (records are
 * untrusted, and reports read these fields); undefined otherwise, so callers fall back to printing it as JSON.
 */
export function readBatchPredictionSummary(summary: unknown): BatchPredictionSummary | undefined {
  if (!isObject(summary)) return undefined;
  const s = summary;
  const ok =
    isCount(s.num_entities_predicted) &&
    typeof s.task_type === 'string' &&
    (s.anchor_time === null || typeof s.anchor_time === 'string') &&
    typeof s.anchor_time_source === 'string' &&
    (s.anchor_time_min === undefined || typeof s.anchor_time_min === 'string') &&
    isCount(s.num_workers) &&
    typeof s.training_job_id === 'string' &&
    isObject(s.timings_ms) &&
    (s.peak_rss_bytes === undefined || isCount(s.peak_rss_bytes)) &&
    Object.values(s.timings_ms).every((v) => typeof v === 'number') &&
    Array.isArray(s.warnings) &&
    s.warnings.every((w) => typeof w === 'string') &&
    Array.isArray(s.outputs) &&
    s.outputs.every(
      (o) =>
        isObject(o) &&
        typeof o.type === 'string' &&
        typeof o.path === 'string' &&
        typeof o.format === 'string' &&
        isCount(o.rows) &&
        Array.isArray(o.files) &&
        o.files.every((f) => typeof f === 'string'),
    ) &&
    (s.score_distribution === undefined ||
      (isObject(s.score_distribution) &&
        SCORE_KEYS.every((k) => typeof (s.score_distribution as Record<string, unknown>)[k] === 'number'))) &&
    (s.binary === undefined ||
      (isObject(s.binary) &&
        typeof s.binary.threshold === 'number' &&
        isCount(s.binary.predicted_true) &&
        isCount(s.binary.predicted_false))) &&
    (s.class_counts === undefined ||
      (Array.isArray(s.class_counts) &&
        s.class_counts.every((c) => isObject(c) && ['string', 'number'].includes(typeof c.class) && isCount(c.count))));
  return ok ? (s as BatchPredictionSummary) : undefined;
}
