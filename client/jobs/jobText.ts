import type { JobStatus } from '../../backend/JobBackend';
import { isTerminalStatus, type JobRecord } from '../../backend/jobModel';
import type { LoadedJob } from './JobsLoader';

/**
 * The words and numbers the job views show, computed from a record alone (and "now", passed in so the
 * same record always reads the same in tests). Shared by the tree, the tooltip, the details document
 * and the progress notification, so they never disagree.
 */

/** The state a job is shown in: its status, plus `cancelling` while a cancel request is pending. */
export type JobDisplayState = 'queued' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export function displayState(job: Pick<LoadedJob, 'record' | 'cancelRequested'>): JobDisplayState {
  return statusDisplayState(job.record.status, job.cancelRequested);
}

/** The same for any backend's job (client/kumo): its status, and whether a cancel is pending. */
export function statusDisplayState(status: JobStatus, cancelRequested: boolean): JobDisplayState {
  switch (status) {
    case 'DONE':
      return 'done';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'RUNNING':
      return cancelRequested ? 'cancelling' : 'running';
    default:
      return cancelRequested ? 'cancelling' : 'queued';
  }
}

/** Queued, running or being cancelled: the job can still change, so it is watched closely. */
export function isActiveJob(job: Pick<LoadedJob, 'record' | 'cancelRequested'>): boolean {
  const state = displayState(job);
  return state === 'queued' || state === 'running' || state === 'cancelling';
}

export type JobKindName = 'training' | 'prediction';

export function kindName(record: JobRecord): JobKindName {
  return record.kind === 'training' ? 'training' : 'prediction';
}

export function kindTitle(record: JobRecord): string {
  return record.kind === 'training' ? 'Training job' : 'Batch prediction job';
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return '';
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return iso.slice(0, 10);
}

/** "850 ms", "4.2 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${totalMinutes % 60} min`;
}

/** How long the job ran (or has been running). */
export function jobDurationMs(record: JobRecord, now: number): number | undefined {
  if (!record.startedAt) return undefined;
  const end = record.endedAt ? Date.parse(record.endedAt) : isTerminalStatus(record.status) ? undefined : now;
  return end === undefined ? undefined : end - Date.parse(record.startedAt);
}

export interface StageTiming {
  stage: string;
  detail?: string;
  at: string;
  /** Until the next stage started, the job ended, or (the current stage) now. */
  durationMs?: number;
  /** The stage the job is in right now (only while it runs). */
  current: boolean;
}

export function stageTimings(record: JobRecord, now: number): StageTiming[] {
  const terminal = isTerminalStatus(record.status);
  return record.eventLog.map((event, i) => {
    const next = record.eventLog[i + 1];
    const last = next === undefined;
    const end = next ? Date.parse(next.at) : record.endedAt ? Date.parse(record.endedAt) : terminal ? NaN : now;
    const duration = end - Date.parse(event.at);
    return {
      stage: event.stage,
      ...(event.detail ? { detail: event.detail } : {}),
      at: event.at,
      ...(Number.isFinite(duration) ? { durationMs: Math.max(0, duration) } : {}),
      current: last && !terminal,
    };
  });
}

/** Completed share of the stage that reports progress, 0-100; undefined when it reports none. */
export function progressPercent(record: JobRecord): number | undefined {
  const p = record.progress;
  if (!p || !(p.total > 0)) return undefined;
  return Math.max(0, Math.min(100, Math.floor((100 * p.completed) / p.total)));
}

export function currentStage(record: JobRecord): string | undefined {
  return record.eventLog.at(-1)?.stage;
}

/** A number as a person reads it in a tree: integers whole, others to 4 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

export interface NamedValue {
  name: string;
  value: string;
}

/**
 * The validation metrics of a training job's summary. The engine's summary shape is still growing, so
 * this accepts what Kumo and the engine use: a `{name: number}` map or a `[{name, value}]` list, under
 * `metrics`, `validation_metrics`, `eval_metrics.validation_metrics` or `training.metrics`.
 */
export function trainingMetrics(summary: Record<string, unknown> | undefined): NamedValue[] {
  if (!summary) return [];
  const evalMetrics = asObject(summary.eval_metrics);
  const training = asObject(summary.training);
  const candidates = [summary.metrics, summary.validation_metrics, evalMetrics?.validation_metrics, training?.metrics];
  for (const candidate of candidates) {
    const metrics = namedNumbers(candidate);
    if (metrics.length > 0) return metrics;
  }
  return [];
}

/** The facts of a batch prediction's summary worth a glance (BatchPredictionSummary, read defensively). */
export function predictionSummaryEntries(summary: Record<string, unknown> | undefined): NamedValue[] {
  if (!summary) return [];
  const out: NamedValue[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out.push({ name, value });
  };
  const entities = asNumber(summary.num_entities_predicted);
  const distinct = asNumber(summary.num_distinct_entities);
  add(
    'entities predicted',
    entities === undefined
      ? undefined
      : `${entities}${distinct !== undefined && distinct !== entities ? ` (${distinct} distinct)` : ''}`,
  );
  add('task', asString(summary.task_type));
  const anchor = summary.anchor_time;
  const source = asString(summary.anchor_time_source)?.replace(/_/g, ' ');
  if (anchor === null) add('anchor time', 'none (static query)');
  else add('anchor time', asString(anchor) && `${asString(anchor)}${source ? ` (${source})` : ''}`);
  const binary = asObject(summary.binary);
  if (binary) {
    const threshold = asNumber(binary.threshold);
    add(
      'threshold',
      threshold === undefined
        ? undefined
        : `${formatNumber(threshold)}: ${asNumber(binary.predicted_true) ?? '?'} true, ${asNumber(binary.predicted_false) ?? '?'} false`,
    );
  }
  const scores = asObject(summary.score_distribution);
  if (scores) {
    const column = binary ? 'TRUE_PROB' : 'TARGET_PRED';
    const parts = ['min', 'p50', 'mean', 'max']
      .map((k) => (asNumber(scores[k]) === undefined ? '' : `${k} ${formatNumber(asNumber(scores[k])!)}`))
      .filter(Boolean);
    add(column, parts.join(', '));
  }
  if (Array.isArray(summary.class_counts)) {
    const top = summary.class_counts
      .slice(0, 3)
      .map((c) => asObject(c))
      .filter((c): c is Record<string, unknown> => c !== undefined)
      .map((c) => `${String(c.class)} ${asNumber(c.count) ?? '?'}`);
    add('top classes', top.join(', ') + (summary.class_counts.length > 3 ? ', ...' : ''));
  }
  const workers = asNumber(summary.num_workers);
  add('workers', workers === undefined ? undefined : String(workers));
  add('model', asString(summary.training_job_id));
  out.push(...summaryWarnings(summary));
  return out;
}

/** A summary's `warnings` (strings; anything else in the list is skipped), one entry each. */
export function summaryWarnings(summary: Record<string, unknown> | undefined): NamedValue[] {
  const warnings = Array.isArray(summary?.warnings) ? summary.warnings : [];
  return warnings
    .filter((w): w is string => typeof w === 'string' && w !== '')
    .map((value) => ({ name: 'warning', value }));
}

/** Top-level scalars of a summary, for kinds whose shape this extension does not know. */
export function scalarEntries(summary: Record<string, unknown> | undefined): NamedValue[] {
  if (!summary) return [];
  return Object.entries(summary)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([name, v]) => ({
      name: name.replace(/_/g, ' '),
      value: typeof v === 'number' ? formatNumber(v) : String(v),
    }));
}

function namedNumbers(value: unknown): NamedValue[] {
  if (Array.isArray(value)) {
    return value
      .map((m) => asObject(m))
      .filter((m): m is Record<string, unknown> => typeof m?.name === 'string' && asNumber(m.value) !== undefined)
      .map((m) => ({ name: String(m.name), value: formatNumber(asNumber(m.value)!) }));
  }
  const map = asObject(value);
  if (!map) return [];
  // The engine's ValidationMetrics count their rows in `rows`: a fact about the metrics, listed last.
  const entries = Object.entries(map).filter(([, v]) => asNumber(v) !== undefined);
  return [...entries.filter(([name]) => name !== 'rows'), ...entries.filter(([name]) => name === 'rows')].map(
    ([name, v]) => ({ name: name === 'rows' ? 'validation rows' : name, value: formatNumber(v as number) }),
  );
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
