import { MAX_JOB_RECORD_BYTES, parseJobRecord, type JobRecordParse } from '../../core/jobs/parseJobRecord';
import { readRegularFile } from './safeRead';

export type { JobRecordParse };

/** A job's log is shown from its last 16 MB: a log bigger than that is not a Relgraph job's. */
export const MAX_LOG_BYTES = 16 * 1024 * 1024;

/**
 * Reads one record file for the parser, without trusting the file either: a symlink, a named pipe (which
 * would block a plain read forever) or a huge file is refused with the reason instead of being read.
 * `missing` when there is no such file (it was removed between listing and reading).
 */
export function readRecordFile(file: string): JobRecordParse | { ok: false; missing: true; reason: string } {
  const read = readRegularFile(file, { maxBytes: MAX_JOB_RECORD_BYTES, noFollow: true });
  if (read.ok) return parseJobRecord(read.text, file);
  if (read.missing) return { ok: false, missing: true, reason: read.reason };
  return { ok: false, reason: read.reason.replace('is a symbolic link', 'is a symbolic link, not a job record') };
}

/** A job's log text ('' when there is none); never blocks on a planted pipe, at most its last 16 MB. */
export function readJobLog(logPath: string): string {
  const read = readRegularFile(logPath, { maxBytes: MAX_LOG_BYTES, tail: true });
  return read.ok ? read.text : '';
}
