import type { DestinationType } from '../../../core/spec/SpecModel';
import { DestinationError, outputTargetsOfSpec } from '../../../core/destinations/OutputTarget';
import type { PredictionSpec } from '../../../core/spec/SpecModel';
import type { Destination } from './Destination';
import { LocalFileDestination } from './LocalFileDestination';

/**
 * The destinations the local engine writes, by the spec's `destination.type`. A new one is one entry here
 * (and its file, and its schema entry); the Kumo-only types keep a clear refusal.
 */
const LOCAL_ENGINE_DESTINATIONS: Partial<
  Record<DestinationType, (prediction: PredictionSpec, defaultDir: string) => Destination>
> = {
  local: (prediction, defaultDir) =>
    new LocalFileDestination(outputTargetsOfSpec(prediction, defaultDir), {
      overwrite: prediction.destination?.overwrite?.value === true,
    }),
};

/** The destination of a prediction spec; outputs without a destination path go to `defaultDir`. */
export function createDestination(prediction: PredictionSpec, defaultDir: string): Destination {
  const type = prediction.destination?.type.value ?? 'local';
  const create = LOCAL_ENGINE_DESTINATIONS[type];
  if (!create) {
    throw new DestinationError(
      `destination type '${type}' is written by the Kumo backend, not by the local engine: ` +
        `use 'destination: { type: local, path: ... }' to write files here, or run this prediction on Kumo`,
    );
  }
  return create(prediction, defaultDir);
}
