import * as path from 'node:path';
import { fileMarkerPathOf } from '../destinations/outputOwnership';
import { jobIdOfRecordFile, isValidJobId } from './jobIds';
import { isResolvedPath, isStrictlyInside, jobFiles } from './jobPaths';
import type {
  JobArtifact,
  JobError,
  JobEvent,
  JobKind,
  JobProcess,
  JobProgress,
  JobRecord,
  JobSpecRef,
  OutputCommitJournal,
  OutputRename,
} from './JobRecord';
import { isJobStatus } from './JobStatus';
import { isTemporaryNameOf } from './temporaryNames';

export const JOB_RECORD_FORMAT_VERSION = 1;
/** Real records are a few kB (a long event log, many partitions: tens of kB); bigger files are not read. */
export const MAX_JOB_RECORD_BYTES = 4 * 1024 * 1024;

export type JobRecordParse = { ok: true; record: JobRecord } | { ok: false; reason: string };

/** Thrown inside the parser only: the first problem found, as a sentence naming the field. */
class RecordProblem extends Error {}

/**
 * The one reader of job records (engine, CLI, client and the data tier's training-job lookup all use it).
 * A record is untrusted: a repository can ship `.relgraph/jobs/*.json`. So every field is type-checked,
 * and every path is required to be absolute, normalised, and where a job of this store can have put it:
 * - `logPath` and `artifactDir` are the store's own (`<jobsDir>/<id>.log`, `<jobsDir>/<id>/`): the parsed
 *   record carries those, whatever the file says (a moved workspace keeps working);
 * - artifacts lie inside the job's folder or are among the `outputPaths` it was created with;
 * - `scratchPaths` (deleted when the job's process is found dead) lie inside the job's folder, or are
 *   Relgraph's temporary names beside one of its outputs; the rename journal names only such paths.
 * A record that breaks any rule is refused as a whole with the reason, so no part of it is ever acted on.
 * Unknown fields are dropped (a newer writer of the same formatVersion may add some).
 */
export function parseJobRecord(text: string, recordFile: string): JobRecordParse {
  const expectedId = jobIdOfRecordFile(path.basename(recordFile));
  if (!expectedId) return { ok: false, reason: `'${path.basename(recordFile)}' is not named like a job record` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: keep it to one printable line.
    const detail = (error instanceof Error ? error.message : String(error)).replace(/[^\x20-\x7e]+/g, '?');
    return { ok: false, reason: `not valid JSON (${detail.length > 120 ? `${detail.slice(0, 117)}...` : detail})` };
  }
  try {
    return { ok: true, record: readRecord(value, expectedId, path.dirname(path.resolve(recordFile))) };
  } catch (error) {
    if (error instanceof RecordProblem) return { ok: false, reason: error.message };
    throw error;
  }
}

function readRecord(value: unknown, expectedId: string, jobsDir: string): JobRecord {
  const r = object(value, 'the record');
  if (r.formatVersion !== JOB_RECORD_FORMAT_VERSION) {
    throw new RecordProblem(
      r.formatVersion === undefined
        ? "no 'formatVersion'"
        : `record format version ${short(r.formatVersion)}: this Relgraph reads version ${JOB_RECORD_FORMAT_VERSION} (update Relgraph)`,
    );
  }
  if (!isValidJobId(r.id)) throw new RecordProblem(`'id' ${short(r.id)} is not a job id`);
  if (r.id !== expectedId) {
    throw new RecordProblem(`holds job '${r.id}', not '${expectedId}' (records are named after their job)`);
  }
  const id = r.id;
  const files = jobFiles(jobsDir, id);
  const kind = oneOf<JobKind>(r.kind, 'kind', ['training', 'batch_prediction']);
  if (!isJobStatus(r.status)) throw new RecordProblem(`'status' ${short(r.status)} is not a job status`);
  const outputPaths = optional(r.outputPaths, (v) =>
    array(v, 'outputPaths').map((p, i) => absolute(p, `outputPaths[${i}]`)),
  );
  const artifacts = array(r.artifacts, 'artifacts').map((a, i) =>
    artifact(a, `artifacts[${i}]`, files.folder, outputPaths),
  );
  // Legacy records (before outputPaths existed) name their outputs only as artifacts: those are read as
  // their outputs, so reading keeps working; deleting never relies on it (scratch rules below).
  const outputs = outputPaths ?? [];
  const record: JobRecord = {
    formatVersion: 1,
    id,
    kind,
    status: r.status,
    createdAt: instant(r.createdAt, 'createdAt'),
    updatedAt: instant(r.updatedAt, 'updatedAt'),
    spec: specRef(r.spec),
    eventLog: array(r.eventLog, 'eventLog').map((e, i) => event(e, `eventLog[${i}]`)),
    artifacts,
    logPath: files.log,
    artifactDir: files.folder,
    tags: stringMap(r.tags, 'tags'),
  };
  string(r.logPath, 'logPath');
  string(r.artifactDir, 'artifactDir');
  const startedAt = optional(r.startedAt, (v) => instant(v, 'startedAt'));
  const endedAt = optional(r.endedAt, (v) => instant(v, 'endedAt'));
  const progress = optional(r.progress, jobProgress);
  const error = optional(r.error, jobError);
  const summary = optional(r.summary, (v) => shallowJson(object(v, 'summary'), 'summary'));
  const scratchPaths = optional(r.scratchPaths, (v) =>
    array(v, 'scratchPaths').map((p, i) => scratchPath(p, `scratchPaths[${i}]`, files.folder, outputs)),
  );
  const commit = optional(r.commit, (v) => journal(v, outputs));
  const owner = optional(r.process, jobProcess);
  return {
    ...record,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(progress ? { progress } : {}),
    ...(error ? { error } : {}),
    ...(summary ? { summary } : {}),
    ...(scratchPaths ? { scratchPaths } : {}),
    ...(outputPaths ? { outputPaths } : {}),
    ...(commit ? { commit } : {}),
    ...(owner ? { process: owner } : {}),
  };
}

function specRef(value: unknown): JobSpecRef {
  const s = object(value, 'spec');
  const sha256 = string(s.sha256, 'spec.sha256');
  if (sha256 !== '' && !/^[0-9a-f]{64}$/.test(sha256)) throw new RecordProblem("'spec.sha256' is not a sha256");
  return { path: absolute(s.path, 'spec.path'), name: string(s.name, 'spec.name'), sha256 };
}

function event(value: unknown, field: string): JobEvent {
  const e = object(value, field);
  const detail = optional(e.detail, (v) => string(v, `${field}.detail`));
  return {
    stage: string(e.stage, `${field}.stage`),
    at: instant(e.at, `${field}.at`),
    ...(detail !== undefined ? { detail } : {}),
  };
}

function jobProgress(value: unknown): JobProgress {
  const p = object(value, 'progress');
  return { completed: count(p.completed, 'progress.completed'), total: count(p.total, 'progress.total') };
}

function jobError(value: unknown): JobError {
  const e = object(value, 'error');
  const stage = optional(e.stage, (v) => string(v, 'error.stage'));
  return { message: string(e.message, 'error.message'), ...(stage !== undefined ? { stage } : {}) };
}

function jobProcess(value: unknown): JobProcess {
  const p = object(value, 'process');
  if (typeof p.pid !== 'number' || !Number.isSafeInteger(p.pid)) {
    throw new RecordProblem(`'process.pid' ${short(p.pid)} is not an integer`);
  }
  const startToken = optional(p.startToken, (v) => string(v, 'process.startToken'));
  return {
    pid: p.pid,
    hostname: string(p.hostname, 'process.hostname'),
    ...(startToken !== undefined ? { startToken } : {}),
  };
}

function artifact(value: unknown, field: string, jobFolder: string, outputPaths: string[] | undefined): JobArtifact {
  const a = object(value, field);
  const at = absolute(a.path, `${field}.path`);
  if (outputPaths && !isStrictlyInside(at, jobFolder) && !outputPaths.includes(at)) {
    throw new RecordProblem(`'${field}.path' ${short(at)} is neither in the job's folder nor one of its outputPaths`);
  }
  const files = array(a.files, `${field}.files`).map((f, i) => absolute(f, `${field}.files[${i}]`));
  for (const file of files) {
    if (file !== at && !isStrictlyInside(file, at)) {
      throw new RecordProblem(`'${field}.files' names ${short(file)}, which is not part of ${short(at)}`);
    }
  }
  const format = optional(a.format, (v) =>
    oneOf<'csv' | 'parquet' | 'json'>(v, `${field}.format`, ['csv', 'parquet', 'json']),
  );
  const rows = optional(a.rows, (v) => count(v, `${field}.rows`));
  return {
    type: string(a.type, `${field}.type`),
    path: at,
    files,
    ...(format ? { format } : {}),
    ...(rows !== undefined ? { rows } : {}),
  };
}

/**
 * The rule for paths a job may register as scratch (deleted when it dies): inside its own folder, or one
 * of Relgraph's temporary names beside one of its outputs. The engine checks it before registering one.
 */
export function isAcceptedScratchPath(p: string, jobFolder: string, outputs: readonly string[]): boolean {
  return isResolvedPath(p) && (isStrictlyInside(p, jobFolder) || isTemporaryBeside(p, outputs));
}

function scratchPath(value: unknown, field: string, jobFolder: string, outputs: readonly string[]): string {
  const p = absolute(value, field);
  if (isAcceptedScratchPath(p, jobFolder, outputs)) return p;
  throw new RecordProblem(
    `'${field}' ${short(p)} is neither inside the job's folder nor a temporary file beside one of its outputs: ` +
      'refused (Relgraph deletes nothing a record names outside those)',
  );
}

function journal(value: unknown, outputs: readonly string[]): OutputCommitJournal {
  const j = object(value, 'commit');
  const renames = array(j.renames, 'commit.renames').map((v, i): OutputRename => {
    const field = `commit.renames[${i}]`;
    const r = object(v, field);
    const final = absolute(r.path, `${field}.path`);
    if (!outputs.includes(final) && !outputs.some((o) => fileMarkerPathOf(o) === final)) {
      throw new RecordProblem(`'${field}.path' ${short(final)} is not one of the job's outputPaths`);
    }
    const staged = absolute(r.staged, `${field}.staged`);
    const previous = optional(r.previous, (p) => absolute(p, `${field}.previous`));
    for (const [name, p] of [
      ['staged', staged],
      ['previous', previous],
    ] as const) {
      if (p !== undefined && !isTemporaryNameOf(p, final)) {
        throw new RecordProblem(`'${field}.${name}' ${short(p)} is not a temporary name of ${short(final)}`);
      }
    }
    return { path: final, staged, ...(previous ? { previous } : {}) };
  });
  return { startedAt: instant(j.startedAt, 'commit.startedAt'), renames };
}

/** A temporary name of an output or of its marker (the journal stages both for single-file outputs). */
function isTemporaryBeside(p: string, outputs: readonly string[]): boolean {
  return outputs.some((o) => isTemporaryNameOf(p, o) || isTemporaryNameOf(p, fileMarkerPathOf(o)));
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordProblem(value === undefined ? `no '${field}'` : `'${field}' is not an object`);
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value))
    throw new RecordProblem(value === undefined ? `no '${field}'` : `'${field}' is not a list`);
  return value;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string')
    throw new RecordProblem(value === undefined ? `no '${field}'` : `'${field}' is not text`);
  return value;
}

function absolute(value: unknown, field: string): string {
  const p = string(value, field);
  if (!isResolvedPath(p)) throw new RecordProblem(`'${field}' ${short(p)} is not an absolute, normalised path`);
  return p;
}

function instant(value: unknown, field: string): string {
  const text = string(value, field);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new RecordProblem(`'${field}' ${short(text)} is not an ISO-8601 UTC time`);
  }
  return text;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RecordProblem(`'${field}' ${short(value)} is not a whole number`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RecordProblem(`'${field}' ${short(value)} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  const map = object(value, field);
  for (const [key, v] of Object.entries(map)) string(v, `${field}.${key}`);
  return { ...(map as Record<string, string>) };
}

/** Bounds nesting: printing a summary nested 100,000 deep would overflow the stack of whoever prints it. */
const MAX_SUMMARY_DEPTH = 24;

function shallowJson<T>(value: T, field: string): T {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, depth] = next;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_SUMMARY_DEPTH)
      throw new RecordProblem(`'${field}' is nested more than ${MAX_SUMMARY_DEPTH} levels deep`);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return value;
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

/** A value as a reason quotes it: JSON, cut short (a crafted record can hold megabytes in one field). */
function short(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
