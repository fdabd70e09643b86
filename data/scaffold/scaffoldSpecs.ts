import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../../core/host/SpecHost';
import { isTemporalQuery } from '../../core/pql/queryAnalysis';
import { inferenceGraphText } from '../../core/scaffold/inferenceGraphText';
import { matchSources } from '../../core/scaffold/matchSources';
import { predictionSpecText, type InferredAnchorTime } from '../../core/scaffold/predictionSpecText';
import type { CandidateSource, SourceMatching } from '../../core/scaffold/ScaffoldModel';
import { validateSpecFile } from '../../core/validation/validateSpec';
import type { DataValidator } from '../DataValidator';
import { listCandidateSources, probeCandidateSources } from './candidateSources';
import { inferAnchorTime } from './inferAnchorTime';
import { ScaffoldInputError, type ScaffoldTraining } from './loadScaffoldTraining';
import { SCAFFOLD_TYPE_RULES } from './scaffoldTypeRules';

/**
 * The two scaffolds end to end, for every surface (the CLI now, the language server's editor flow
 * later): load the training side with loadScaffoldTraining, then call these. Nothing is written here;
 * the caller decides where the text goes (and the editor lets the user correct matches first, with
 * matchChosenSource and inferenceGraphText).
 */

/** Data entries that are no file or folder, or globs without a CSV or Parquet match. */
export class DataEntriesMissingError extends ScaffoldInputError {
  constructor(readonly missing: readonly string[]) {
    super(`no such file or folder, or no CSV or Parquet file matches: ${missing.map((m) => `'${m}'`).join(', ')}`);
  }
}

export interface InferenceGraphScaffold {
  candidates: CandidateSource[];
  /** More candidates matched `dataEntries` than were considered (MAX_CANDIDATES). */
  truncated: boolean;
  matching: SourceMatching;
  text: string;
}

/**
 * The inference graph of `training` with sources matched among `dataEntries` (absolute folders, files
 * or globs; none: every source to fill in), its paths relative to `outputPath`.
 */
export async function scaffoldInferenceGraph(
  training: ScaffoldTraining,
  dataEntries: readonly string[],
  outputPath: string,
  validator: DataValidator,
  signal?: AbortSignal,
): Promise<InferenceGraphScaffold> {
  const listing = listCandidateSources(dataEntries);
  if (listing.missing.length > 0) throw new DataEntriesMissingError(listing.missing);
  const candidates = await probeCandidateSources(validator, listing.candidates, signal);
  signal?.throwIfAborted();
  const matching = matchSources(training.graph, candidates, SCAFFOLD_TYPE_RULES);
  const dataLabel = dataEntries.map((entry) => entryLabel(entry, outputPath)).join(', ');
  const text = inferenceGraphText(training.graph, matching.tables, {
    outputPath,
    ...(dataEntries.length > 0 ? { dataLabel } : {}),
  });
  return { candidates, truncated: listing.truncated, matching, text };
}

export interface PredictionSpecScaffoldResult {
  text: string;
  /** Temporal queries: the anchor time a prediction on the graph defaults to. */
  inferredAnchor?: InferredAnchorTime;
}

/** A prediction spec for `training`'s model on the inference graph `graphPath` (absolute), relative to `outputPath`. */
export async function scaffoldPredictionSpec(
  training: ScaffoldTraining,
  graphPath: string,
  outputPath: string,
  dependencies: { host: SpecHost; validator: DataValidator; signal?: AbortSignal },
): Promise<PredictionSpecScaffoldResult> {
  const graph = validateSpecFile(graphPath, dependencies.host);
  if (graph.spec?.kind !== 'graph' || !graph.graph) {
    const why = fs.existsSync(graphPath) ? 'not a graph spec (kind: graph)' : 'no such file';
    throw new ScaffoldInputError(`${graphPath}: ${why}`);
  }
  const { query, taskType } = training;
  if (!query || !taskType) {
    throw new ScaffoldInputError(`the model's query has errors (relgraph validate shows them), so its task is unknown`);
  }
  const inferredAnchor = isTemporalQuery(query)
    ? await inferAnchorTime(dependencies.validator, graph.graph, query, dependencies.signal)
    : undefined;
  const text = predictionSpecText({
    outputPath,
    trainingJob: training.ref,
    graphPath,
    query,
    taskType,
    inferredAnchor,
  });
  return { text, ...(inferredAnchor ? { inferredAnchor } : {}) };
}

/** A data entry as the graph file names it: relative to it, a folder with a trailing `/`. */
function entryLabel(entry: string, outputPath: string): string {
  const relative = path.relative(path.dirname(outputPath), entry).split(path.sep).join('/') || '.';
  let isFolder = false;
  try {
    isFolder = fs.statSync(entry).isDirectory();
  } catch {
    // a glob
  }
  return isFolder && !relative.endsWith('/') ? `${relative}/` : relative;
}
