import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../../core/host/SpecHost';
import type { PredictiveQuery } from '../../core/pql/ast';
import { isTemporalQuery, targetFactTables } from '../../core/pql/queryAnalysis';
import { inferenceGraphText, type InferenceGraphTextOptions } from '../../core/scaffold/inferenceGraphText';
import { matchSources } from '../../core/scaffold/matchSources';
import {
  predictionSpecText,
  type InferredAnchorTime,
  type PredictionSpecScaffold,
  type ScaffoldDestination,
} from '../../core/scaffold/predictionSpecText';
import type { CandidateSource, SourceMatching } from '../../core/scaffold/ScaffoldModel';
import type { GraphSpec } from '../../core/spec/SpecModel';
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
  /** What `text` was written with: the text of corrected matches (applySourceChoices) is written with them too. */
  textOptions: InferenceGraphTextOptions;
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
  const dataLabel = dataEntries.map((entry) => entryLabel(entry, outputPath)).join(', ');
  return {
    ...matchCandidates(training, candidates, {
      outputPath,
      ...(dataEntries.length > 0 ? { dataLabel } : {}),
    }),
    truncated: listing.truncated,
  };
}

/**
 * The inference graph of `training` with sources matched among candidates found elsewhere (the source
 * tables of a Kumo connector), by the same rules as files.
 */
export function matchCandidates(
  training: ScaffoldTraining,
  candidates: CandidateSource[],
  options: InferenceGraphTextOptions,
): Omit<InferenceGraphScaffold, 'truncated'> {
  const matching = matchSources(training.graph, candidates, SCAFFOLD_TYPE_RULES);
  const text = inferenceGraphText(training.graph, matching.tables, options);
  return { candidates, matching, text, textOptions: options };
}

export interface PredictionSpecScaffoldResult {
  text: string;
  /** Temporal queries: the anchor time a prediction on the graph defaults to. */
  inferredAnchor?: InferredAnchorTime;
}

/**
 * A prediction spec for `training`'s model on the inference graph `graphPath` (absolute), relative to
 * `outputPath`, its outputs going to `destination` (default: a local CSV file named after the spec).
 */
export async function scaffoldPredictionSpec(
  training: ScaffoldTraining,
  graphPath: string,
  outputPath: string,
  dependencies: { host: SpecHost; validator: DataValidator; signal?: AbortSignal; destination?: ScaffoldDestination },
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
  const inferredAnchor = isTemporalQuery(query) ? await anchorTimeOf(graph.graph, query, dependencies) : undefined;
  const text = predictionSpecText({
    outputPath,
    trainingJob: training.ref,
    graphPath,
    query,
    taskType,
    ...(training.taskTypeUndecided ? { taskTypeUndecided: training.taskTypeUndecided } : {}),
    inferredAnchor,
    ...(dependencies.destination ? { destination: dependencies.destination } : {}),
    ...warehouseHint(graph.graph, training),
  });
  return { text, ...(inferredAnchor ? { inferredAnchor } : {}) };
}

/** The default anchor time, read from the data; a target table behind a Kumo connector is for Kumo to read. */
async function anchorTimeOf(
  graph: GraphSpec,
  query: PredictiveQuery,
  dependencies: { validator: DataValidator; signal?: AbortSignal },
): Promise<InferredAnchorTime> {
  const facts = targetFactTables(query);
  const remote = graph.tables.filter((t) => facts.includes(t.name) && t.connectorSource);
  if (remote.length > 0) {
    const columns = remote.map((t) => (t.timeColumn ? `${t.name}.${t.timeColumn.value}` : `${t.name} time`));
    return { byKumo: columns.join(', ') };
  }
  return inferAnchorTime(dependencies.validator, graph, query, dependencies.signal);
}

const WAREHOUSES: Record<string, 'snowflake' | 'bigquery' | 'databricks'> = {
  SnowflakeConnector: 'snowflake',
  BigQueryConnector: 'bigquery',
  DatabricksConnector: 'databricks',
};

/**
 * For a Kumo model whose inference graph reads one warehouse connector (its kind known from the pulled
 * training graph): that connector, for the commented warehouse destination.
 */
function warehouseHint(
  graph: GraphSpec,
  training: ScaffoldTraining,
): Partial<Pick<PredictionSpecScaffold, 'warehouseHint'>> {
  const connectors = new Set(graph.tables.map((t) => t.connectorSource?.connector.value));
  const [connector] = [...connectors];
  if (!training.kumo || connectors.size !== 1 || !connector) return {};
  const type = WAREHOUSES[training.kumo.connectorTypes.get(connector) ?? ''];
  return type ? { warehouseHint: { type, connector } } : {};
}

/** A data entry as the graph file names it: relative to it, a folder with a trailing `/`. */
export function entryLabel(entry: string, outputPath: string): string {
  const relative = path.relative(path.dirname(outputPath), entry).split(path.sep).join('/') || '.';
  let isFolder = false;
  try {
    isFolder = fs.statSync(entry).isDirectory();
  } catch {
    // a glob
  }
  return isFolder && !relative.endsWith('/') ? `${relative}/` : relative;
}
