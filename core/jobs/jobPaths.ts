import * as path from 'node:path';

/** The folder that holds a workspace's engine state (jobs, logs, artifacts). */
export const RELGRAPH_DIR = '.relgraph';

/** `<workspace>/.relgraph/jobs`: the job store of a workspace. */
export function jobsDirOf(workspace: string): string {
  return path.join(workspace, RELGRAPH_DIR, 'jobs');
}

/** The files of one job in its store (docs/engine.md "Job store"); `id` must be a valid job id. */
export function jobFiles(jobsDir: string, id: string) {
  return {
    record: path.join(jobsDir, `${id}.json`),
    log: path.join(jobsDir, `${id}.log`),
    cancelMarker: path.join(jobsDir, `${id}.cancel`),
    /** The job's own folder: models, default prediction outputs, scratch work. */
    folder: path.join(jobsDir, id),
  };
}

/** The workspace of a jobs folder or of a file in it (`<ws>/.relgraph/jobs/x` -> `<ws>`). */
export function workspaceOfJobFile(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] === RELGRAPH_DIR && parts[i + 1] === 'jobs') return parts.slice(0, i).join(path.sep) || path.sep;
  }
  return undefined;
}

/** Whether `child` lies strictly inside `parent` (both absolute and normalised; no file-system access). */
export function isStrictlyInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Absolute and already normalised (no `.`/`..` segments, no trailing separator): what records must hold. */
export function isResolvedPath(value: string): boolean {
  return path.isAbsolute(value) && path.resolve(value) === value;
}

/**
 * The nearest ancestor folder (the start's own folder included) that has a `.relgraph/` folder, else the
 * start folder: so specs in subfolders of a project share one job store once it exists, and a lone spec
 * works without any setup. `isDirectory` is the caller's file-system probe (this module does no I/O).
 */
export function findWorkspaceWith(startDir: string, isDirectory: (dir: string) => boolean): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, RELGRAPH_DIR))) return dir;
    if (path.dirname(dir) === dir) return startDir;
  }
}
