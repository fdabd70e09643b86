import type { JobEvent, JobKind, JobProgress } from '../../core/jobs/JobRecord';
import { parseJobRef } from '../../core/jobs/JobRef';
import type { JobStatus } from '../../core/jobs/JobStatus';
import type { BackendJob, JobValidation, ValidationItem } from '../JobBackend';

/**
 * Kumo's JSON shapes (kumo-semantics.md §1.8, §2) read into Relgraph's neutral job model. Field names are
 * kumoapi's dataclass fields (snake_case). Every reader is tolerant: unknown fields are ignored, and where
 * a wire form is not documented (datetimes, timedeltas, the list envelope, `GET /artifact/{id}`; §2 says
 * "verify against a live server") each documented or plausible spelling is accepted. A value that cannot
 * be a job at all is an error the caller reports, never a crash.
 */

export class KumoWireError extends Error {}

type Json = Record<string, unknown>;

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Kumo's datetimes as ISO-8601 UTC. §2: "The datetime wire format was not observed [INF: ISO-8601]", so
 * an ISO string (with or without zone; no zone is read as UTC, as Python's naive datetimes are) and epoch
 * seconds or milliseconds are all accepted.
 */
export function parseInstant(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = value > 1e12 ? value : value * 1000;
    return new Date(ms).toISOString();
  }
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const text = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * A timedelta in seconds. §2: "timedelta fields ... also have an unknown wire form": seconds as a number,
 * `HH:MM:SS[.fff]` (pydantic's str), and ISO-8601 durations (`PT1H2M3S`, pydantic's JSON form) are read.
 */
export function parseTimedelta(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const clock = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (clock) return Number(clock[1] ?? 0) * 86400 + Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]);
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    value,
  );
  if (iso && value !== 'P' && value !== 'PT') {
    const [, d, h, m, s] = iso.map((x) => Number(x ?? 0));
    return d * 86400 + h * 3600 + m * 60 + s;
  }
  return undefined;
}

const KUMO_STATUSES = ['NOT_STARTED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED', 'UNTRAINED', 'MISSING'];

/**
 * kumoapi.common.JobStatus (a StrEnum: the wire value is the name). UNTRAINED and MISSING have no place
 * in Relgraph's status vocabulary: MISSING is a job Kumo lost (FAILED, with the reason), UNTRAINED one that
 * never started (NOT_STARTED).
 */
export function parseStatus(value: unknown): { status: JobStatus; note?: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value
    .trim()
    .toUpperCase()
    .replace(/^JOBSTATUS\./, '');
  if (!KUMO_STATUSES.includes(upper)) return undefined;
  if (upper === 'MISSING') return { status: 'FAILED', note: 'Kumo reports the job as MISSING' };
  if (upper === 'UNTRAINED') return { status: 'NOT_STARTED', note: 'Kumo reports the job as UNTRAINED' };
  return { status: upper as JobStatus };
}

function text(value: unknown, limit = 10_000): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > limit ? `${value.slice(0, limit)}...` : value;
}

function items(value: unknown): ValidationItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item === 'string') return [{ title: '', message: item }];
    if (!isJsonObject(item)) return [];
    // ValidationResponse items are {title, message}; /get_errors uses `description` (§2.2).
    const message = text(item.message) ?? text(item.description) ?? '';
    const title = text(item.title, 1000) ?? '';
    return title || message ? [{ title, message }] : [];
  });
}

/** kumoapi.common.ValidationResponse: `{warnings, errors, info_items}`, each item `{title, message}`. */
export function parseValidation(value: unknown): JobValidation | undefined {
  if (!isJsonObject(value)) return undefined;
  return {
    errors: items(value.errors),
    warnings: items(value.warnings),
    info: items(value.info_items ?? value.infos ?? value.info),
  };
}

function parseEvents(value: unknown): JobEvent[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (!isJsonObject(entry)) return [];
    const stage = text(entry.stage_name, 200);
    if (!stage) return [];
    const event: JobEvent = { stage, at: parseInstant(entry.last_updated_at) ?? '' };
    const detail = text(entry.detail, 2000);
    if (detail) event.detail = detail;
    return [event];
  });
}

function parseTags(value: unknown): Record<string, string> {
  if (!isJsonObject(value)) return {};
  const tags: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') tags[key] = String(v);
  }
  return tags;
}

/**
 * A `…JobResource` (JobResourceBase: job_id, job_status_report, created_at, tags, config, result?) as a
 * BackendJob. Throws KumoWireError when it is not a job resource at all.
 */
export function parseJobResource(value: unknown, kind: JobKind): BackendJob {
  if (!isJsonObject(value)) throw new KumoWireError('a job is not a JSON object');
  const id = text(value.job_id, 200) ?? text(value.id, 200);
  const ref = id ? parseJobRef(`kumo:${id}`) : undefined;
  if (!ref) throw new KumoWireError(`job_id ${JSON.stringify(value.job_id)} is not a job id`);
  const report = isJsonObject(value.job_status_report) ? value.job_status_report : {};
  const parsedStatus = parseStatus(report.status ?? value.status);
  if (!parsedStatus) throw new KumoWireError(`${id}: status ${JSON.stringify(report.status)} is not a Kumo job status`);
  const eventLog = parseEvents(report.event_log);
  const config = isJsonObject(value.config) ? value.config : {};
  const job: BackendJob = {
    ref,
    kind,
    status: parsedStatus.status,
    createdAt: parseInstant(value.created_at) ?? parseInstant(report.start_time) ?? '',
    eventLog,
    tags: parseTags(value.tags),
  };
  const startedAt = parseInstant(report.start_time);
  if (startedAt) job.startedAt = startedAt;
  const endedAt = parseInstant(report.end_time);
  // "end_time: present when status is not RUNNING" (§1.8): only a terminal job has really ended.
  if (endedAt && ['DONE', 'FAILED', 'CANCELLED'].includes(job.status)) job.endedAt = endedAt;
  const lastEvent = eventLog.length > 0 ? eventLog[eventLog.length - 1].at : '';
  const updatedAt = [lastEvent, endedAt ?? '', startedAt ?? '', job.createdAt].filter(Boolean).sort().pop();
  if (updatedAt) job.updatedAt = updatedAt;
  const trackingUrl = text(report.tracking_url, 2000);
  if (trackingUrl && /^https?:\/\//.test(trackingUrl)) job.trackingUrl = trackingUrl;
  const validation = parseValidation(report.validation_response);
  if (validation) job.validation = validation;
  if (isJsonObject(value.result)) job.summary = value.result;
  const model = text(config.model_training_job_id, 200);
  const modelRef = model ? parseJobRef(`kumo:${model}`) : undefined;
  if (modelRef) job.trainingJob = modelRef;
  const anchor = parseInstant(config.prediction_time);
  if (anchor) job.anchorTime = anchor;
  const name = text(value.pquery_name, 500) ?? text(config.pquery_name, 500) ?? text(config.pquery_id, 500);
  if (name) job.name = name;
  if (job.status === 'FAILED' || job.status === 'CANCELLED') job.error = failureReason(job, parsedStatus.note);
  else if (parsedStatus.note) job.error = parsedStatus.note;
  return job;
}

/** One sentence: Kumo's first validation error, else the last stage's detail, else the status. */
function failureReason(job: BackendJob, note: string | undefined): string {
  const first = job.validation?.errors[0];
  if (first) return [first.title, first.message].filter(Boolean).join(': ');
  const last = job.eventLog[job.eventLog.length - 1];
  if (note) return note;
  if (last?.detail) return `${last.stage}: ${last.detail}`;
  return job.status === 'CANCELLED'
    ? 'cancelled'
    : `the job ended ${job.status}${last ? ` during '${last.stage}'` : ''}`;
}

/**
 * A list answer. §2.2 documents "→ list of resources" without its envelope, so a bare array and an object
 * holding one array (`{jobs: [...]}`, `{items: [...]}`, ...) are both read.
 */
export function listItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isJsonObject(value)) {
    for (const key of ['jobs', 'items', 'results', 'data', 'resources']) {
      if (Array.isArray(value[key])) return value[key] as unknown[];
    }
    const arrays = Object.values(value).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0] as unknown[];
  }
  throw new KumoWireError('a job list is neither a list nor an object holding one');
}

/**
 * `/progress`: PredictionProgress {completed_iterations, total_iterations}, AutoTrainerProgress
 * {completed_trials, total_trials}, or a table job's {num_finished_iterations, num_expected_iterations}.
 * `null` early on (§1.8: "progress() can be None early on").
 */
export function parseProgress(
  value: unknown,
): (JobProgress & { elapsedSeconds?: number; etaSeconds?: number }) | undefined {
  if (!isJsonObject(value)) return undefined;
  const pairs: [string, string][] = [
    ['completed_iterations', 'total_iterations'],
    ['completed_trials', 'total_trials'],
    ['num_finished_iterations', 'num_expected_iterations'],
  ];
  for (const [done, total] of pairs) {
    const completed = value[done];
    const all = value[total];
    if (
      typeof completed === 'number' &&
      typeof all === 'number' &&
      Number.isFinite(completed) &&
      Number.isFinite(all)
    ) {
      const progress: JobProgress & { elapsedSeconds?: number; etaSeconds?: number } = {
        completed: Math.max(0, completed),
        total: Math.max(0, all),
      };
      const elapsed = parseTimedelta(value.elapsed_prediction_time ?? value.elapsed_training_time);
      const eta = parseTimedelta(value.estimated_prediction_time ?? value.estimated_training_time);
      if (elapsed !== undefined) progress.elapsedSeconds = elapsed;
      if (eta !== undefined) progress.etaSeconds = eta;
      return progress;
    }
  }
  return undefined;
}

/** `POST /prediction_jobs` answers `[job_id | null, ValidationResponse]` (§2.2); an object spelling is read too. */
export function parseLaunchAnswer(value: unknown): { jobId?: string; validation: JobValidation } {
  let id: unknown;
  let validation: unknown;
  if (Array.isArray(value) && value.length === 2) [id, validation] = value;
  else if (isJsonObject(value)) {
    id = value.job_id ?? value.id;
    validation = value.validation_response ?? value.validation;
  } else throw new KumoWireError('the launch answer is not [job_id, validation]');
  const parsed = parseValidation(validation) ?? { errors: [], warnings: [], info: [] };
  if (id === null || id === undefined) return { validation: parsed };
  if (typeof id !== 'string' || !parseJobRef(`kumo:${id}`))
    throw new KumoWireError(`the launch answer's job id ${JSON.stringify(id)} is not a job id`);
  return { jobId: id, validation: parsed };
}

/** `{prediction_partitions: [url…]}` / `{embedding_partitions: [url…]}`; only http(s) URLs are kept. */
export function parsePartitionUrls(value: unknown, key: 'prediction_partitions' | 'embedding_partitions'): string[] {
  const list = isJsonObject(value) ? value[key] : Array.isArray(value) ? value : undefined;
  if (!Array.isArray(list)) throw new KumoWireError(`the answer has no ${key} list`);
  return list.map((url) => {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url))
      throw new KumoWireError(`a partition URL is not an http(s) URL`);
    return url;
  });
}

/** `GET /artifact/{id}` answers "a bare JobStatus" (§2.2): `"RUNNING"`; `{status: ...}` is read too. */
export function parseArtifactStatus(value: unknown): JobStatus {
  const raw = isJsonObject(value)
    ? (value.status ?? (isJsonObject(value.job_status_report) ? value.job_status_report.status : undefined))
    : value;
  const parsed = parseStatus(raw);
  if (!parsed) throw new KumoWireError(`${JSON.stringify(raw)} is not a Kumo job status`);
  return parsed.status;
}

/** `POST /artifact` answers `{job_id}`. */
export function parseCreatedId(value: unknown): string {
  const id = isJsonObject(value) ? (value.job_id ?? value.id) : value;
  if (typeof id !== 'string' || !parseJobRef(`kumo:${id}`)) throw new KumoWireError('the answer has no job id');
  return id;
}

/** `POST /{id}/cancel` answers `{is_cancelled}`. */
export function parseCancelAnswer(value: unknown): boolean {
  if (isJsonObject(value) && typeof value.is_cancelled === 'boolean') return value.is_cancelled;
  if (typeof value === 'boolean') return value;
  throw new KumoWireError('the cancel answer has no is_cancelled');
}
