import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder that holds a workspace's engine state (jobs, logs, artifacts). */
export const RELGRAPH_DIR = '.relgraph';

/**
 * The workspace a spec belongs to: the nearest ancestor folder (the spec's own folder included) that
 * has a `.relgraph/` folder, else the spec's folder. So specs in subfolders of a project share one
 * job store once it exists, and a lone spec works without any setup.
 */
export function findWorkspace(specOrDir: string): string {
  const start = path.resolve(specOrDir);
  const startDir = isDirectory(start) ? start : path.dirname(start);
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, RELGRAPH_DIR))) return dir;
    if (path.dirname(dir) === dir) return startDir;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
