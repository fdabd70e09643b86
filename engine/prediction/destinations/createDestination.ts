import type { LegacyOutput } from '../../../core/jobs/legacyOutputs';
import type { DestinationType } from '../../../core/spec/SpecModel';
import { DestinationError, outputTargetsOfSpec } from '../../../core/destinations/OutputTarget';
import type { PredictionSpec } from '../../../core/spec/SpecModel';
import type { Destination } from './Destination';
import { LocalFileDestination } from './LocalFileDestination';
import { destinationWorkspaceOf } from './destinationWorkspace';

/**
 * The destinations the local engine writes, by the spec's `destination.type`. A new one is one entry here
 * (and its file, and its schema entry); the Kumo-only types keep a clear refusal.
 */
const LOCAL_ENGINE_DESTINATIONS: Partial<Record<DestinationType, (context: DestinationContext) => Destination>> = {
  local: ({ prediction, defaultDir, legacy }) => {
    const workspace = destinationWorkspaceOf(prediction);
    return new LocalFileDestination(outputTargetsOfSpec(prediction, defaultDir), {
      overwrite: prediction.destination?.overwrite?.value === true,
      ...(legacy ? { legacy } : {}),
      ...(workspace ? { workspace } : {}),
    });
  },
};

interface DestinationContext {
  prediction: PredictionSpec;
  defaultDir: string;
  legacy?: ReadonlyMap<string, LegacyOutput>;
}

/**
 * The destination of a prediction spec; outputs without a destination path go to `defaultDir`. `legacy`:
 * outputs of the spec's store written before output markers existed (they may be replaced like marked ones).
 */
export function createDestination(
  prediction: PredictionSpec,
  defaultDir: string,
  legacy?: ReadonlyMap<string, LegacyOutput>,
): Destination {
  const type = prediction.destination?.type.value ?? 'local';
  const create = LOCAL_ENGINE_DESTINATIONS[type];
  if (!create) {
    throw new DestinationError(
      `destination type '${type}' is written by the Kumo backend, not by the local engine: ` +
        `use 'destination: { type: local, path: ... }' to write files here, or run this prediction on Kumo`,
    );
  }
  return create({ prediction, defaultDir, ...(legacy ? { legacy } : {}) });
}
