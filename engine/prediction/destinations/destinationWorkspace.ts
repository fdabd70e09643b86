import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectFolderOf } from '../../../core/destinations/destinationPlacement';
import type { OutputTarget } from '../../../core/destinations/OutputTarget';
import { isStrictlyInside } from '../../../core/jobs/jobPaths';
import type { PredictionSpec } from '../../../core/spec/SpecModel';

/** The workspace folder a spec's `destination.path` must stay in, and where the spec names that path. */
export interface DestinationWorkspace {
  /** The project folder of core/destinations/destinationPlacement: the one `destination-outside-workspace` names. */
  folder: string;
  specPath: string;
  /** 1-based line of `destination.path` in the spec. */
  line: number;
}

/**
 * The workspace a `local` destination's path is checked against; undefined without a `path` (outputs then go
 * to the job's own folder in the store), as `destination-outside-workspace` only looks at a written path.
 */
export function destinationWorkspaceOf(prediction: PredictionSpec): DestinationWorkspace | undefined {
  const destination = prediction.destination;
  if (!destination?.path || destination.type.value !== 'local') return undefined;
  return {
    folder: projectFolderOf(prediction.path, { exists: (p) => fs.existsSync(p) }),
    specPath: prediction.path,
    line: destination.path.range.start.line + 1,
  };
}

/**
 * Why the job refuses to write `target` outside the spec's workspace, or undefined when it lies inside. Inside
 * means inside as written and after following symbolic links: a repository can ship `out/` as a link to any
 * folder, which the spec's path alone does not show.
 */
export function outsideWorkspaceRefusal(target: OutputTarget, workspace: DestinationWorkspace): string | undefined {
  let through = '';
  if (isStrictlyInside(target.path, workspace.folder)) {
    const real = realPathOf(target.path);
    const folder = realPathOf(workspace.folder) ?? workspace.folder;
    if (real !== undefined && isStrictlyInside(real, folder)) return undefined;
    through = real ? ` (through a symbolic link: really ${real})` : ' (through a symbolic link that does not resolve)';
  }
  return (
    `${workspace.specPath}:${workspace.line}: the ${target.outputType} would be written to ${target.path}${through}, ` +
    `outside the spec's workspace folder ${workspace.folder}. A spec can name any folder on this machine, so the ` +
    `job refuses a destination outside its workspace: point 'destination.path' inside ${workspace.folder}, or add ` +
    `'overwrite: true' to the destination if that folder is where the predictions belong (it also lets the job ` +
    'replace files there that Relgraph did not write)'
  );
}

/**
 * The path with symbolic links resolved as far as it exists; the missing rest (the job creates it) as named.
 * Undefined when an entry exists but cannot be resolved (a dangling link, a loop): where it leads is unknown.
 */
function realPathOf(file: string): string | undefined {
  const missing: string[] = [];
  for (let current = path.resolve(file); ; current = path.dirname(current)) {
    try {
      return path.join(fs.realpathSync.native(current), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT of an entry that is there: a dangling link. ENOTDIR: a file where a folder goes (the job says so).
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
      if (code === 'ENOENT' && fs.lstatSync(current, { throwIfNoEntry: false })) return undefined;
      if (path.dirname(current) === current) return path.resolve(file);
      missing.unshift(path.basename(current));
    }
  }
}
