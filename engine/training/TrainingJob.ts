import type { QueryCache } from '../../data/QueryCache';
import * as path from 'node:path';
import type { PredictiveQuery, TaskType } from '../../core/pql/ast';
import type { GraphSpec, TrainingSpec } from '../../core/spec/SpecModel';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import { graphSourcesFromSpec } from '../features/GraphTables';
import type { JobRecord } from '../../core/jobs/JobRecord';
import type { LocalJobStore } from '../../backend/local/LocalJobStore';
import { settleDeadJobs } from '../../backend/local/orphanedJobs';
import { runJob } from '../jobs/runJob';
import { MODEL_ARTIFACT_FILE, MODEL_ARTIFACT_VERSION, writeModelArtifact } from './ModelArtifact';
import * as fs from 'node:fs';
import { trainModel, type TrainingHooks } from './Trainer';
import type { Trial } from './trainEnsemble';
import { trainingReportLines } from './trainingReport';
import type { ValidationMetrics } from './ValidationMetrics';

/**
 * A training job: a job record in the workspace's store (`trainingjob-...`), running trainModel and
 * keeping status, progress and the event log of its stages current. When DONE, the record's summary
 * (TrainingJobSummary) holds the validation metrics and the training graph's metadata, and its
 * `model` artifact is `<artifactDir>/model.json` (ModelArtifact).
 */
export interface TrainingJobInput {
  spec: TrainingSpec;
  /** The resolved training graph (validation's `graph`). */
  graph: GraphSpec;
  query: PredictiveQuery;
  taskType: TaskType;
  /** SpecHost.resolveSource: a table's source path or glob -> its files. */
  resolveSource: (absolutePathOrGlob: string, limit: number) => string[];
  /** The data tier's query cache (openDataCheckCache), which the validation before the job filled. */
  dataCache?: QueryCache;
  /** The validation's session with the CSV rows it read (see TrainingHooks.preJob); its owner closes it. */
  preJob?: TrainingHooks['preJob'];
}

export interface TrainingJobOptions {
  store: LocalJobStore;
  signal?: AbortSignal;
  /** Called once the record exists (the CLI prints the id and log path). */
  onCreated?: (record: JobRecord) => void;
  onStage?: (stage: string, detail?: string) => void;
  tags?: Record<string, string>;
}

/** The `summary` of a DONE training job record (snake_case, like Kumo's TrainingJobSummary). */
export interface TrainingJobSummary {
  task_type: TaskType;
  query: string;
  run_mode: string;
  /** Metrics of the early-stopped model on the validation rows (see ValidationMetrics). */
  validation_metrics: ValidationMetrics;
  /** Binary tasks: the probability threshold with the best validation accuracy. */
  threshold?: number;
  model_path: string;
  model_format_version: number;
  train_rows: number;
  validation_rows: number;
  anchor_count: number;
  first_anchor?: string;
  last_anchor?: string;
  validation_start?: string;
  timeframe_step_days?: number;
  feature_count: number;
  rounds: number;
  top_features: { feature: string; gainShare: number }[];
  training_graph: TrainingGraphMetadata;
  total_elapsed_seconds: number;
  /** The metric every model choice compared on the validation rows (auroc, mae, multi_logloss). */
  eval_metric?: string;
  /** Features derived before pruning; `feature_count` is what the saved plan builds. */
  candidate_feature_count?: number;
  /** Per feature family: features derived, kept, and the kept ones' share of the trees' gain. */
  feature_families?: { family: string; derived: number; kept: number; gain_share: number }[];
  /** Models tried (feature sets, settings searched, linear penalties, the blend), as Kumo's AutoML experiments. */
  automl_experiments_completed?: number;
  trials?: Trial[];
  /** The trained models: GBDT feature set and bag size, linear model size and blend weight. */
  models?: Record<string, unknown>;
  /** What the user must know (e.g. a model no better than a constant). The CLI prints them. */
  warnings?: string[];
  /**
   * When the (entity, anchor) pairs outnumbered the run mode's row limit: the pairs, those labelled (the
   * smallest sampling hashes of (entity, anchor, seed)), the rows they gave and the rows kept.
   */
  training_table_sampling?: {
    candidate_pairs: number;
    sampled_pairs: number;
    labelled_rows: number;
    kept_rows: number;
  };
  /** The job process's peak resident memory (MB) when training ended. */
  peak_rss_mb?: number;
  /** The human report (what `relgraph train` prints after the metrics). */
  report?: string[];
}

/** The validation rows' predictions of the models that never saw them (Kumo's holdout predictions). */
export const HOLDOUT_FILE = 'validation_predictions.parquet';

export async function runTrainingJob(input: TrainingJobInput, options: TrainingJobOptions): Promise<JobRecord> {
  const { spec } = input;
  const { store } = options;
  const queryText = spec.query?.value;
  if (!queryText) throw new Error(`${spec.path} has no query`);
  settleDeadJobs(store);
  const record = store.create({ kind: 'training', specPath: spec.path, specName: spec.name, tags: options.tags });
  options.onCreated?.(record);
  const started = Date.now();
  return runJob(
    store,
    record.id,
    async (context) => {
      const sources = graphSourcesFromSpec(input.graph, input.resolveSource);
      let cancelSeen = false;
      // Holdout predictions are written under a temporary name and renamed with the model.
      const holdoutPath = path.join(record.artifactDir, HOLDOUT_FILE);
      const holdoutTemp = path.join(record.artifactDir, `.${HOLDOUT_FILE}.tmp-${process.pid}`);
      context.addScratchPath(holdoutTemp);
      // Removed when the job ends, whatever its status (a crash leaves it listed in the record's scratch).
      const workFolder = input.preJob ? undefined : path.join(record.artifactDir, 'work');
      if (workFolder) context.addScratchPath(workFolder);
      const artifact = await trainModel(
        sources,
        {
          jobId: record.id,
          specPath: spec.path,
          queryText,
          query: input.query,
          taskType: input.taskType,
          runMode: spec.runMode,
          model: spec.model,
          settings: {
            startTime: spec.train.startTime?.value,
            endTime: spec.train.endTime?.value,
            timeframeStepDays: spec.train.timeframeStep?.value,
            validationStart: spec.train.validationStart?.value,
          },
        },
        {
          signal: context.signal,
          onStage: (stage, detail) => context.stage(stage, detail),
          onProgress: (completed, total) => {
            // GBDT rounds run synchronously, so the job's cancel-marker timer cannot fire: poll it here.
            if (store.isCancelRequested(record.id)) {
              cancelSeen = true;
              throw new Error('cancelled by `relgraph jobs cancel`');
            }
            context.progress(completed, total);
          },
          log: (message) => context.log(message),
          holdoutFile: holdoutTemp,
          workFolder,
          dataCache: input.dataCache,
          preJob: input.preJob,
        },
      ).catch(async (error: unknown) => {
        // Let runJob's cancel poll abort the signal first, so the job ends CANCELLED rather than FAILED.
        if (cancelSeen) await abortedWithin(context.signal, 2000);
        throw error;
      });
      const modelPath = path.join(record.artifactDir, MODEL_ARTIFACT_FILE);
      writeModelArtifact(modelPath, artifact);
      context.addArtifact({ type: 'model', path: modelPath, format: 'json', files: [modelPath] });
      if (fs.existsSync(holdoutTemp)) {
        fs.renameSync(holdoutTemp, holdoutPath);
        context.addArtifact({
          type: 'validation_predictions',
          path: holdoutPath,
          format: 'parquet',
          files: [holdoutPath],
          rows: artifact.training.validationRows,
        });
      }
      context.removeScratchPath(holdoutTemp);
      const t = artifact.training;
      const summary: TrainingJobSummary = {
        task_type: artifact.taskType,
        query: artifact.query,
        run_mode: t.runMode,
        validation_metrics: t.metrics,
        ...(artifact.threshold !== undefined ? { threshold: artifact.threshold } : {}),
        model_path: modelPath,
        model_format_version: MODEL_ARTIFACT_VERSION,
        train_rows: t.trainRows,
        validation_rows: t.validationRows,
        anchor_count: t.anchorCount,
        ...(t.firstAnchor ? { first_anchor: t.firstAnchor, last_anchor: t.lastAnchor } : {}),
        ...(t.validationStart ? { validation_start: t.validationStart } : {}),
        ...(t.timeframeStepDays !== undefined ? { timeframe_step_days: t.timeframeStepDays } : {}),
        feature_count: t.featureCount,
        rounds: t.roundsKept,
        top_features: t.topFeatures,
        training_graph: artifact.trainingGraph,
        total_elapsed_seconds: (Date.now() - started) / 1000,
        ...(t.evalMetric ? { eval_metric: t.evalMetric } : {}),
        ...(t.candidateFeatureCount !== undefined ? { candidate_feature_count: t.candidateFeatureCount } : {}),
        ...(t.families
          ? {
              feature_families: t.families.map((f) => ({
                family: f.family,
                derived: f.derived,
                kept: f.kept,
                gain_share: f.gainShare,
              })),
            }
          : {}),
        ...(t.trials ? { automl_experiments_completed: t.trials.length, trials: t.trials } : {}),
        ...(t.models ? { models: { ...t.models } } : {}),
        warnings: t.warnings ?? [],
        ...(t.sampling
          ? {
              training_table_sampling: {
                candidate_pairs: t.sampling.candidatePairs,
                sampled_pairs: t.sampling.sampledPairs,
                labelled_rows: t.sampling.labelledRows,
                kept_rows: t.sampling.keptRows,
              },
            }
          : {}),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        report: trainingReportLines(artifact),
      };
      return { summary: summary as unknown as Record<string, unknown> };
    },
    { signal: options.signal, onStage: options.onStage },
  );
}

function abortedWithin(signal: AbortSignal, ms: number): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
