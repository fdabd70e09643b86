import * as fs from 'node:fs';
import * as path from 'node:path';
import { findWorkspaceWith } from '../../core/jobs/jobPaths';

export { RELGRAPH_DIR, jobsDirOf, workspaceOfJobFile } from '../../core/jobs/jobPaths';

/**
 * The workspace whose job store a spec's jobs go to: the nearest ancestor folder (the spec's own folder
 * included) with a `.relgraph/` folder, else the spec's folder (core/jobs/jobPaths.findWorkspaceWith).
 */
export function findWorkspace(specOrDir: string): string {
  const start = path.resolve(specOrDir);
  return findWorkspaceWith(isDirectory(start) ? start : path.dirname(start), isDirectory);
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
