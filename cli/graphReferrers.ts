import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../core/host/SpecHost';
import { SpecReferenceIndex } from '../core/validation/SpecReferenceIndex';

const PREDICTION_SPEC = /\.prediction\.ya?ml$/;
const GRAPH_SPEC = /\.graph\.ya?ml$/;

/**
 * A host whose `findReferrers` knows which prediction specs use each graph file as their inference
 * graph, so validating a graph file checks it against its training graph, where the fix belongs.
 * The CLI knows no workspace: it indexes the specs being validated plus the prediction specs next to
 * each graph file being validated (`relgraph validate holdout.graph.yaml` alone still finds its users).
 */
export function withGraphReferrers(host: SpecHost, specFiles: readonly string[]): SpecHost {
  const index = new SpecReferenceIndex(host);
  const candidates = new Set(specFiles);
  for (const folder of new Set(specFiles.filter((file) => GRAPH_SPEC.test(file)).map((file) => path.dirname(file)))) {
    for (const sibling of predictionSpecsIn(folder)) candidates.add(sibling);
  }
  for (const file of candidates) index.update(file);
  const readTrainingJob = host.readTrainingJob?.bind(host);
  return {
    readText: (absolutePath) => host.readText(absolutePath),
    exists: (absolutePath) => host.exists(absolutePath),
    resolveSource: (absolutePathOrGlob, limit) => host.resolveSource(absolutePathOrGlob, limit),
    ...(readTrainingJob ? { readTrainingJob } : {}),
    findReferrers: (graphPath) => index.referrersOf(path.resolve(graphPath)),
  };
}

function predictionSpecsIn(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && PREDICTION_SPEC.test(entry.name))
      .map((entry) => path.join(folder, entry.name));
  } catch {
    return [];
  }
}
