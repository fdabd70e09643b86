import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pidExists } from '../../backend/local/processLiveness';
import { usableCacheDirectory } from '../../data/cacheDirectory';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { SourceTables } from '../../data/SourceTables';
import { openJobSession } from './jobSession';

/**
 * A job's DuckDB session opened before the job exists, for the validation that guards it: the checks' read of
 * each CSV graph table keeps its rows there (data/SourceTables.ts) and the job then runs on the same session,
 * so each file is read once per run.
 *
 * Its folder cannot be the job's (there is no job yet, and a job may only register scratch paths inside its
 * own folder), so it is a folder of its own under Relgraph's cache folder, `job-work/<pid>-<random>/`, on the
 * same disk as the data checks' cache rather than in a temp folder that may live in memory. `close()` removes
 * it; a process killed before that leaves it, and the next pre-job session removes the folders of processes
 * that are gone.
 */
export interface PreJobSession {
  session: DuckDbSession;
  sourceTables: SourceTables;
  folder: string;
  /** Closes the session and removes its folder (idempotent). */
  close(): void;
}

const WORK_FOLDER = 'job-work';
/** Without a cache folder: `<tmp>/relgraph-job-<pid>-<random>/`. */
const TEMP_PREFIX = 'relgraph-job-';

/** `cacheDir`: Relgraph's cache folder (userCacheDir); undefined or unusable: a private temp folder. */
export async function openPreJobSession(cacheDir: string | undefined, threads?: number): Promise<PreJobSession> {
  const parent = workParent(cacheDir);
  if (parent) removeFoldersOfGoneProcesses(parent);
  const folder = fs.mkdtempSync(
    parent ? path.join(parent, `${process.pid}-`) : path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`),
  );
  const remove = () => fs.rmSync(folder, { recursive: true, force: true });
  let session: DuckDbSession;
  try {
    session = await openJobSession(folder, threads ?? os.availableParallelism());
  } catch (error) {
    remove();
    throw error;
  }
  let closed = false;
  return {
    session,
    sourceTables: new SourceTables(session),
    folder,
    close() {
      if (closed) return;
      closed = true;
      session.close();
      remove();
    },
  };
}

/** Relgraph's `job-work/` folder, or undefined when there is no usable cache folder (a temp folder then). */
function workParent(cacheDir: string | undefined): string | undefined {
  const usable = cacheDir ? usableCacheDirectory(cacheDir, () => undefined) : undefined;
  if (!usable) return undefined;
  const parent = path.join(usable, WORK_FOLDER);
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  return parent;
}

/** Folders `<pid>-<random>` whose process is gone. Only this folder's own entries are looked at, never followed. */
function removeFoldersOfGoneProcesses(parent: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(parent, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = /^(\d+)-[A-Za-z0-9]{6}$/.exec(entry.name)?.[1];
    if (!entry.isDirectory() || !pid || pidExists(Number(pid))) continue;
    fs.rmSync(path.join(parent, entry.name), { recursive: true, force: true });
  }
}
