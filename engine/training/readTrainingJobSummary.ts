import { isCount, isObject } from '../../core/jobs/summaryGuards';
import type { TrainingJobSummary } from './TrainingJob';

/**
 * The summary of a DONE training record when it has the fields the human report reads (records are untrusted:
 * a crafted one must not crash `relgraph jobs show`); undefined otherwise, so callers print it as JSON.
 */
export function readTrainingJobSummary(summary: unknown): TrainingJobSummary | undefined {
  if (!isObject(summary)) return undefined;
  const s = summary;
  const metrics = s.validation_metrics;
  const sampling = s.training_table_sampling;
  const ok =
    typeof s.task_type === 'string' &&
    typeof s.run_mode === 'string' &&
    typeof s.model_path === 'string' &&
    isObject(metrics) &&
    isCount(metrics.rows) &&
    Object.entries(metrics).every(([, v]) => typeof v === 'number') &&
    isFiniteNumber(s.total_elapsed_seconds) &&
    [s.train_rows, s.validation_rows, s.anchor_count, s.feature_count, s.rounds].every(isCount) &&
    [s.first_anchor, s.last_anchor, s.validation_start].every(optional(isString)) &&
    [s.timeframe_step_days, s.threshold].every(optional(isFiniteNumber)) &&
    optional(isCount)(s.peak_rss_mb) &&
    Array.isArray(s.top_features) &&
    s.top_features.every((f) => isObject(f) && typeof f.feature === 'string' && isFiniteNumber(f.gainShare)) &&
    [s.report, s.warnings].every(optional((v) => Array.isArray(v) && v.every(isString))) &&
    (sampling === undefined ||
      (isObject(sampling) &&
        [sampling.candidate_pairs, sampling.sampled_pairs, sampling.labelled_rows, sampling.kept_rows].every(isCount)));
  return ok ? (s as unknown as TrainingJobSummary) : undefined;
}

function optional(check: (value: unknown) => boolean): (value: unknown) => boolean {
  return (value) => value === undefined || check(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
