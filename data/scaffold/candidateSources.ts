import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CandidateSource } from '../../core/scaffold/ScaffoldModel';
import type { DataValidator } from '../DataValidator';
import { compareCodePoints, globFiles, isGlob } from '../globFiles';
import { sourceFormatOf } from '../sourceScan';
import { duckDbTypeToDtype } from '../typeMapping';

/** More candidates than this is not a folder of new tables; the rest are left out and the listing says so. */
export const MAX_CANDIDATES = 200;

export interface CandidateListing {
  candidates: Omit<CandidateSource, 'columns' | 'problem'>[];
  /** `--data` entries that are neither a file, a folder nor a glob with matches. */
  missing: string[];
  truncated: boolean;
}

/** Side files of Spark and Hadoop (`_SUCCESS`, `.crc`) and hidden files are never tables. */
const isHidden = (name: string) => name.startsWith('.') || name.startsWith('_');
/** A Hive partition folder: `year=2010`. */
const HIVE_PARTITION = /^[^=]+=[^=]*$/;

/**
 * The files and folders `--data` offers as table sources:
 * - a file: itself;
 * - a folder: its CSV and Parquet files, and each subfolder that holds one table's parts (data files,
 *   at any depth only under Hive-style `key=value/` folders), read as one table as a `source:` folder
 *   is. A subfolder with other subfolders (`data/` holding `train/` and `full/`) is a tree of tables,
 *   not one table, and is not offered;
 * - a glob: its matching CSV and Parquet files.
 */
export function listCandidateSources(entries: readonly string[]): CandidateListing {
  const found = new Map<string, { path: string; isFolder: boolean; name: string }>();
  const missing: string[] = [];
  const add = (file: string, isFolder: boolean) => found.set(file, { path: file, isFolder, name: path.basename(file) });
  for (const entry of entries) {
    const absolute = path.resolve(entry);
    const stat = statOf(absolute);
    if (stat?.isFile()) add(absolute, false);
    else if (stat?.isDirectory()) {
      for (const child of readDir(absolute)) {
        const full = path.join(absolute, child.name);
        if (isHidden(child.name)) continue;
        if (child.isFile() && sourceFormatOf(child.name)) add(full, false);
        else if (child.isDirectory() && isTableFolder(full)) add(full, true);
      }
    } else if (isGlob(entry)) {
      const files = globFiles(absolute, MAX_CANDIDATES + 1).files.filter((f) => sourceFormatOf(f));
      if (files.length === 0) missing.push(entry);
      for (const file of files) add(file, false);
    } else {
      missing.push(entry);
    }
  }
  const candidates = [...found.values()].sort((a, b) => compareCodePoints(a.path, b.path));
  return { candidates: candidates.slice(0, MAX_CANDIDATES), missing, truncated: candidates.length > MAX_CANDIDATES };
}

function isTableFolder(dir: string, depth = 0): boolean {
  if (depth > 8) return false;
  let hasData = false;
  for (const child of readDir(dir)) {
    if (isHidden(child.name)) continue;
    if (child.isFile() && sourceFormatOf(child.name)) hasData = true;
    else if (child.isDirectory()) {
      if (!HIVE_PARTITION.test(child.name) || !isTableFolder(path.join(dir, child.name), depth + 1)) return false;
      hasData = true;
    }
  }
  return hasData;
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function readDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name));
  } catch {
    return [];
  }
}

/** Each candidate's columns and their dtypes, as a table `source` would read them (DataValidator.sourceSchema). */
export async function probeCandidateSources(
  validator: DataValidator,
  candidates: CandidateListing['candidates'],
  signal?: AbortSignal,
): Promise<CandidateSource[]> {
  const probed: CandidateSource[] = [];
  for (const candidate of candidates) {
    const schema = await validator.sourceSchema(candidate.path, signal);
    probed.push(
      'value' in schema
        ? { ...candidate, columns: schema.value.map((c) => ({ name: c.name, dtype: duckDbTypeToDtype(c.duckDbType) })) }
        : { ...candidate, problem: schema.error },
    );
  }
  return probed;
}
