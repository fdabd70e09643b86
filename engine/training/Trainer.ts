import type { PredictiveQuery, TaskType } from '../../core/pql/ast';
import { isTemporalQuery, staticTargetColumn, targetFactTables } from '../../core/pql/queryAnalysis';
import type { RunMode } from '../../core/spec/SpecModel';
import { DuckDbSession } from '../../data/DuckDbSession';
import { deriveFeaturePlan } from '../features/deriveFeaturePlan';
import { buildFeatures } from '../features/FeatureBuilder';
import {
  latestGraphTime,
  loadGraphTables,
  tableMetadata,
  type GraphEdge,
  type GraphTableSource,
  type LoadedGraph,
} from '../features/GraphTables';
import { parseGbdtModelSection, serializeGbdtModel, trainGbdt, type GbdtTask } from '../model';
import { anchorSchedule, iso, parseAnchorSetting, type AnchorSettings } from './AnchorSchedule';
import { MODEL_ARTIFACT_FORMAT, MODEL_ARTIFACT_VERSION, type ModelArtifact } from './ModelArtifact';
import { targetHistoryOf } from './targetHistory';
import { buildTrainingTable } from './TrainingTableBuilder';
import { TRAINING_PRESETS } from './trainingPresets';
import { capTrainingRows, pick, readClassLabels, readLabelsAndSplit, selectRows, type SplitRule } from './trainingRows';
import { bestAccuracyThreshold, validationMetrics } from './ValidationMetrics';

/**
 * Trains one model for a predictive query, end to end: load the graph's tables into DuckDB, compile
 * the query into a training table, derive and build relational features, train the GBDT with early
 * stopping on the validation anchors, score the validation rows, and return the model artifact.
 * The job (TrainingJob) wraps this with a job record; benchmarks call trainOnGraph directly.
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
}

export const TRAINING_STAGES = {
  loading: 'Loading tables',
  table: 'Building training table',
  features: 'Building features',
  training: 'Training',
  evaluating: 'Evaluating',
  refitting: 'Training on all rows',
  saving: 'Saving model',
} as const;

const MAX_CLASSES = 100;

/** Opens a DuckDB session, loads the sources and trains (see trainOnGraph). */
export async function trainModel(
  graphSources: { sources: GraphTableSource[]; edges: GraphEdge[] },
  request: TrainingRequest,
  hooks: TrainingHooks = {},
): Promise<ModelArtifact> {
  const session = await DuckDbSession.open();
  try {
    hooks.onStage?.(TRAINING_STAGES.loading, `${graphSources.sources.length} tables`);
    const graph = await loadGraphTables(session, graphSources, { signal: hooks.signal });
    return await trainOnGraph(session, graph, request, hooks);
  } finally {
    session.close();
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
  const seed = overrides.seed ?? 42;
  const temporal = isTemporalQuery(query);
  const entity = graph.tables.get(query.entity.table);
  if (!entity?.primaryKey) throw new Error(`the entity table '${query.entity.table}' needs a primary key`);

  hooks.onStage?.(TRAINING_STAGES.table);
  const tableName = 'rg_training_table';
  let split: SplitRule;
  let schedule: Awaited<ReturnType<typeof anchorSchedule>> | undefined;
  let featureAnchor: Date;
  if (temporal) {
    schedule = await anchorSchedule(session, graph, query, request.settings, preset.maxAnchors, signal);
    split = { validationStart: schedule.validationStart };
    featureAnchor = schedule.anchors[schedule.anchors.length - 1];
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
    { graph, query, taskType, anchors: schedule?.anchors, staticAnchor: featureAnchor, tableName },
    signal,
  );
  if (built.rows === 0) throw new Error('the query selects no training rows: check the anchors, filters and ASSUMING');
  const rows = await capTrainingRows(session, tableName, preset.maxRows, seed, signal);
  hooks.log?.(
    `${built.rows} training-table rows${rows < built.rows ? ` (sampled to ${rows})` : ''}` +
      (schedule
        ? ` over ${schedule.anchors.length} anchors, ${iso(schedule.anchors[0])} to ${iso(featureAnchor)}`
        : ''),
  );
  const classLabels =
    taskType === 'multiclass_classification'
      ? await readClassLabels(session, tableName, MAX_CLASSES, signal)
      : undefined;

  hooks.onStage?.(TRAINING_STAGES.features);
  const target = staticTargetColumn(query);
  const plan = await deriveFeaturePlan(
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
  const features = await buildFeatures(session, graph, plan, tableName, { signal, onProgress: hooks.onProgress });
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
  const train = selectRows(features.matrix, isValidation, 0);
  const validation = selectRows(features.matrix, isValidation, 1);
  if (train.rows.length === 0)
    throw new Error('no training rows before validation_start: move it later or add anchors');
  const trainLabels = pick(labels, train.rows);
  const validationLabels = pick(labels, validation.rows);
  hooks.log?.(
    `${features.matrix.numFeatures} features; ${train.rows.length} training rows, ${validation.rows.length} validation rows`,
  );

  hooks.onStage?.(TRAINING_STAGES.training, `${gbdtTask}, run_mode ${request.runMode}`);
  const model = trainGbdt({
    task: gbdtTask,
    numClasses: classLabels?.length,
    train: { features: train.matrix, labels: trainLabels },
    validation: validation.rows.length > 0 ? { features: validation.matrix, labels: validationLabels } : undefined,
    runMode: request.runMode,
    settings: overrides,
    signal,
    onRound: (p) => hooks.onProgress?.(p.round, p.maxRounds),
  });

  hooks.onStage?.(TRAINING_STAGES.evaluating);
  const predictions = validation.rows.length > 0 ? model.predict(validation.matrix) : new Float64Array(0);
  const threshold = gbdtTask === 'binary' ? bestAccuracyThreshold(validationLabels, predictions) : undefined;
  const metrics = validationMetrics(taskType, validationLabels, predictions, { numClasses: classLabels?.length });
  hooks.log?.(`validation: ${JSON.stringify(metrics)} after ${model.numRounds} rounds`);

  // The validation anchors are the most recent history, the most like what the model will predict:
  // the final model learns from them too, with the number of rounds early stopping chose. Metrics
  // stay those of the model that never saw the validation rows.
  let finalModel = model;
  if (validation.rows.length > 0) {
    hooks.onStage?.(
      TRAINING_STAGES.refitting,
      `${model.numRounds} rounds on ${train.rows.length + validation.rows.length} rows`,
    );
    const everyRow = selectRows(
      features.matrix,
      isValidation.map((v) => (v === 2 ? 2 : 0)),
      0,
    );
    finalModel = trainGbdt({
      task: gbdtTask,
      numClasses: classLabels?.length,
      train: { features: everyRow.matrix, labels: pick(labels, everyRow.rows) },
      runMode: request.runMode,
      settings: { ...overrides, num_trees: model.numRounds, early_stopping_rounds: 0 },
      signal,
      onRound: (p) => hooks.onProgress?.(p.round, p.maxRounds),
    });
  }

  hooks.onStage?.(TRAINING_STAGES.saving);
  const labelMean = trainLabels.reduce((a, b) => a + b, 0) / trainLabels.length;
  const artifact: ModelArtifact = {
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
    model: serializeGbdtModel(finalModel),
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
          }
        : {}),
      anchorCount: schedule?.anchors.length ?? 1,
      trainRows: train.rows.length,
      validationRows: validation.rows.length,
      ...(gbdtTask !== 'multiclass' ? { labelMean } : {}),
      metrics,
      roundsKept: finalModel.numRounds,
      featureCount: features.matrix.numFeatures,
      topFeatures: finalModel
        .featureImportance()
        .slice(0, 10)
        .map((f) => ({ feature: f.feature, gainShare: f.gainShare })),
    },
  };
  return artifact;
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
