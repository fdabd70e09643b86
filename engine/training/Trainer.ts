import type { QueryCache } from '../../data/QueryCache';
import type { PredictiveQuery, TaskType } from '../../core/pql/ast';
import { isTemporalQuery, staticTargetColumn, targetFactTables } from '../../core/pql/queryAnalysis';
import type { RunMode } from '../../core/spec/SpecModel';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { openJobSession } from '../jobs/jobSession';
import { deriveFeaturePlan } from '../features/deriveFeaturePlan';
import { buildFeatures } from '../features/FeatureBuilder';
import { COMPACT_FAMILIES, familyOf, prunePlan } from '../features/FeaturePlan';
import {
  latestGraphTime,
  loadGraphTables,
  readOnceNote,
  tableMetadata,
  type GraphEdge,
  type GraphTableSource,
  type LoadedGraph,
} from '../features/GraphTables';
import { parseGbdtModelSection, type GbdtTask } from '../model';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import { createTableFromColumns } from '../prediction/typedColumnsTable';
import { anchorSchedule, iso, parseAnchorSetting, type AnchorSchedule, type AnchorSettings } from './AnchorSchedule';
import { constantPredictorWarning, countTrainingRows, refuseUnlearnable } from './learnability';
import { MODEL_ARTIFACT_FORMAT, MODEL_ARTIFACT_VERSION, type ModelArtifact } from './ModelArtifact';
import { targetHistoryOf } from './targetHistory';
import { trainEnsemble } from './trainEnsemble';
import { serializeTrainedModel } from './TrainedModel';
import { familySummary } from './trainingReport';
import { buildTrainingTable } from './TrainingTableBuilder';
import { TRAINING_PRESETS } from './trainingPresets';
import { capTrainingRows, pick, readClassLabels, readLabelsAndSplit, type SplitRule } from './trainingRows';
import { bestAccuracyThreshold, validationMetrics } from './ValidationMetrics';

/**
 * Trains one model for a predictive query, end to end: load the graph's tables into DuckDB, compile
 * the query into a training table, refuse what cannot train (no rows, one label), derive and build
 * relational features, fit the models (trainEnsemble: GBDTs with early stopping on the validation
 * anchors, a linear model, their blend, all trained again on every row), score the validation rows,
 * and return the model artifact. The job (TrainingJob) wraps this with a job record; benchmarks and
 * tests call trainOnGraph directly.
 */
export interface TrainingRequest {
  jobId: string;
  specPath?: string;
  queryText: string;
  query: PredictiveQuery;
  taskType: TaskType;
  settings: AnchorSettings;
  runMode: RunMode;
  /** The spec's `model:` section (GBDT settings; `run_mode` is ignored here). */
  model?: Record<string, unknown>;
}

export interface TrainingHooks {
  signal?: AbortSignal;
  /** A new stage started (Kumo-style stage names). */
  onStage?: (stage: string, detail?: string) => void;
  /** Progress within the current stage. */
  onProgress?: (completed: number, total: number) => void;
  log?: (message: string) => void;
  /**
   * Writes the validation rows' predictions (Kumo's holdout predictions) to this Parquet file: ENTITY,
   * ANCHOR_TIMESTAMP (temporal queries), TARGET and PREDICTION (binary: P(true); regression: the value),
   * from the models that never saw those rows. Multiclass models write none.
   */
  holdoutFile?: string;
  /**
   * A folder the job created and removes when it ends: the loaded tables live in a database file there
   * (bounded memory, see DuckDbSession). Without it they stay in memory (tests, small data).
   */
  workFolder?: string;
  /** The data tier's query cache: CSV sources the validation before the job verified are not read for it again. */
  dataCache?: QueryCache;
  /**
   * The session the validation before the job ran on, with the CSV rows it read (engine/jobs/preJobSession.ts):
   * training runs on it and reads those rows (`scans`, by source fingerprint) instead of the files; `workFolder`
   * is then unused. Its owner closes it.
   */
  preJob?: { session: DuckDbSession; scans: ReadonlyMap<string, string> };
}

export const TRAINING_STAGES = {
  loading: 'Loading tables',
  table: 'Building training table',
  features: 'Building features',
  training: 'Training',
  evaluating: 'Evaluating',
  saving: 'Saving model',
} as const;

const MAX_CLASSES = 100;
const DEFAULT_SEED = 42;

/** Opens a DuckDB session, loads the sources and trains (see trainOnGraph). */
export async function trainModel(
  graphSources: { sources: GraphTableSource[]; edges: GraphEdge[] },
  request: TrainingRequest,
  hooks: TrainingHooks = {},
): Promise<ModelArtifact> {
  const session = hooks.preJob?.session ?? (await openJobSession(hooks.workFolder));
  try {
    hooks.onStage?.(TRAINING_STAGES.loading, `${graphSources.sources.length} tables`);
    const readOnce = readOnceNote(graphSources, hooks.preJob?.scans);
    if (readOnce) hooks.log?.(readOnce);
    const graph = await loadGraphTables(session, graphSources, {
      signal: hooks.signal,
      dataCache: hooks.dataCache,
      preloaded: hooks.preJob?.scans,
    });
    return await trainOnGraph(session, graph, request, hooks);
  } finally {
    if (!hooks.preJob) session.close();
  }
}

export async function trainOnGraph(
  session: DuckDbSession,
  graph: LoadedGraph,
  request: TrainingRequest,
  hooks: TrainingHooks = {},
): Promise<ModelArtifact> {
  const { query, taskType } = request;
  const { signal } = hooks;
  const gbdtTask = gbdtTaskOf(taskType);
  const preset = TRAINING_PRESETS[request.runMode];
  const { overrides, issues } = parseGbdtModelSection(withoutRunMode(request.model ?? {}));
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((i) => i.message).join('; '));
  for (const issue of issues) hooks.log?.(`warning: ${issue.message}`);
  const seed = overrides.seed ?? DEFAULT_SEED;
  const temporal = isTemporalQuery(query);
  const entity = graph.tables.get(query.entity.table);
  if (!entity?.primaryKey) throw new Error(`the entity table '${query.entity.table}' needs a primary key`);

  hooks.onStage?.(TRAINING_STAGES.table);
  const tableName = 'rg_training_table';
  let split: SplitRule;
  let schedule: AnchorSchedule | undefined;
  let featureAnchor: Date;
  if (temporal) {
    // Before any work: a schedule without training anchors fails here, naming the settings.
    schedule = await anchorSchedule(session, graph, query, request.settings, preset.anchors, signal);
    split = { validationStart: schedule.validationStart };
    featureAnchor = schedule.anchors[schedule.anchors.length - 1];
    hooks.log?.(
      `${schedule.anchors.length} anchors every ${schedule.stepDays} days: ${schedule.trainingAnchors} train ` +
        `(${iso(schedule.anchors[0])} on, start_time from ${schedule.origin.startTime}), ` +
        `${schedule.validationAnchors} validate (from ${iso(schedule.validationStart)})`,
    );
  } else {
    featureAnchor = await latestGraphTime(session, graph, signal);
    const validationStart = request.settings.validationStart
      ? parseAnchorSetting(request.settings.validationStart, featureAnchor, 'train.validation_start')
      : undefined;
    split = {
      staticSplit: {
        entityRelation: entity.relation,
        entityKey: entity.primaryKey,
        timeColumn: entity.timeColumn,
        seed,
        validationStart,
      },
    };
  }
  const built = await buildTrainingTable(
    session,
    {
      graph,
      query,
      taskType,
      anchors: schedule?.anchors,
      staticAnchor: featureAnchor,
      tableName,
      sample: { maxRows: preset.maxRows, seed },
    },
    signal,
  );
  if (built.rows === 0) throw new Error('the query selects no training rows: check the anchors, filters and ASSUMING');
  const rows = await capTrainingRows(session, tableName, preset.maxRows, seed, signal);
  const sampling = built.sampling && { ...built.sampling, labelledRows: built.rows, keptRows: rows };
  hooks.log?.(
    sampling
      ? `${sampling.candidatePairs} candidate (entity, anchor) pairs; labelled the ${sampling.sampledPairs} with the ` +
          `smallest sampling hashes: ${built.rows} rows, cut to ${rows}`
      : `${built.rows} training-table rows${rows < built.rows ? ` (sampled to ${rows})` : ''}`,
  );
  // Before any feature is built: rows to train on, and labels that differ.
  refuseUnlearnable(
    taskType,
    await countTrainingRows(session, tableName, schedule?.validationStart, signal),
    describeSchedule(request.settings, schedule),
  );
  const classLabels =
    taskType === 'multiclass_classification'
      ? await readClassLabels(session, tableName, MAX_CLASSES, signal)
      : undefined;

  hooks.onStage?.(TRAINING_STAGES.features);
  const target = staticTargetColumn(query);
  const fullPlan = await deriveFeaturePlan(
    session,
    graph,
    entity.name,
    {
      ...preset.features,
      vocabularyCutoff: iso(featureAnchor),
      exclude: target ? [{ table: target.table, column: target.column }] : [],
      targetHistory: targetHistoryOf(query),
      anchorCalendar: temporal,
    },
    signal,
  );
  const features = await buildFeatures(session, graph, fullPlan, tableName, { signal, onProgress: hooks.onProgress });
  const { labels, isValidation } = await readLabelsAndSplit(
    session,
    tableName,
    features.rowOrderTable,
    features.matrix.numRows,
    taskType,
    classLabels,
    split,
    signal,
  );
  // Rows of classes beyond the kept ones have no class index: they neither train nor validate.
  for (let i = 0; i < labels.length; i++) if (labels[i] < 0 && classLabels) isValidation[i] = 2;
  const compactFeatures = new Set(
    fullPlan.groups
      .filter((g) => COMPACT_FAMILIES.has(familyOf(g)) || familyOf(g) === 'entity' || familyOf(g) === 'anchor')
      .flatMap((g) => g.features.map((f) => f.name)),
  );

  hooks.onStage?.(
    TRAINING_STAGES.training,
    `${gbdtTask}, run_mode ${request.runMode}, ${features.matrix.numFeatures} features`,
  );
  const fitted = trainEnsemble({
    task: gbdtTask,
    numClasses: classLabels?.length,
    matrix: features.matrix,
    labels,
    split: isValidation,
    compactFeatures,
    runMode: request.runMode,
    seed,
    overrides,
    signal,
    onProgress: hooks.onProgress,
    log: hooks.log,
  });

  hooks.onStage?.(TRAINING_STAGES.evaluating);
  const validationLabels = pick(labels, fitted.validationRows);
  const trainLabels = pick(labels, fitted.trainRows);
  const predictions = fitted.validationPredictions;
  const threshold = gbdtTask === 'binary' ? bestAccuracyThreshold(validationLabels, predictions) : undefined;
  const metrics = validationMetrics(taskType, validationLabels, predictions, { numClasses: classLabels?.length });
  const warning = constantPredictorWarning(taskType, trainLabels, validationLabels, predictions, classLabels?.length);
  if (warning) hooks.log?.(`warning: ${warning}`);
  hooks.log?.(`validation: ${JSON.stringify(metrics)}`);

  if (hooks.holdoutFile && gbdtTask !== 'multiclass') {
    await writeHoldout(
      session,
      hooks.holdoutFile,
      features.rowOrderTable,
      fitted.validationRows,
      predictions,
      temporal,
      signal,
    );
  }

  hooks.onStage?.(TRAINING_STAGES.saving);
  const model = fitted.model;
  const used = new Set(model.featureNames);
  const plan = prunePlan(fullPlan, used);
  const importance = model.featureImportance();
  const labelMean = trainLabels.reduce((a, b) => a + b, 0) / Math.max(1, trainLabels.length);
  const serialized = serializeTrainedModel(model);
  return {
    format: MODEL_ARTIFACT_FORMAT,
    version: MODEL_ARTIFACT_VERSION,
    jobId: request.jobId,
    createdAt: new Date().toISOString(),
    query: request.queryText,
    taskType,
    entityTable: entity.name,
    entityKey: entity.primaryKey,
    temporal,
    targetFactTables: targetFactTables(query),
    ...(target ? { staticTargetColumn: target.column } : {}),
    featurePlan: plan,
    ...serialized,
    ...(classLabels ? { classLabels } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    trainingGraph: {
      jobId: request.jobId,
      ...(request.specPath ? { specPath: request.specPath } : {}),
      query: request.queryText,
      taskType,
      tables: tableMetadata(graph),
      edges: graph.edges.map((e) => ({ ...e })),
    },
    training: {
      runMode: request.runMode,
      ...(schedule
        ? {
            firstAnchor: schedule.anchors[0].toISOString(),
            lastAnchor: featureAnchor.toISOString(),
            timeframeStepDays: schedule.stepDays,
            validationStart: schedule.validationStart.toISOString(),
            anchorOrigin: { ...schedule.origin },
          }
        : {}),
      anchorCount: schedule?.anchors.length ?? 1,
      trainRows: fitted.trainRows.length,
      validationRows: fitted.validationRows.length,
      ...(sampling ? { sampling } : {}),
      ...(gbdtTask !== 'multiclass' ? { labelMean } : {}),
      metrics,
      roundsKept: Math.max(...model.rounds),
      featureCount: plan.groups.reduce((n, g) => n + g.features.length, 0),
      topFeatures: importance.slice(0, 10),
      evalMetric: fitted.metric,
      candidateFeatureCount: features.matrix.numFeatures,
      families: familySummary(fullPlan, plan, importance),
      models: {
        featureSet: fitted.featureSet.name,
        gbdtFeatures: fitted.featureSet.features.length,
        bagSize: model.gbdts.length,
        rounds: model.rounds,
        linearFeatures: model.linear?.featureNames.length ?? 0,
        linearWeight: model.linearWeight,
      },
      ...(model.linear ? { linearTopFeatures: model.linear.weightShares().slice(0, 10) } : {}),
      trials: fitted.trials,
      warnings: warning ? [warning] : [],
    },
  };
}

async function writeHoldout(
  session: DuckDbSession,
  file: string,
  rowOrderTable: string,
  rows: Int32Array,
  predictions: Float64Array,
  temporal: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const table = 'rg_holdout_predictions';
  await createTableFromColumns(session, table, [
    { name: 'rid', kind: 'int32', values: rows },
    { name: 'PREDICTION', kind: 'float64', values: predictions },
  ]);
  const anchor = temporal ? 'r.anchor AS ANCHOR_TIMESTAMP, ' : '';
  await session.run(
    `COPY (SELECT r.ENTITY, ${anchor}t.TARGET, h.PREDICTION FROM ${table} h JOIN ${sqlIdent(rowOrderTable)} r USING (rid) ` +
      `JOIN rg_training_table t ON t.ENTITY = r.ENTITY AND t.ANCHOR_TIMESTAMP = r.anchor ORDER BY r.anchor, r.ENTITY) ` +
      `TO ${sqlString(file)} (FORMAT parquet)`,
    signal,
  );
  await session.run(`DROP TABLE ${table}`);
}

/** The anchor settings behind the training rows, for messages that must name what to change. */
function describeSchedule(settings: AnchorSettings, schedule: AnchorSchedule | undefined): string {
  if (!schedule) return 'a static query trains on the entities whose target is known';
  const at = (d: Date) => iso(d).slice(0, 10);
  return (
    `anchors ${at(schedule.anchors[0])} to ${at(schedule.anchors[schedule.anchors.length - 1])} every ${schedule.stepDays} days ` +
    `(train.start_time ${settings.startTime ?? `not set: ${schedule.origin.startTime}`}, ` +
    `train.end_time ${settings.endTime ?? 'not set'}, train.timeframe_step ${settings.timeframeStepDays ?? 'not set'}), ` +
    `train.validation_start ${settings.validationStart ?? `not set: ${at(schedule.validationStart)}`}`
  );
}

function gbdtTaskOf(taskType: TaskType): GbdtTask {
  if (taskType === 'binary_classification') return 'binary';
  if (taskType === 'regression') return 'regression';
  if (taskType === 'multiclass_classification') return 'multiclass';
  throw new Error(
    `task type ${taskType} is not supported by the local engine yet (it trains binary classification, regression and multiclass classification)`,
  );
}

function withoutRunMode(section: Record<string, unknown>): Record<string, unknown> {
  const { run_mode: _ignored, ...rest } = section;
  return rest;
}
