import type { LaunchOutcome, LaunchPredictionRequest, ValidationItem } from '../backend/JobBackend';
import type { PredictionLauncher } from '../backend/local/LocalJobBackend';
import { DestinationError } from '../core/destinations/OutputTarget';
import { validateSpecFile } from '../core/validation/validateSpec';
import { userCacheDir } from '../data/cacheDirectory';
import { openDataCheckCache } from '../data/dataCheckCache';
import { NodeSpecHost } from '../data/NodeSpecHost';
import { runBatchPrediction } from '../engine/prediction/runBatchPrediction';

/**
 * The CLI's way of launching a local prediction through JobBackend: the engine, in this process. The
 * spec's static checks decide first (errors refuse the launch, with the diagnostics as the validation);
 * the promise resolves once the job exists, while the job runs on in this process (whose event loop it
 * keeps alive) to a terminal status.
 */
export function enginePredictionLauncher(): PredictionLauncher {
  return {
    launch(request: LaunchPredictionRequest, signal?: AbortSignal): Promise<LaunchOutcome> {
      const host = new NodeSpecHost();
      const validation = validateSpecFile(request.specPath, host);
      const item = (d: { code: string; message: string }): ValidationItem => ({ title: d.code, message: d.message });
      const errors = validation.diagnostics.filter((d) => d.severity === 'error').map(item);
      const warnings = validation.diagnostics.filter((d) => d.severity === 'warning').map(item);
      if (!validation.prediction || !validation.graph) {
        errors.push({
          title: 'not-a-prediction',
          message: `${request.specPath} is not a prediction spec with a graph`,
        });
      }
      if (errors.length > 0 || !validation.prediction || !validation.graph) {
        return Promise.resolve({ accepted: false, validation: { errors, warnings, info: [] } });
      }
      const input = {
        prediction: validation.prediction,
        graph: validation.graph,
        resolveSource: (p: string, limit: number) => host.resolveSource(p, limit),
        // Sources the editor or `relgraph validate` checked are not verified again.
        dataCache: openDataCheckCache(userCacheDir(), (message) => process.stderr.write(`relgraph: ${message}\n`)),
      };
      return new Promise<LaunchOutcome>((resolve, reject) => {
        runBatchPrediction(input, {
          ...(signal ? { signal } : {}),
          ...(request.tags ? { tags: { ...request.tags } } : {}),
          onCreated: (record) =>
            resolve({
              accepted: true,
              ref: { backend: 'local', id: record.id },
              validation: { errors: [], warnings, info: [] },
            }),
        }).catch((error: unknown) => {
          if (error instanceof DestinationError) {
            resolve({
              accepted: false,
              validation: { errors: [{ title: 'destination', message: error.message }], warnings, info: [] },
            });
          } else reject(error);
        });
      });
    },
  };
}
