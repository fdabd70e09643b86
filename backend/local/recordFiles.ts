import * as fs from 'node:fs';
import type { JobRecordParse } from '../../core/jobs/parseJobRecord';
import { readJobRecordFile, type JobRecordRead } from '../../core/jobs/readJobRecordFile';
import { readRegularFile } from '../../core/jobs/readRegularFile';

export type { JobRecordParse };

/** A job's log is shown from its last 16 MB: a log bigger than that is not a Relgraph job's. */
export const MAX_LOG_BYTES = 16 * 1024 * 1024;

/** One record file, read safely and parsed (core/jobs/readJobRecordFile). */
export function readRecordFile(file: string): JobRecordRead {
  return readJobRecordFile(fs, file);
}

/** A job's log text ('' when there is none); never blocks on a planted pipe, at most its last 16 MB. */
export function readJobLog(logPath: string): string {
  const read = readRegularFile(fs, logPath, { maxBytes: MAX_LOG_BYTES, tail: true });
  return read.ok ? read.text : '';
}
