import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { SpecHost } from '../core/host/SpecHost';
import { sourceFormatOf, type SourceFormat } from './sourceScan';

/** At most this many files are read for one table; a larger glob is cut and the diagnostic says so. */
export const MAX_SOURCE_FILES = 1000;

/** One data file with what identifies its content for caching: an unchanged (path, size, mtime) is not re-read. */
export interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * A table `source` resolved to files on disk. `problem` says why it cannot be read at all; a readable
 * source has a `format` and a `fingerprint` that changes whenever any file (or the file list) changes.
 */
export interface TableSource {
  /** The absolute path or glob from the spec. */
  pattern: string;
  files: SourceFile[];
  /** More files matched than MAX_SOURCE_FILES; only the first ones (sorted) are read. */
  truncated: boolean;
  format?: SourceFormat;
  problem?: string;
  totalBytes: number;
  fingerprint: string;
}

const PARQUET_MAGIC = 'PAR1';

/** Parquet files start with `PAR1`; anything else that is not named `.parquet` is read as CSV. */
function sniffFormat(file: string): SourceFormat {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      fs.readSync(fd, head, 0, 4, 0);
      return head.toString('latin1') === PARQUET_MAGIC ? 'parquet' : 'csv';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return 'csv';
  }
}

function describeMissing(pattern: string): string {
  try {
    if (fs.statSync(pattern).isDirectory()) return 'the directory has no .parquet or .csv files';
  } catch {
    // not a directory: a missing file or a glob without matches
  }
  return /[*?[{]/.test(pattern) ? 'the pattern matches no files' : 'the file does not exist';
}

/** Resolves and stats a table's source. Never throws: unreadable sources come back with a `problem`. */
export function resolveTableSource(host: SpecHost, pattern: string): TableSource {
  const resolved = host.resolveSource(pattern, MAX_SOURCE_FILES + 1);
  const truncated = resolved.length > MAX_SOURCE_FILES;
  const files: SourceFile[] = [];
  let problem: string | undefined;
  for (const file of resolved.slice(0, MAX_SOURCE_FILES)) {
    try {
      const stat = fs.statSync(file);
      files.push({ path: file, size: stat.size, mtimeMs: stat.mtimeMs });
    } catch (error) {
      problem ??= `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }
  if (!problem && files.length === 0) problem = describeMissing(pattern);
  if (!problem) problem = unreadableFile(files);
  const formats = new Set(files.map((f) => sourceFormatOf(f.path) ?? sniffFormat(f.path)));
  if (!problem && formats.size > 1) problem = 'the source mixes CSV and Parquet files; point it at one format';
  const fingerprint = sourceFingerprint(pattern, truncated, files);
  return {
    pattern,
    files,
    truncated,
    format: problem ? undefined : [...formats][0],
    problem,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    fingerprint,
  };
}

/** What identifies a source's content: its pattern and every file's (path, size, mtime); any change changes it. */
export function sourceFingerprint(pattern: string, truncated: boolean, files: readonly SourceFile[]): string {
  return createHash('sha256')
    .update(JSON.stringify([pattern, truncated, files.map((f) => [f.path, f.size, f.mtimeMs])]))
    .digest('hex');
}

/** Problems DuckDB would report less clearly: a 0-byte file, or one this process may not read. */
function unreadableFile(files: SourceFile[]): string | undefined {
  const empty = files.find((f) => f.size === 0);
  if (empty) return `${empty.path} is empty (0 bytes): not even a header row`;
  for (const file of files) {
    try {
      fs.accessSync(file.path, fs.constants.R_OK);
    } catch {
      return `permission denied reading ${file.path}`;
    }
  }
  return undefined;
}
