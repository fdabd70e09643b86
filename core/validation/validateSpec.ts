import * as path from 'node:path';
import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import type { SpecHost } from '../host/SpecHost';
import type { TaskTypeInference } from '../pql/inferTaskType';
import { isKumoJobId } from '../kumo/KumoTrainingGraph';
import type { GraphRef, GraphSpec, Located, PredictionSpec, TrainingSpec } from '../spec/SpecModel';
import { diagnostic } from './diagnosticFactory';
import { checkGraph } from './graphRules';
import { checkModelTrained } from './modelTrainedRule';
import { checkPredictionSettings } from './predictionRules';
import { checkDestinationPlacement } from '../destinations/destinationPlacement';
import { checkQuery, graphViewOfJob, graphViewOfSpec } from './queryRules';
import { SpecLoader } from './SpecLoader';
import { checkSpecDates } from './specNumberRules';
import type { SpecValidation } from './SpecValidation';
import { checkAgainstTraining, explainEdgesToTrainingTables, shapeOfGraph, shapeOfJob } from './trainingContractRules';

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
          'internal-error',
          `Relgraph could not validate this file (${error instanceof Error ? error.message : String(error)}). This is a bug in Relgraph, not in the spec: please report it.`,
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
  result.diagnostics.push(...checkSpecDates(spec));

  if (spec.kind === 'graph') {
    result.graph = spec;
    result.diagnostics.push(...checkGraph(spec, host));
    for (const referrer of host.findReferrers?.(absolutePath) ?? []) {
      const prediction = loader.load(referrer)?.spec;
      if (prediction?.kind !== 'prediction') continue;
      const training = resolveTrainingSide(prediction, loader, []);
      if (!training.shape) continue;
      result.trainingShape = training.shape;
      result.diagnostics.push(...checkAgainstTraining(spec, training.shape));
      explainEdgesToTrainingTables(result.diagnostics, spec, training.shape);
      break; // one training graph is the contract; several referrers would repeat the same findings
    }
  } else if (spec.kind === 'training') {
    const graph = resolveGraph(spec.graph, loader, result.diagnostics);
    result.graph = graph;
    if (spec.graph?.kind === 'inline' && graph) result.diagnostics.push(...checkGraph(graph, host));
    if (spec.query) {
      const checked = checkQuery(spec.query, graph ? graphViewOfSpec(graph) : undefined, graph);
      result.diagnostics.push(...checked.diagnostics);
      result.query = checked.query;
      result.taskType = checked.taskType;
      result.taskTypeInference = checked.taskTypeInference;
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
  result.trainingShape = training.shape;
  result.query = training.query;
  result.taskType = training.taskType;
  result.taskTypeInference = training.taskTypeInference;
  if (training.spec && spec.trainingJob?.kind === 'spec') {
    const untrained = checkModelTrained(spec.trainingJob, host);
    if (untrained) result.diagnostics.push(untrained);
  }

  const inference = spec.graph ? resolveGraph(spec.graph, loader, result.diagnostics) : training.graph;
  result.graph = inference;
  if (spec.graph?.kind === 'inline' && inference) {
    result.diagnostics.push(...checkGraph(inference, host));
    if (training.shape) {
      result.diagnostics.push(...checkAgainstTraining(inference, training.shape));
      explainEdgesToTrainingTables(result.diagnostics, inference, training.shape);
    }
  }
  const remoteTable = spec.predictionTable && /^[a-z][a-z0-9+.-]*:\/\//i.test(spec.predictionTable.value);
  if (remoteTable && spec.trainingJob?.kind !== 'kumo') {
    // Kumo reads s3:// prediction tables; the local engine reads files on this machine only.
    result.diagnostics.push(
      diagnostic(
        'file-not-found',
        `Prediction table '${spec.predictionTable!.value}' is a remote location, which only Kumo reads: give a local CSV or Parquet file (relative to this file).`,
        spec.predictionTable!.range,
      ),
    );
  } else if (
    !remoteTable &&
    spec.predictionTable &&
    spec.predictionTablePath &&
    !host.exists(spec.predictionTablePath)
  ) {
    result.diagnostics.push(
      diagnostic(
        'file-not-found',
        `Prediction table '${spec.predictionTable.value}' not found (paths are relative to this file).`,
        spec.predictionTable.range,
      ),
    );
  }
  result.diagnostics.push(...checkPredictionSettings(spec, training.taskTypeInference, training.query));
  result.diagnostics.push(...checkDestinationPlacement(spec, host));
}

interface TrainingSide {
  spec?: TrainingSpec;
  graph?: GraphSpec;
  job?: SpecValidation['trainingJob'];
  shape?: ReturnType<typeof shapeOfGraph>;
  query?: SpecValidation['query'];
  taskType?: SpecValidation['taskType'];
  taskTypeInference?: SpecValidation['taskTypeInference'];
}

/**
 * Follows `training_job` to the training graph and query: a training spec file, or the metadata the host
 * has of a training job (a local job's record, or the pulled copy of a Kumo job's graph).
 */
function resolveTrainingSide(spec: PredictionSpec, loader: SpecLoader, diagnostics: SpecDiagnostic[]): TrainingSide {
  const ref = spec.trainingJob;
  if (!ref) return {};
  if (ref.kind === 'local-job' || ref.kind === 'kumo') {
    const job = loader.host.readTrainingJob?.(ref.kind === 'kumo' ? ref.ref.value : ref.jobId, spec.path);
    if (!job) {
      diagnostics.push(
        ref.kind === 'kumo' ? kumoGraphNotPulled(ref.jobId, ref.ref) : unknownLocalJob(ref.jobId, ref.ref),
      );
      return {};
    }
    const view = graphViewOfJob(job);
    const parsed = checkQueryText(job.query, view);
    // The trained model's task type is a fact, whatever the query would infer today.
    const taskTypeInference: TaskTypeInference = {
      taskType: job.taskType,
      reason: `the model of local training job ${job.jobId} was trained as ${job.taskType.replace(/_/g, ' ')}`,
      basis: 'training-job',
      dependsOnData: false,
    };
    return { job, shape: shapeOfJob(job), query: parsed?.query, taskType: job.taskType, taskTypeInference };
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
    ? checkQuery(trainingSpec.query, graph ? graphViewOfSpec(graph) : undefined, graph)
    : undefined;
  const label = graph ? path.basename(graph.path) : path.basename(ref.absolutePath);
  return {
    spec: trainingSpec,
    graph,
    shape: graph ? shapeOfGraph(graph, label, trainingSpec.path) : undefined,
    query: checked?.query,
    taskType: checked?.taskType,
    taskTypeInference: checked?.taskTypeInference,
  };
}

function unknownLocalJob(jobId: string, ref: Located<string>): SpecDiagnostic {
  return diagnostic(
    'unknown-training-job',
    `No local training job '${jobId}' (see 'relgraph jobs list'). Name a training spec file, a finished local job id, or kumo:<id> for a Kumo cloud job.`,
    ref.range,
  );
}

/** Not an error: a prediction on the training graph itself runs on Kumo without a local copy of it. */
function kumoGraphNotPulled(jobId: string, ref: Located<string>): SpecDiagnostic {
  if (!isKumoJobId(jobId)) {
    return diagnostic(
      'unknown-training-job',
      `'${ref.value}' is not a Kumo job id: write kumo:<training job id>, e.g. kumo:trainingjob-abc123.`,
      ref.range,
    );
  }
  return diagnostic(
    'kumo-training-graph-not-pulled',
    `The training graph of Kumo job ${jobId} is not in this workspace, so this spec is not checked against it. Run 'relgraph kumo pull kumo:${jobId}' to check table names, edges, columns and the query before the job runs.`,
    ref.range,
    { data: { jobId } },
  );
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
