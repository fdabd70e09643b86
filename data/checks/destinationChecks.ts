import * as fs from 'node:fs';
import * as path from 'node:path';
import { DestinationError, outputTargetsOfSpec, type OutputTarget } from '../../core/destinations/OutputTarget';
import { nodeOutputProbe, outputOwnership } from '../../core/destinations/outputOwnership';
import { projectFolderOf } from '../../core/destinations/destinationPlacement';
import { legacyOutputsOf } from '../../core/jobs/legacyOutputs';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import { findWorkspace } from '../jobs/jobWorkspace';
import { readableStoreRecords } from '../jobs/storeRecords';
import type { DiagnosticSink } from './DiagnosticSink';

/**
 * `destination-replaces-foreign-files`: an output's final name is taken by something Relgraph did not
 * write (no output marker, files the marker does not list, a folder where a file goes). The same rule
 * the engine applies before a job writes anything (engine/prediction/destinations/LocalFileDestination),
 * reported before the run, on the destination's path. Reads only file names and markers.
 */
export function checkDestinationFiles(v: SpecValidation, sink: DiagnosticSink): void {
  const spec = v.prediction;
  const destination = spec?.destination;
  if (!spec || !destination?.path || destination.type.value !== 'local' || destination.overwrite?.value === true)
    return;
  let targets: OutputTarget[];
  try {
    targets = outputTargetsOfSpec(spec, path.dirname(spec.path));
  } catch (error) {
    if (error instanceof DestinationError) return; // static rules report the destination itself
    throw error;
  }
  const probe = nodeOutputProbe(fs);
  const legacy = legacyOutputsOf(
    readableStoreRecords(findWorkspace(spec.path)),
    projectFolderOf(spec.path, { exists: (p) => fs.existsSync(p) }),
  );
  for (const target of targets) {
    const owner = outputOwnership(target, probe, legacy);
    if (owner.state !== 'foreign') continue;
    sink.add(
      'destination-replaces-foreign-files',
      `The ${target.outputType} would replace ${target.path}, which Relgraph did not write (${owner.reason}). ` +
        "Choose another path, move those files away, or add 'overwrite: true' to the destination if they are yours to replace.",
      { path: spec.path, range: destination.path.range },
      { data: { path: target.path, reason: owner.reason } },
    );
  }
}
