import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileMarkerPathOf } from '../../core/destinations/outputOwnership';
import { isStrictlyInside, RELGRAPH_DIR } from '../../core/jobs/jobPaths';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { isTemporaryNameOf } from '../../core/jobs/temporaryNames';

export type RemovalOutcome = { removed: true } | { removed: false; reason: string };

/**
 * Deletes a path a job record names (its scratch files, an interrupted commit's leftovers), but only what
 * Relgraph itself can have created for that job:
 * - inside the job's own folder `<jobsDir>/<id>/`, reached through real folders only (a symlinked
 *   `.relgraph`, `jobs` or job folder could point the deletion anywhere);
 * - or one of Relgraph's temporary names (`.<name>.tmp-<pid>-<hex>`, `.<name>.old-...`) beside one of the
 *   outputs the job was created with.
 * The parser already refuses records naming anything else; this is checked again at the point of deletion.
 */
export function removeJobPath(record: JobRecord, jobsDir: string, target: string): RemovalOutcome {
  const jobFolder = path.join(jobsDir, record.id);
  if (!path.isAbsolute(target) || path.resolve(target) !== target) {
    return { removed: false, reason: `${target} is not an absolute, normalised path` };
  }
  if (isStrictlyInside(target, jobFolder)) {
    const broken = firstNonDirectory(path.dirname(jobsDir), path.dirname(target));
    if (broken) return { removed: false, reason: `${broken} is not a real folder (a symbolic link?): nothing removed` };
  } else if (!isTemporaryBesideOutputs(target, record.outputPaths ?? [])) {
    return {
      removed: false,
      reason: `${target} is neither in the job's folder nor a temporary file beside its outputs`,
    };
  }
  fs.rmSync(target, { recursive: true, force: true });
  return { removed: true };
}

function isTemporaryBesideOutputs(target: string, outputs: readonly string[]): boolean {
  return outputs.some((o) => isTemporaryNameOf(target, o) || isTemporaryNameOf(target, fileMarkerPathOf(o)));
}

/**
 * The first folder from `<workspace>/.relgraph` down to `deepest` that is not a real folder (a symlink,
 * a file, missing); undefined when all are real folders. `relgraphDir` is `<workspace>/.relgraph`.
 */
function firstNonDirectory(relgraphDir: string, deepest: string): string | undefined {
  if (path.basename(relgraphDir) !== RELGRAPH_DIR) return relgraphDir;
  const chain: string[] = [];
  for (let dir = deepest; dir !== relgraphDir && isStrictlyInside(dir, relgraphDir); dir = path.dirname(dir)) {
    chain.unshift(dir);
  }
  for (const dir of [relgraphDir, ...chain]) {
    try {
      if (!fs.lstatSync(dir).isDirectory()) return dir;
    } catch (error) {
      // A folder already gone needs no deletion below it; report nothing removed either way.
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : dir;
    }
  }
  return undefined;
}
