import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkspaceSourcePolicy, type SourceAccessPolicy } from '../data/SourceAccessPolicy';

/** Folders that mark the root of a project: a repository, or a Relgraph job store. */
const PROJECT_MARKERS = ['.git', '.relgraph'];

/**
 * The folder a spec's data checks may read in `relgraph validate` (the CLI knows no editor workspace):
 * the nearest folder above the spec, its own included, that holds `.git` or `.relgraph`, else the
 * spec's own folder. Typically the repository the spec is in.
 */
export function projectFolderOf(specPath: string): string {
  const start = path.dirname(path.resolve(specPath));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** The CLI's rule for data sources: inside the spec's project, unless `--allow-outside-workspace`. */
export function projectSourcePolicy(): SourceAccessPolicy {
  return new WorkspaceSourcePolicy({
    folderOf: projectFolderOf,
    allowsOutside: () => false,
    howToAllow: () => 'If you trust this spec, run relgraph validate with --allow-outside-workspace.',
  });
}
