import * as path from 'node:path';
import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import type { SpecHost } from '../host/SpecHost';
import type { GraphRef, GraphSpec, PredictionSpec, TrainingSpec } from '../spec/SpecModel';
import { diagnostic } from './diagnosticFactory';
import { checkGraph } from './graphRules';
import { checkPredictionSettings } from './predictionRules';
import { checkDestinationPlacement } from '../destinations/destinationPlacement';
import { checkQuery, graphViewOfJob, graphViewOfSpec } from './queryRules';
import { SpecLoader } from './SpecLoader';
import type { SpecValidation } from './SpecValidation';
import { checkAgainstTraining, shapeOfGraph, shapeOfJob } from './trainingContractRules';

/**
 * Static validation of one spec file: YAML, schema, graph structure, PQL, the inference graph
 * against its training graph, and prediction settings. Reads referenced specs through the host and
 * never touches data. Never throws: an unexpected failure becomes a diagnostic.
 */
export function validateSpecFile(absolutePath: string, host: SpecHost): SpecValidation {
  try {
    return validate(absolutePath, host);
  } catch (error) {
    return {
      path: absolutePath,
      dependencies: [],
      diagnostics: [
        diagnostic(
          'yaml-syntax',
          `Relgraph could not validate this file (${error instanceof Error ? error.message : String(error)}). Please report this.`,
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        ),
      ],
    };
  }
}

function validate(absolutePath: string, host: SpecHost): SpecValidation {
  const loader = new SpecLoader(host);
  const text = host.readText(absolutePath);
  if (text === undefined) {
    return {
      path: absolutePath,
      dependencies: [],
      diagnostics: [
        diagnostic('file-not-found', `Cannot read ${absolutePath}.`, {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 0 },
        }),
      ],
    };
  }
  const parsed = SpecLoader.parse(text, absolutePath);
  const result: SpecValidation = {
    path: absolutePath,
    spec: parsed.spec,
    diagnostics: [...parsed.diagnostics],
    dependencies: [],
  };
  const spec = parsed.spec;
  if (!spec || parsed.diagnostics.some((d) => d.code === 'yaml-syntax')) return result;

  if (spec.kind === 'graph') {
    result.graph = spec;
    result.diagnostics.push(...checkGraph(spec, host));
    for (const referrer of host.findReferrers?.(absolutePath) ?? []) {
      const prediction = loader.load(referrer)?.spec;
      if (prediction?.kind !== 'prediction') continue;
      const training = resolveTrainingSide(prediction, loader, []);
      if (!training.shape) continue;
      result.diagnostics.push(...checkAgainstTraining(spec, training.shape));
      break; // one training graph is the contract; several referrers would repeat the same findings
    }
  } else if (spec.kind === 'training') {
    const graph = resolveGraph(spec.graph, loader, result.diagnostics);
    result.graph = graph;
    if (spec.graph?.kind === 'inline' && graph) result.diagnostics.push(...checkGraph(graph, host));
    if (spec.query) {
      const checked = checkQuery(spec.query, graph ? graphViewOfSpec(graph) : undefined);
      result.diagnostics.push(...checked.diagnostics);
      result.query = checked.query;
      result.taskType = checked.taskType;
    }
  } else {
    validatePrediction(spec, loader, host, result);
  }
  result.dependencies = [...loader.loaded].filter((p) => p !== absolutePath);
  return result;
}

function validatePrediction(spec: PredictionSpec, loader: SpecLoader, host: SpecHost, result: SpecValidation): void {
  result.prediction = spec;
  const training = resolveTrainingSide(spec, loader, result.diagnostics);
  result.training = training.spec;
  result.trainingGraph = training.graph;
  result.trainingJob = training.job;
  result.query = training.query;
  result.taskType = training.taskType;

  const inference = spec.graph ? resolveGraph(spec.graph, loader, result.diagnostics) : training.graph;
  result.graph = inference;
  if (spec.graph?.kind === 'inline' && inference) {
    result.diagnostics.push(...checkGraph(inference, host));
    if (training.shape) result.diagnostics.push(...checkAgainstTraining(inference, training.shape));
  }
  if (spec.predictionTable && spec.predictionTablePath && !host.exists(spec.predictionTablePath)) {
    result.diagnostics.push(
      diagnostic(
        'file-not-found',
        `Prediction table '${spec.predictionTable.value}' not found (paths are relative to this file).`,
        spec.predictionTable.range,
      ),
    );
  }
  result.diagnostics.push(...checkPredictionSettings(spec, training.taskType, training.query));
  result.diagnostics.push(...checkDestinationPlacement(spec, host));
}

interface TrainingSide {
  spec?: TrainingSpec;
  graph?: GraphSpec;
  job?: SpecValidation['trainingJob'];
  shape?: ReturnType<typeof shapeOfGraph>;
  query?: SpecValidation['query'];
  taskType?: SpecValidation['taskType'];
}

/** Follows `training_job` to the training graph and query: a training spec file, or a local job's metadata. */
function resolveTrainingSide(spec: PredictionSpec, loader: SpecLoader, diagnostics: SpecDiagnostic[]): TrainingSide {
  const ref = spec.trainingJob;
  if (!ref || ref.kind === 'kumo') return {};
  if (ref.kind === 'local-job') {
    const job = loader.host.readTrainingJob?.(ref.jobId, spec.path);
    if (!job) {
      diagnostics.push(
        diagnostic(
          'unknown-training-job',
          `No local training job '${ref.jobId}' (see 'relgraph jobs list'). Name a training spec file, a finished local job id, or kumo:<id> for a Kumo cloud job.`,
          ref.ref.range,
        ),
      );
      return {};
    }
    const view = graphViewOfJob(job);
    const parsed = checkQueryText(job.query, view);
    return { job, shape: shapeOfJob(job), query: parsed?.query, taskType: job.taskType };
  }
  const loaded = loader.load(ref.absolutePath);
  if (!loaded) {
    diagnostics.push(
      diagnostic(
        'file-not-found',
        `Training spec '${ref.ref.value}' not found (paths are relative to this file).`,
        ref.ref.range,
      ),
    );
    return {};
  }
  if (loaded.spec?.kind !== 'training') {
    diagnostics.push(
      diagnostic(
        'unknown-training-job',
        `'${ref.ref.value}' is not a training spec${loaded.spec ? ` (it is a ${loaded.spec.kind} spec)` : ''}: training_job must name a *.training.yaml file, a local job id or kumo:<id>.`,
        ref.ref.range,
      ),
    );
    return {};
  }
  const trainingSpec = loaded.spec;
  const graph = resolveGraph(trainingSpec.graph, loader, []);
  const checked = trainingSpec.query
    ? checkQuery(trainingSpec.query, graph ? graphViewOfSpec(graph) : undefined)
    : undefined;
  const label = graph ? path.basename(graph.path) : path.basename(ref.absolutePath);
  return {
    spec: trainingSpec,
    graph,
    shape: graph ? shapeOfGraph(graph, label) : undefined,
    query: checked?.query,
    taskType: checked?.taskType,
  };
}

function checkQueryText(query: string, view: ReturnType<typeof graphViewOfJob>) {
  const text = { value: query, range: zero, keyRange: zero, offsetToRange: () => zero };
  return checkQuery(text, view);
}

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A graph reference (path or inline); a missing file is reported on the reference. */
function resolveGraph(
  ref: GraphRef | undefined,
  loader: SpecLoader,
  diagnostics: SpecDiagnostic[],
): GraphSpec | undefined {
  if (!ref) return undefined;
  if (ref.kind === 'inline') return ref.graph;
  const loaded = loader.load(ref.absolutePath);
  if (!loaded) {
    diagnostics.push(
      diagnostic(
        'file-not-found',
        `Graph file '${ref.path.value}' not found (paths are relative to this file).`,
        ref.path.range,
      ),
    );
    return undefined;
  }
  if (loaded.spec && loaded.spec.kind !== 'graph') {
    diagnostics.push(
      diagnostic(
        'schema',
        `'${ref.path.value}' is a ${loaded.spec.kind} spec, not a graph: 'graph' must name a *.graph.yaml file or be an inline graph.`,
        ref.path.range,
      ),
    );
    return undefined;
  }
  return loaded.spec?.kind === 'graph' ? loaded.spec : undefined;
}
