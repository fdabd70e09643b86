import * as path from 'node:path';
import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import { RELGRAPH_DIR, isStrictlyInside } from '../jobs/jobPaths';
import type { SpecHost } from '../host/SpecHost';
import type { PredictionSpec } from '../spec/SpecModel';
import { diagnostic } from '../validation/diagnosticFactory';
import { DestinationError, outputTargetsOfSpec } from './OutputTarget';

/**
 * The folder a spec's outputs are expected to stay in: the nearest folder above the spec (its own
 * included) that holds `.git` (the repository), else the nearest with `.relgraph` (the job store's
 * workspace), else the spec's own folder. Probed through the host, so the CLI and the editor agree.
 */
export function projectFolderOf(specPath: string, host: Pick<SpecHost, 'exists'>): string {
  const start = path.dirname(path.resolve(specPath));
  let store: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (host.exists(path.join(dir, '.git'))) return dir;
    if (!store && host.exists(path.join(dir, RELGRAPH_DIR))) store = dir;
    if (path.dirname(dir) === dir) return store ?? start;
  }
}

/**
 * `destination-outside-workspace`: a local destination that resolves outside the project folder. A
 * repository's spec can name any path (`../../elsewhere/{{PARTITION}}.parquet`): say so before a run,
 * which refuses it unless the spec says `overwrite: true` (engine/prediction/destinations/destinationWorkspace,
 * which also follows symbolic links). Files Relgraph did not write are never replaced without `overwrite: true`
 * either (data tier: `destination-replaces-foreign-files`). A warning: the spec is valid, the choice is the user's.
 */
export function checkDestinationPlacement(spec: PredictionSpec, host: Pick<SpecHost, 'exists'>): SpecDiagnostic[] {
  const destination = spec.destination;
  if (!destination?.path || destination.type.value !== 'local') return [];
  let targets;
  try {
    targets = outputTargetsOfSpec(spec, path.dirname(spec.path));
  } catch (error) {
    if (error instanceof DestinationError) return []; // the destination's own rules report it
    throw error;
  }
  const project = projectFolderOf(spec.path, host);
  const outside = targets.find((t) => !isStrictlyInside(t.path, project));
  if (!outside) return [];
  const where = `The outputs go to ${outside.path}, outside this project (${project}).`;
  const message =
    destination.overwrite?.value === true
      ? `${where} The destination's 'overwrite: true' lets the job write there, and replace files there that ` +
        'Relgraph did not write: check that this is where you want predictions written.'
      : `${where} A spec can name any folder on your machine, so the job refuses this destination unless it says ` +
        "'overwrite: true'. Point 'path' inside the project, or add 'overwrite: true' if this folder is where the " +
        'predictions belong (it also lets the job replace files there that Relgraph did not write).';
  return [
    diagnostic('destination-outside-workspace', message, destination.path.range, {
      data: { path: outside.path, project },
    }),
  ];
}
