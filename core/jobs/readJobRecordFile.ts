import { MAX_JOB_RECORD_BYTES, parseJobRecord, type JobRecordParse } from './parseJobRecord';
import { readRegularFile, type ReadFs } from './readRegularFile';

export type JobRecordRead = JobRecordParse | { ok: false; missing: true; reason: string };

/**
 * Reads one record file and parses it, without trusting the file either: a symlink, a named pipe (which
 * would block a plain read forever) or a file over 4 MB is refused with the reason instead of being read.
 * `missing` when there is no such file (removed between listing and reading). `fs` is the caller's.
 */
export function readJobRecordFile(fs: ReadFs, file: string): JobRecordRead {
  const read = readRegularFile(fs, file, { maxBytes: MAX_JOB_RECORD_BYTES, noFollow: true });
  if (read.ok) return parseJobRecord(read.text, file);
  if (read.missing) return { ok: false, missing: true, reason: read.reason };
  return { ok: false, reason: read.reason.replace('is a symbolic link', 'is a symbolic link, not a job record') };
}
