import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePql } from '../../core/pql/parsePql';
import type { GraphSpec, PredictionSpec } from '../../core/spec/SpecModel';
import { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import { planFeatures } from '../features/FeaturePlan';
import { graphSourcesFromSpec, loadGraphTables, type GraphEdge, type LoadedTable } from '../features/GraphTables';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { LocalJobStore } from '../../backend/local/LocalJobStore';
import { settleDeadJobs } from '../../backend/local/orphanedJobs';
import { projectFolderOf } from '../../core/destinations/destinationPlacement';
import { legacyOutputsOf, type LegacyOutput } from '../../core/jobs/legacyOutputs';
import { currentJobProcess } from '../../backend/local/processLiveness';
import { runJob, type JobContext, type JobOutcome } from '../jobs/runJob';
import { readModelArtifact, type ModelArtifact } from '../training/ModelArtifact';
import { checkGraphServesPlan } from './checkGraphServesPlan';
import { allocateLike, placeRows, type OutputShape, type PredictionArrays } from './PredictionArrays';
import { prepareOutputQueries, ROWS_TABLE } from './predictionOutputSql';
import { summarizeScores } from './predictionSummary';
import type { PredictionWorkerTask } from './predictionWorker';
import { PredictionWorkerPool, threadsPerWorker } from './PredictionWorkerPool';
import { selectPredictionRows } from './selectPredictionRows';
import { resolveTrainedModel } from './trainedModels';
import { createDestination } from './destinations/createDestination';
import type { StagedDestinationOutput } from './destinations/Destination';

/** A validated prediction spec, resolved: what a batch prediction job runs. */
export interface BatchPredictionInput {
  prediction: PredictionSpec;
  /** The inference graph (the spec's `graph`, else the training graph). */
  graph: GraphSpec;
  /** SpecHost.resolveSource: a table source to its files. */
  resolveSource: (absolutePathOrGlob: string, limit: number) => string[];
}

export interface BatchPredictionOptions {
  store?: LocalJobStore;
  signal?: AbortSignal;
  onStage?: (stage: string, detail?: string) => void;
  /** Called with the new job's record before it runs (the CLI prints its id). */
  onCreated?: (record: JobRecord) => void;
  /** Free-form labels recorded with the job (Kumo's job_tags). */
  tags?: Record<string, string>;
}

/** Kumo's stage names where Kumo has them ("Predicting"). */
export const PREDICTION_STAGES = {
  model: 'Loading model',
  tables: 'Loading tables',
  rows: 'Selecting rows',
  predicting: 'Predicting',
  writing: 'Writing outputs',
} as const;

export const MAX_PREDICTION_WORKERS = 4;

/** Creates a batch-prediction job for the spec and runs it to a terminal status; resolves with its record. */
export async function runBatchPrediction(
  input: BatchPredictionInput,
  options: BatchPredictionOptions = {},
): Promise<JobRecord> {
  const store = options.store ?? LocalJobStore.forPath(input.prediction.path);
  settleDeadJobs(store);
  // A destination the local engine cannot write, or whose files Relgraph did not write, is refused before
  // any job exists (throws DestinationError).
  const legacy = legacyOutputsOf(
    store.list(),
    projectFolderOf(input.prediction.path, { exists: (p) => fs.existsSync(p) }),
  );
  createDestination(input.prediction, store.jobsDir, legacy).preflight();
  const record = store.create({
    kind: 'batch_prediction',
    specPath: input.prediction.path,
    specName: input.prediction.name,
    ...(options.tags ? { tags: options.tags } : {}),
    outputPaths: (jobFolder) => [...createDestination(input.prediction, jobFolder).outputPaths],
  });
  options.onCreated?.(record);
  return runJob(store, record.id, (job) => predict(input, job, legacy), {
    signal: options.signal,
    onStage: options.onStage,
  });
}

async function predict(
  input: BatchPredictionInput,
  job: JobContext,
  legacy: ReadonlyMap<string, LegacyOutput>,
): Promise<JobOutcome> {
  const { prediction, graph } = input;
  const { signal } = job;
  const timings: Record<string, number> = {};
  let stageStart = Date.now();
  let stageName: string | undefined;
  const stage = (name: string, detail?: string) => {
    if (stageName) timings[stageName] = Date.now() - stageStart;
    stageName = name;
    stageStart = Date.now();
    job.stage(name, detail);
  };
  const workers = prediction.numWorkers;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_PREDICTION_WORKERS) {
    throw new Error(`num_workers must be an integer from 1 to ${MAX_PREDICTION_WORKERS} (got ${workers})`);
  }

  stage(PREDICTION_STAGES.model);
  if (!prediction.trainingJob) throw new Error(`${prediction.path} has no training_job`);
  const trained = resolveTrainedModel(prediction.trainingJob, prediction.path);
  const artifact = readModelArtifact(trained.artifactPath);
  const shape = outputShapeOf(artifact, prediction);
  const warnings = [...trained.warnings, ...shape.warnings];
  job.log(`model ${trained.job.id} (${artifact.taskType}): ${artifact.query}`);
  for (const warning of warnings) job.log(`warning: ${warning}`);
  // The model's own query decides the rows (entity filter, static target), not the spec as it is now.
  const parsed = parsePql(artifact.query);
  if (!parsed.query)
    throw new Error(`the model's query does not parse: ${parsed.errors[0]?.message ?? artifact.query}`);
  const query = parsed.query;
  const destination = createDestination(prediction, job.store.artifactDir(job.id), legacy);
  const scratch = { add: (p: string) => job.addScratchPath(p), remove: (p: string) => job.removeScratchPath(p) };
  const destinationJob = {
    id: job.id,
    recordFile: job.store.recordPath(job.id),
    process: currentJobProcess(),
    scratch,
    signal,
    partitions: workers,
  };
  // Reserved until the outputs are committed or discarded: no other job writes these paths meanwhile.
  job.defer(destination.reserve(destinationJob));

  // Workers start now and load while this thread loads the tables and chooses the rows.
  const pool = new PredictionWorkerPool(workers);
  const workDir = path.join(job.store.artifactDir(job.id), 'work');
  job.addScratchPath(workDir);
  const staged: StagedDestinationOutput[] = [];
  let session: DuckDbSession | undefined;
  try {
    session = await DuckDbSession.open({ threads: os.availableParallelism() });
    stage(PREDICTION_STAGES.tables, `${graph.tables.length} tables from ${path.basename(graph.path)}`);
    const loaded = await loadGraphTables(session, graphSourcesFromSpec(graph, input.resolveSource), { signal });
    checkGraphServesPlan(loaded, artifact.featurePlan, graph.path);

    stage(PREDICTION_STAGES.rows);
    const rows = await selectPredictionRows(session, {
      graph: loaded,
      query,
      targetFactTables: artifact.targetFactTables,
      anchorTime: prediction.anchorTime?.value,
      predictionTablePath: prediction.predictionTablePath,
      signal,
    });
    warnings.push(...rows.warnings);
    job.log(
      `${rows.rowCount} rows to predict${rows.anchorTime ? ` at ${rows.anchorTime} (${rows.anchorSource})` : ''}`,
    );

    const wantPredictions = prediction.outputTypes.includes('predictions');
    const wantEmbeddings = prediction.outputTypes.includes('embeddings');
    stage(PREDICTION_STAGES.predicting, `${rows.rowCount} rows on ${workers} worker${workers > 1 ? 's' : ''}`);
    const tasks = await sliceTasks(session, loaded.tables, loaded.edges, workDir, signal, {
      jobKey: job.id,
      numFeatures: planFeatures(artifact.featurePlan).length,
      workers,
      rowCount: rows.rowCount,
      modelArtifactPath: trained.artifactPath,
      predictions: wantPredictions,
      embeddings: wantEmbeddings,
    });
    job.progress(0, tasks.length);
    const parts = await pool.run(tasks, {
      signal,
      onSliceDone: (done, total) => job.progress(done, total),
    });
    const embeddingWidth = wantEmbeddings ? artifact.model.settings.embedding_dim : undefined;
    const arrays = assemble(parts, tasks, rows.rowCount, shape.shape, embeddingWidth);

    stage(PREDICTION_STAGES.writing);
    const queries = await prepareOutputQueries(session, arrays, shape.shape, {
      temporal: rows.temporal,
      predictions: wantPredictions,
      embeddings: wantEmbeddings,
    });
    for (const target of destination.targets) {
      const sql = target.outputType === 'predictions' ? queries.predictions! : queries.embeddings!;
      const orderBy = queries.orderBy[target.outputType];
      staged.push(await destination.stage(session, { target, sql, orderBy, partitionKey: 'ENTITY' }, destinationJob));
    }
    signal.throwIfAborted();
    const scores = wantPredictions ? await summarizeScores(session, queries.predictions!, shape.shape) : {};
    const [distinct] = await session.rows(`SELECT count(DISTINCT ENTITY) AS n FROM ${ROWS_TABLE}`);
    timings[stageName!] = Date.now() - stageStart;
    const artifacts = staged.map((s) => s.artifact);
    // Every output is complete under its temporary name; runJob renames them all into place with DONE.
    const outputs = staged.splice(0);
    return {
      staged: {
        renames: outputs.flatMap((s) => s.renames),
        artifacts,
        discard: () => outputs.forEach((s) => s.discard()),
      },
      summary: {
        num_entities_predicted: rows.rowCount,
        num_distinct_entities: Number(distinct.n),
        task_type: artifact.taskType,
        anchor_time: rows.anchorTime,
        anchor_time_source: rows.anchorSource,
        ...(rows.anchorTimeMin ? { anchor_time_min: rows.anchorTimeMin } : {}),
        ...scores,
        num_workers: workers,
        timings_ms: timings,
        outputs: artifacts.map((a) => ({
          type: a.type,
          path: a.path,
          format: a.format ?? 'parquet',
          files: a.files,
          rows: a.rows ?? 0,
        })),
        warnings,
        training_job_id: trained.job.id,
      },
    };
  } finally {
    for (const s of staged) s.discard();
    await pool.destroy();
    session?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
    job.removeScratchPath(workDir);
  }
}

/** The output shape of the model's task, with the spec's threshold / number of classes. */
function outputShapeOf(
  artifact: ModelArtifact,
  prediction: PredictionSpec,
): { shape: OutputShape; warnings: string[] } {
  const warnings: string[] = [];
  switch (artifact.taskType) {
    case 'binary_classification': {
      let threshold = prediction.binaryClassificationThreshold?.value;
      if (threshold === undefined) {
        threshold = artifact.threshold ?? 0.5;
        warnings.push(
          `no binary_classification_threshold: using ${threshold} (the model's best validation accuracy threshold)`,
        );
      }
      return { shape: { kind: 'binary', threshold }, warnings };
    }
    case 'regression':
      return { shape: { kind: 'regression' }, warnings };
    case 'multiclass_classification': {
      const classes = artifact.classLabels ?? [];
      if (classes.length === 0) throw new Error(`the model ${artifact.jobId} has no class labels`);
      const topK = prediction.numClassesToReturn?.value ?? classes.length;
      return { shape: { kind: 'multiclass', classes, topK }, warnings };
    }
    default:
      throw new Error(
        `the local engine predicts binary classification, regression and multiclass models; this model is ${artifact.taskType}`,
      );
  }
}

interface SliceSettings {
  jobKey: string;
  /** Features per row: bounds a slice's rows. */
  numFeatures: number;
  workers: number;
  rowCount: number;
  modelArtifactPath: string;
  predictions: boolean;
  embeddings: boolean;
}

const MAX_SLICE_FEATURE_VALUES = 64 * 1024 * 1024;

/**
 * Snapshots the loaded tables and the rows to Parquet for the workers and cuts the rows into slices of
 * contiguous row_ids (so results are placed by offset): one per worker, more when memory requires.
 */
async function sliceTasks(
  session: DuckDbSession,
  tables: Map<string, LoadedTable>,
  edges: GraphEdge[],
  workDir: string,
  signal: AbortSignal,
  settings: SliceSettings,
): Promise<PredictionWorkerTask[]> {
  if (settings.rowCount === 0) return [];
  fs.mkdirSync(workDir, { recursive: true });
  const tableFiles: Record<string, string> = {};
  for (const table of tables.values()) {
    const file = path.join(workDir, `${table.relation}.parquet`);
    await session.run(`COPY ${sqlIdent(table.relation)} TO ${sqlString(file)} (FORMAT parquet)`, signal);
    tableFiles[table.relation] = file;
  }
  const rowsFile = path.join(workDir, 'rows.parquet');
  await session.run(
    `COPY (SELECT row_id, ENTITY, FEATURE_ANCHOR FROM ${ROWS_TABLE} ORDER BY row_id) TO ${sqlString(rowsFile)} (FORMAT parquet)`,
    signal,
  );
  // Building features has a fixed cost per slice (every feature group scans its tables once), so one
  // slice per worker, unless a slice's feature matrix would pass ~256 MB (Float32).
  const maxRowsPerSlice = Math.max(1000, Math.floor(MAX_SLICE_FEATURE_VALUES / Math.max(1, settings.numFeatures)));
  const sliceCount = Math.max(settings.workers, Math.ceil(settings.rowCount / maxRowsPerSlice));
  const count = Math.min(sliceCount, settings.rowCount);
  const threads = threadsPerWorker(settings.workers);
  return Array.from({ length: count }, (_, i) => ({
    jobKey: settings.jobKey,
    threads,
    tables: [...tables.values()],
    edges,
    tableFiles,
    modelArtifactPath: settings.modelArtifactPath,
    rowsFile,
    rowStart: Math.floor((i * settings.rowCount) / count),
    rowEnd: Math.floor(((i + 1) * settings.rowCount) / count),
    predictions: settings.predictions,
    embeddings: settings.embeddings,
  }));
}

/** The slices' arrays placed at their row offsets (an empty job gets empty arrays of the right kind). */
function assemble(
  parts: PredictionArrays[],
  tasks: PredictionWorkerTask[],
  rowCount: number,
  shape: OutputShape,
  embeddingWidth: number | undefined,
): PredictionArrays {
  const like: PredictionArrays = parts[0] ?? {
    rowCount: 0,
    ...(shape.kind === 'multiclass'
      ? { classProbabilities: new Float64Array(0), numClasses: shape.classes.length }
      : { scores: new Float64Array(0) }),
    ...(embeddingWidth ? { embeddings: new Float32Array(0), embeddingWidth } : {}),
  };
  const whole = allocateLike(like, rowCount);
  parts.forEach((part, i) => placeRows(whole, part, tasks[i].rowStart));
  return whole;
}
