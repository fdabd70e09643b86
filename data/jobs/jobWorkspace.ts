import * as fs from 'node:fs';
import * as path from 'node:path';
import { findWorkspaceWith } from '../../core/jobs/jobPaths';

export { RELGRAPH_DIR } from '../../core/jobs/jobPaths';

/**
 * The workspace a spec belongs to: the nearest ancestor folder (the spec's own folder included) that
 * has a `.relgraph/` folder, else the spec's folder (the rule: core/jobs/jobPaths.findWorkspaceWith).
 */
export function findWorkspace(specOrDir: string): string {
  const start = path.resolve(specOrDir);
  return findWorkspaceWith(isDirectory(start) ? start : path.dirname(start), isDirectory);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
