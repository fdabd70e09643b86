import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../core/host/SpecHost';
import { specKindOfPath } from '../core/spec/specFileNames';
import { SpecLinkIndex } from '../core/workspace/SpecLinkIndex';

/**
 * A host whose `findReferrers` knows which prediction specs use each graph file as their inference
 * graph, so validating a graph file checks it against its training graph, where the fix belongs.
 * The CLI knows no workspace: it indexes the specs being validated plus the prediction specs next to
 * each graph file being validated (`relgraph validate holdout.graph.yaml` alone still finds its users).
 */
export function withGraphReferrers(host: SpecHost, specFiles: readonly string[]): SpecHost {
  const index = new SpecLinkIndex();
  for (const file of predictionSpecsConcerned(specFiles)) index.readFrom(host, file);
  const readTrainingJob = host.readTrainingJob?.bind(host);
  const trainingStatusOf = host.trainingStatusOf?.bind(host);
  return {
    readText: (absolutePath) => host.readText(absolutePath),
    exists: (absolutePath) => host.exists(absolutePath),
    resolveSource: (absolutePathOrGlob, limit) => host.resolveSource(absolutePathOrGlob, limit),
    ...(readTrainingJob ? { readTrainingJob } : {}),
    ...(trainingStatusOf ? { trainingStatusOf } : {}),
    findReferrers: (graphPath) => index.referrersOf(graphPath),
  };
}

/**
 * The prediction specs whose models the checks of these files compare against: those among them, and those next to
 * each graph file among them (its users).
 */
export function predictionSpecsConcerned(specFiles: readonly string[]): string[] {
  const candidates = new Set(specFiles);
  const graphFolders = specFiles.filter((file) => specKindOfPath(file) === 'graph').map((file) => path.dirname(file));
  for (const folder of new Set(graphFolders)) {
    for (const sibling of predictionSpecsIn(folder)) candidates.add(sibling);
  }
  return [...candidates].filter((file) => specKindOfPath(file) === 'prediction');
}

function predictionSpecsIn(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && specKindOfPath(entry.name) === 'prediction')
      .map((entry) => path.join(folder, entry.name));
  } catch {
    return [];
  }
}
