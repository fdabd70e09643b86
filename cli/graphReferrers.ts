import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../core/host/SpecHost';
import { SpecLoader } from '../core/validation/SpecLoader';

const PREDICTION_SPEC = /\.prediction\.ya?ml$/;
const GRAPH_SPEC = /\.graph\.ya?ml$/;

/**
 * Which prediction specs name each graph file as their inference graph (`graph: holdout.graph.yaml`).
 * Validation of a graph file uses this to check it against the training graph, where the fix belongs.
 * The CLI knows no workspace, so it looks at the prediction specs being validated plus those next to
 * each graph file being validated (`relgraph validate holdout.graph.yaml` alone still finds its users).
 */
export function indexGraphReferrers(specFiles: readonly string[], host: SpecHost): Map<string, string[]> {
  const candidates = new Set(specFiles.filter((file) => PREDICTION_SPEC.test(file)));
  for (const folder of new Set(specFiles.filter((file) => GRAPH_SPEC.test(file)).map((file) => path.dirname(file)))) {
    for (const sibling of predictionSpecsIn(folder)) candidates.add(sibling);
  }
  const referrers = new Map<string, string[]>();
  for (const file of [...candidates].sort()) {
    const text = host.readText(file);
    if (text === undefined) continue;
    // SpecLoader's parse cache means validating this file afterwards does not parse it again.
    const spec = SpecLoader.parse(text, file).spec;
    if (spec?.kind !== 'prediction' || spec.graph?.kind !== 'path') continue;
    const users = referrers.get(spec.graph.absolutePath) ?? [];
    users.push(file);
    referrers.set(spec.graph.absolutePath, users);
  }
  return referrers;
}

/** A host that answers `findReferrers` from an index and delegates everything else. */
export function withGraphReferrers(host: SpecHost, referrers: ReadonlyMap<string, string[]>): SpecHost {
  const readTrainingJob = host.readTrainingJob?.bind(host);
  return {
    readText: (absolutePath) => host.readText(absolutePath),
    exists: (absolutePath) => host.exists(absolutePath),
    resolveSource: (absolutePathOrGlob, limit) => host.resolveSource(absolutePathOrGlob, limit),
    ...(readTrainingJob ? { readTrainingJob } : {}),
    findReferrers: (graphPath) => referrers.get(path.resolve(graphPath)) ?? [],
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
