import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlString } from '../../data/sourceScan';
import { fsyncDirectory, temporarySibling } from '../../backend/local/atomicFile';
import { partitionFileName, type OutputTarget } from '../../core/destinations/OutputTarget';

/** Lets the running job know which temporary paths exist, so a crash or cancel can delete them. */
export interface ScratchRegistry {
  add(file: string): void;
  remove(file: string): void;
}

export interface WriteOutputOptions {
  /** Number of `part_NNN` files of a partitioned target (ignored for a single file). */
  partitions: number;
  /** SQL expression over the query's columns that assigns a row to a partition (hashed). */
  partitionKey: string;
  /** ORDER BY list that makes the output byte-for-byte reproducible. */
  orderBy: string;
  scratch?: ScratchRegistry;
  signal?: AbortSignal;
}

export interface WrittenOutput {
  path: string;
  files: string[];
  rows: number;
}

/** An output fully written under its temporary name, waiting to be renamed into place (or discarded). */
export interface StagedOutput {
  target: OutputTarget;
  /** The temporary name holding the complete output (a file, or the folder of a partitioned output). */
  temp: string;
  /** What the output will be at its final name. */
  written: WrittenOutput;
  /** Renames the output into place (replacing an earlier one) and returns it at its final name. */
  commit(): WrittenOutput;
  /** Deletes the temporary files. */
  discard(): void;
}

/**
 * Writes a query's rows to a target so that the final name only ever holds a complete output: DuckDB
 * COPYs into a temporary sibling (file or folder, registered as scratch first), which is then renamed
 * into place. A partitioned output gets exactly `partitions` files, row r going to
 * `hash(partitionKey) % partitions`, so the layout depends only on the data. Any failure or abort
 * deletes the temporary files and leaves an earlier output at the final name untouched.
 */
export async function writeOutputAtomically(
  session: DuckDbSession,
  selectSql: string,
  target: OutputTarget,
  options: WriteOutputOptions,
): Promise<WrittenOutput> {
  const staged = await stageOutput(session, selectSql, target, options);
  try {
    options.signal?.throwIfAborted();
    return staged.commit();
  } catch (error) {
    staged.discard();
    throw error;
  }
}

/**
 * The first half of writeOutputAtomically: writes everything under the temporary name. A job with
 * several outputs stages them all and commits them together, so either all appear or none does.
 */
export async function stageOutput(
  session: DuckDbSession,
  selectSql: string,
  target: OutputTarget,
  options: WriteOutputOptions,
): Promise<StagedOutput> {
  fs.mkdirSync(path.dirname(target.path), { recursive: true });
  if (!target.partitioned && isDirectory(target.path)) {
    throw new Error(`cannot write ${target.path}: a folder has that name`);
  }
  const temp = temporarySibling(target.path);
  options.scratch?.add(temp);
  const discard = () => {
    fs.rmSync(temp, { recursive: true, force: true });
    options.scratch?.remove(temp);
  };
  let rows: number[];
  try {
    rows = target.partitioned
      ? await copyPartitions(session, selectSql, target, temp, options)
      : await copyOne(session, `${selectSql} ORDER BY ${options.orderBy}`, target.format, temp, options.signal);
  } catch (error) {
    discard();
    throw error;
  }
  const files = target.partitioned
    ? rows.map((_, p) => path.join(target.path, partitionFileName(p, target.format)))
    : [target.path];
  const written = { path: target.path, files, rows: rows.reduce((a, b) => a + b, 0) };
  return {
    target,
    temp,
    written,
    discard,
    commit() {
      replaceAtomically(temp, target.path, options.scratch);
      options.scratch?.remove(temp);
      return written;
    },
  };
}

async function copyPartitions(
  session: DuckDbSession,
  selectSql: string,
  target: OutputTarget,
  tempDir: string,
  options: WriteOutputOptions,
): Promise<number[]> {
  fs.mkdirSync(tempDir);
  const k = Math.max(1, Math.floor(options.partitions));
  const rows: number[] = [];
  for (let p = 0; p < k; p++) {
    const sql =
      `SELECT * FROM (${selectSql}) WHERE hash(${options.partitionKey}) % ${k} = ${p} ` + `ORDER BY ${options.orderBy}`;
    const file = path.join(tempDir, partitionFileName(p, target.format));
    rows.push(await copyOne(session, sql, target.format, file, options.signal).then(([n]) => n));
  }
  return rows;
}

/** COPY one query to one file; returns `[rowCount]`. */
async function copyOne(
  session: DuckDbSession,
  sql: string,
  format: 'csv' | 'parquet',
  file: string,
  signal?: AbortSignal,
): Promise<number[]> {
  const formatOptions = format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT csv, HEADER true';
  const result = await session.rows(`COPY (${sql}) TO ${sqlString(file)} (${formatOptions})`, signal);
  const count = result[0] ? Number(Object.values(result[0])[0]) : 0;
  syncFile(file);
  return [count];
}

/**
 * Renames `temp` to `finalPath`. A file replaces a file atomically; a folder cannot replace a non-empty
 * folder, so an earlier output folder is first moved aside (registered as scratch until deleted).
 */
function replaceAtomically(temp: string, finalPath: string, scratch?: ScratchRegistry): void {
  if (isDirectory(temp) && fs.existsSync(finalPath)) {
    const previous = temporarySibling(finalPath, 'old');
    scratch?.add(previous);
    fs.renameSync(finalPath, previous);
    fs.renameSync(temp, finalPath);
    fs.rmSync(previous, { recursive: true, force: true });
    scratch?.remove(previous);
  } else {
    fs.renameSync(temp, finalPath);
  }
  fsyncDirectory(path.dirname(finalPath));
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
