import * as fs from 'node:fs';
import * as path from 'node:path';
import { RELGRAPH_DIR, findWorkspace } from './jobWorkspace';

export interface DiscoveryLimits {
  /** Folder levels below a root that are searched (the root is level 0). */
  maxDepth: number;
  /** Folders read in total over all roots; the search stops there and says so. */
  maxDirectories: number;
}

export const DEFAULT_DISCOVERY_LIMITS: DiscoveryLimits = { maxDepth: 6, maxDirectories: 5000 };

/** Folders that never hold specs of their own but can be huge: not searched (nor hidden ones: .git, ...). */
const SKIPPED = new Set(['node_modules', 'dist', 'out', 'build', 'target', 'venv', '__pycache__', 'site-packages']);

export interface DiscoveryResult {
  /** Folders with a `.relgraph/jobs/` folder (job-store workspaces), sorted. */
  workspaces: string[];
  /** The folder budget ran out before the search ended: stores further down were not looked for. */
  truncated: boolean;
}

/**
 * Finds the job stores a set of folders can have jobs in (the editor's workspace folders; the CLI's
 * current folder, so `relgraph jobs list` from a repository root finds `examples/f1/.relgraph`). The CLI puts a spec's jobs in the
 * nearest ancestor folder with `.relgraph/` (else the spec's own folder), so a store can sit anywhere
 * below a workspace folder, or above it. The search is breadth-first (shallow stores first) and bounded
 * in depth and in folders read: a monorepo must not make the extension crawl for minutes, and stores
 * created later are picked up by the file watcher anyway. Hidden folders and symlinks are not followed.
 */
export async function discoverJobWorkspaces(
  roots: readonly string[],
  limits: DiscoveryLimits = DEFAULT_DISCOVERY_LIMITS,
): Promise<DiscoveryResult> {
  const found = new Set<string>();
  let budget = limits.maxDirectories;
  let truncated = false;
  for (const root of roots) {
    // The store of specs at the root itself may be in an ancestor folder.
    const owner = findWorkspace(root);
    if (await isJobStore(owner)) found.add(owner);
  }
  const queue: { dir: string; depth: number }[] = roots.map((dir) => ({ dir, depth: 0 }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (budget-- <= 0) {
      truncated = true;
      break;
    }
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(next.dir, { withFileTypes: true });
    } catch {
      continue; // unreadable or vanished: nothing to find there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); // the same search on every run
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      if (entry.name === RELGRAPH_DIR) {
        if (await isDirectory(path.join(next.dir, RELGRAPH_DIR, 'jobs'))) found.add(next.dir);
      } else if (!entry.name.startsWith('.') && !SKIPPED.has(entry.name) && next.depth < limits.maxDepth) {
        queue.push({ dir: path.join(next.dir, entry.name), depth: next.depth + 1 });
      }
    }
  }
  return { workspaces: [...found].sort(), truncated };
}

async function isJobStore(workspace: string): Promise<boolean> {
  return isDirectory(path.join(workspace, RELGRAPH_DIR, 'jobs'));
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
