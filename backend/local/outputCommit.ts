import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  fileMarkerPathOf,
  nodeOutputProbe,
  OUTPUT_MARKER_NAME,
  parseOutputMarker,
} from '../../core/destinations/outputOwnership';
import type { OutputCommitJournal, OutputRename } from '../../core/jobs/JobRecord';
import { isTemporaryNameOf } from '../../core/jobs/temporaryNames';
import { fsyncDirectory, temporarySibling } from './atomicFile';

/**
 * All outputs of a job appear together or not at all. Every output is first written in full under a
 * temporary name (staged); then the renames are journaled in the job's record, then done; the record turns
 * DONE (dropping the journal) only after the last one. If the process dies in between, whoever settles the
 * dead job undoes the renames from the journal (rollbackCommit), so the old outputs are back and the
 * record says FAILED: a job's status always says what is on disk.
 *
 * A rename of a path that exists first moves the earlier output aside (`previous`, a temporary name) and
 * deletes it only once the job is DONE. A file output's marker (core/destinations/outputOwnership) is
 * renamed just before the file, so a file whose marker names another job is never taken for this one's.
 */

/** One output (file, folder, or a file's marker) staged under a temporary name, to become `path`. */
export interface PlannedRename {
  path: string;
  staged: string;
}

export interface CommitJournalWriter {
  /** Persists the journal (in the job's record) before the first rename. */
  begin(journal: OutputCommitJournal): void;
}

/**
 * Renames every staged output into place. Resolves with the earlier outputs moved aside (delete them once
 * the record says DONE). On any failure the renames done so far are undone and the error is rethrown.
 */
export function commitRenames(
  planned: readonly PlannedRename[],
  jobId: string,
  journal: CommitJournalWriter,
): string[] {
  const renames: OutputRename[] = planned.map((p) => ({
    path: p.path,
    staged: p.staged,
    ...(fs.existsSync(p.path) ? { previous: temporarySibling(p.path, 'old') } : {}),
  }));
  const commit: OutputCommitJournal = { startedAt: new Date().toISOString(), renames };
  journal.begin(commit);
  killForCrashTest(0);
  try {
    for (const [i, rename] of renames.entries()) {
      if (rename.previous) fs.renameSync(rename.path, rename.previous);
      fs.renameSync(rename.staged, rename.path);
      fsyncDirectory(path.dirname(rename.path));
      killForCrashTest(i + 1);
    }
  } catch (error) {
    const undone = rollbackCommit(commit, jobId);
    const left = undone.problems.length > 0 ? `; could not undo all of it: ${undone.problems.join('; ')}` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)} (while committing outputs${left})`);
  }
  return renames.flatMap((r) => (r.previous ? [r.previous] : []));
}

/**
 * Fault injection for the crash tests (test/unit/prediction/killDuringCommit.test.ts): with
 * RELGRAPH_TEST_KILL_AFTER_RENAMES=k the process SIGKILLs itself after k renames of a commit (0: right after
 * the journal is written), the one moment a kill from outside cannot be timed to hit.
 */
function killForCrashTest(renamesDone: number): void {
  const k = process.env.RELGRAPH_TEST_KILL_AFTER_RENAMES;
  if (k !== undefined && Number(k) === renamesDone) process.kill(process.pid, 'SIGKILL');
}

export interface RollbackReport {
  /** Paths given back their earlier output. */
  restored: string[];
  /** Paths whose new output was removed and had none before. */
  removed: string[];
  problems: string[];
}

/**
 * Undoes a commit the journal describes (in reverse order), touching only what it can prove is this
 * job's: a path is removed only when its marker names the job, an earlier output is restored only from
 * a Relgraph temporary name, and only onto a path that is free. Safe to run twice.
 */
export function rollbackCommit(journal: OutputCommitJournal, jobId: string): RollbackReport {
  const report: RollbackReport = { restored: [], removed: [], problems: [] };
  for (const rename of [...journal.renames].reverse()) {
    try {
      rollbackOne(rename, jobId, report);
    } catch (error) {
      report.problems.push(`${rename.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return report;
}

function rollbackOne(rename: OutputRename, jobId: string, report: RollbackReport): void {
  const { path: final, staged, previous } = rename;
  if (!isTemporaryNameOf(staged, final) || (previous && !isTemporaryNameOf(previous, final))) {
    report.problems.push(`${final}: the journal names paths that are not its temporary names (left alone)`);
    return;
  }
  fs.rmSync(staged, { recursive: true, force: true });
  const movedAside = previous !== undefined && exists(previous);
  // Without an earlier output, or once it was moved aside, whatever is at `final` came from this commit.
  if ((previous === undefined || movedAside) && exists(final)) {
    if (!ownedBy(final, jobId)) {
      report.problems.push(`${final} is not marked as written by ${jobId}: left in place`);
      return;
    }
    fs.rmSync(final, { recursive: true, force: true });
    if (!movedAside) report.removed.push(final);
  }
  if (movedAside) {
    fs.renameSync(previous, final);
    report.restored.push(final);
  }
  fsyncDirectory(path.dirname(final));
}

export type RenameState = 'new' | 'earlier' | 'none' | 'moved aside';

/** Where each rename of an interrupted commit stands, from the journal and what exists (reads only). */
export function commitProgress(journal: OutputCommitJournal): { path: string; state: RenameState }[] {
  return journal.renames.map(({ path: final, staged, previous }) => {
    const renamed = !exists(staged) && exists(final);
    if (previous === undefined) return { path: final, state: renamed ? 'new' : 'none' };
    if (!exists(previous)) return { path: final, state: 'earlier' };
    return { path: final, state: exists(final) ? 'new' : 'moved aside' };
  });
}

/** Whether the output (or marker) at `p` was written by `jobId`, by its marker. */
export function ownedBy(p: string, jobId: string): boolean {
  const probe = nodeOutputProbe(fs);
  const markerFile = path.basename(p).endsWith(OUTPUT_MARKER_NAME)
    ? p
    : probe.kind(p) === 'directory'
      ? path.join(p, OUTPUT_MARKER_NAME)
      : fileMarkerPathOf(p);
  const text = probe.read(markerFile, 256 * 1024);
  return text !== undefined && parseOutputMarker(text)?.jobId === jobId;
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
