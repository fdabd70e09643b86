import type { QueryCache } from '../../data/QueryCache';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePql } from '../../core/pql/parsePql';
import type { GraphSpec, PredictionSpec } from '../../core/spec/SpecModel';
import { DuckDbSession } from '../../data/DuckDbSession';
import { graphSourcesFromSpec, loadGraphTables, readOnceNote } from '../features/GraphTables';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { LocalJobStore } from '../../backend/local/LocalJobStore';
import { settleDeadJobs } from '../../backend/local/orphanedJobs';
import { projectFolderOf } from '../../core/destinations/destinationPlacement';
import { legacyOutputsOf, type LegacyOutput } from '../../core/jobs/legacyOutputs';
import { currentJobProcess } from '../../backend/local/processLiveness';
import { openJobSession } from '../jobs/jobSession';
import { runJob, type JobContext, type JobOutcome } from '../jobs/runJob';
import { readModelArtifact, type ModelArtifact } from '../training/ModelArtifact';
import { checkGraphServesPlan } from './checkGraphServesPlan';
import type { OutputShape } from './PredictionArrays';
import { prepareOutputQueries, ROWS_TABLE } from './predictionOutputSql';
import { summarizeScores } from './predictionSummary';
import { PredictionWorkerPool } from './PredictionWorkerPool';
import { scorePredictionRows } from './scorePredictionRows';
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
  /** The data tier's query cache (openDataCheckCache), which the validation before the job filled. */
  dataCache?: QueryCache;
  /**
   * The session the validation before the job ran on (engine/jobs/preJobSession.ts), holding the CSV rows it
   * read: the job runs on it and reads those rows (`scans`, by source fingerprint) instead of the files. Its
   * owner closes it.
   */
  preJob?: { session: DuckDbSession; scans: ReadonlyMap<string, string> };
}

export interface BatchPredictionOptions {
  store?: LocalJobStore;
  signal?: AbortSignal;
  onStage?: (stage: string, detail?: string) => void;
  /** Called with the new job's record before it runs (the CLI prints its id). */
  onCreated?: (record: JobRecord) => void;
  /** Free-form labels recorded with the job (Kumo's job_tags). */
  tags?: Record<string, string>;
  /**
   * Rows per scoring batch; default: as many as keep a batch's features within 16 MB (at most 65,536). Tests
   * use a few rows to run many batches at once on small data.
   */
  batchRows?: number;
  /**
   * Rows whose feature groups are joined per query (default ASSEMBLY_RANGE_ROWS, 1,048,576). Tests use a few rows
   * to assemble small data in many ranges.
   */
  assemblyRangeRows?: number;
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

/** The prediction rows as feature building reads them (rid = row_id). */
const ANCHORS_TABLE = 'rg_prediction_anchors';

/** Creates a batch-prediction job for the spec and runs it to a terminal status; resolves with its record. */
export async function runBatchPrediction(
  input: BatchPredictionInput,
  options: BatchPredictionOptions = {},
): Promise<JobRecord> {
  const store = options.store ?? LocalJobStore.forPath(input.prediction.path);
  settleDeadJobs(store);
  // A destination the local engine cannot write, whose files Relgraph did not write, or outside the spec's
  // workspace (without overwrite: true) is refused before any job exists (throws DestinationError).
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
  return runJob(store, record.id, (job) => predict(input, job, legacy, options), {
    signal: options.signal,
    onStage: options.onStage,
  });
}

async function predict(
  input: BatchPredictionInput,
  job: JobContext,
  legacy: ReadonlyMap<string, LegacyOutput>,
  sizes: Pick<BatchPredictionOptions, 'batchRows' | 'assemblyRangeRows'>,
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

  // Workers start now and load their code while this thread loads the tables and chooses the rows.
  const pool = new PredictionWorkerPool(workers);
  const staged: StagedDestinationOutput[] = [];
  // The loaded tables' database file and DuckDB's spill files; a scratch path, so a killed job's are removed too.
  const workDir = input.preJob ? undefined : path.join(job.store.artifactDir(job.id), 'work');
  if (workDir) job.addScratchPath(workDir);
  let session: DuckDbSession | undefined;
  try {
    session = input.preJob?.session ?? (await openJobSession(workDir, os.availableParallelism()));
    stage(PREDICTION_STAGES.tables, `${graph.tables.length} tables from ${path.basename(graph.path)}`);
    const sources = graphSourcesFromSpec(graph, input.resolveSource);
    const readOnce = readOnceNote(sources, input.preJob?.scans);
    if (readOnce) job.log(readOnce);
    const loaded = await loadGraphTables(session, sources, {
      signal,
      dataCache: input.dataCache,
      preloaded: input.preJob?.scans,
    });
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
    await session.run(
      `CREATE OR REPLACE TEMP TABLE ${ANCHORS_TABLE} AS SELECT row_id::INTEGER AS rid, ENTITY, ` +
        `CAST(FEATURE_ANCHOR AS TIMESTAMP) AS anchor FROM ${ROWS_TABLE}`,
      signal,
    );
    const arrays = await scorePredictionRows(session, pool, {
      graph: loaded,
      plan: artifact.featurePlan,
      anchorsTable: ANCHORS_TABLE,
      rowCount: rows.rowCount,
      shape: shape.shape,
      jobKey: job.id,
      modelArtifactPath: trained.artifactPath,
      predictions: wantPredictions,
      ...(wantEmbeddings ? { embeddingWidth: artifact.model.settings.embedding_dim } : {}),
      signal,
      onProgress: (done, total) => job.progress(done, total),
      ...(sizes.batchRows ? { batchRows: sizes.batchRows } : {}),
      ...(sizes.assemblyRangeRows ? { assemblyRangeRows: sizes.assemblyRangeRows } : {}),
    });
    await session.run(`DROP TABLE ${ANCHORS_TABLE}`, signal);

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
        // maxRSS is in kilobytes.
        peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
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
    if (workDir) {
      session?.close();
      fs.rmSync(workDir, { recursive: true, force: true });
      job.removeScratchPath(workDir);
    }
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
