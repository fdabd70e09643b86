import * as fs from 'node:fs';
import type { TaskType } from '../../core/pql/ast';
import type { RunMode } from '../../core/spec/SpecModel';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import { writeFileAtomic } from '../../backend/local/atomicFile';
import { assertFeaturePlan, type FeaturePlan } from '../features/FeaturePlan';
import type { FeatureFamily } from '../features/FeaturePlan';
import type { SerializedGbdtModel } from '../model';
import { deserializeTrainedModel, type SerializedEnsemble, type TrainedModel } from './TrainedModel';
import type { Trial } from './trainEnsemble';
import type { ValidationMetrics } from './ValidationMetrics';

/**
 * The model artifact of a training job: `<job artifact dir>/model.json`. It holds everything batch
 * prediction needs and nothing it must recompute: the query and its task type, the feature plan
 * (buildFeatures with this plan gives exactly the training features), the serialized GBDT, class
 * labels, and the training graph's metadata (the names and types a prediction graph must match).
 *
 * Prediction, in short:
 *   const artifact = readModelArtifact(file);
 *   const model = loadArtifactModel(artifact);
 *   // entities at the anchor -> table with ENTITY, ANCHOR_TIMESTAMP (static queries: staticFeatureAnchor)
 *   const { matrix } = await buildFeatures(session, graph, artifact.featurePlan, 'entities');
 *   const scores = model.predict(matrix);
 *   // binary: P(true); regression: the value; multiclass: n x classLabels.length probabilities
 *
 * `format` never changes; `version` changes only on an incompatible change, and readers refuse
 * versions they do not know.
 */
export const MODEL_ARTIFACT_FORMAT = 'relgraph-model';
export const MODEL_ARTIFACT_VERSION = 2;
/** Version 1 artifacts (one GBDT, no ensemble) still predict. */
const READABLE_VERSIONS: readonly number[] = [1, 2];
export const MODEL_ARTIFACT_FILE = 'model.json';

export interface ModelArtifact {
  format: typeof MODEL_ARTIFACT_FORMAT;
  version: 1 | typeof MODEL_ARTIFACT_VERSION;
  /** The training job that wrote it. */
  jobId: string;
  createdAt: string;
  /** The PQL as written in the training spec. */
  query: string;
  taskType: TaskType;
  entityTable: string;
  entityKey: string;
  /**
   * Whether the target has a time window. Temporal: prediction needs an anchor time (default: the
   * latest time in `targetFactTables`). Static: no anchor; features see all data (staticFeatureAnchor)
   * and the rows to predict are the entities whose target column is NULL.
   */
  temporal: boolean;
  /** Tables the target aggregates; Kumo's inferred anchor time is their latest timestamp. */
  targetFactTables: string[];
  /** Static column targets (`PREDICT t.c`): the column; its NULL rows are the ones to predict. */
  staticTargetColumn?: string;
  featurePlan: FeaturePlan;
  /** The (first) GBDT; its settings' embedding_dim is the embedding width. */
  model: SerializedGbdtModel;
  /** More GBDTs (a bag of seeds) and the linear model with its blend weight (see TrainedModel). */
  ensemble?: SerializedEnsemble;
  /** Multiclass: class index -> label (as DuckDB prints the value). */
  classLabels?: string[];
  /** Binary: the probability threshold that maximised validation accuracy (prediction specs may override). */
  threshold?: number;
  trainingGraph: TrainingGraphMetadata;
  training: TrainingRunSummary;
}

export interface TrainingRunSummary {
  runMode: RunMode;
  /** ISO instants of the first and last training anchors (temporal queries). */
  firstAnchor?: string;
  lastAnchor?: string;
  anchorCount: number;
  timeframeStepDays?: number;
  validationStart?: string;
  trainRows: number;
  validationRows: number;
  /**
   * Set when the (entity, anchor) pairs outnumbered the run mode's row limit: how many pairs there were,
   * how many were labelled (those with the smallest sampling hash, see sampleTrainingPairs), the rows
   * they gave and the rows kept (the limit).
   */
  sampling?: { candidatePairs: number; sampledPairs: number; labelledRows: number; keptRows: number };
  /** Positive label share (binary) or label mean (regression) of the training rows. */
  labelMean?: number;
  metrics: ValidationMetrics;
  roundsKept: number;
  featureCount: number;
  /** The ten features with the largest gain, for reports. */
  topFeatures: { feature: string; gainShare: number }[];
  /** The metric every choice compared on the validation rows (auroc, mae, multi_logloss). */
  evalMetric?: string;
  /** The feature plan before pruning, and per family: features derived, kept, and the kept ones' gain share. */
  candidateFeatureCount?: number;
  families?: { family: FeatureFamily; derived: number; kept: number; gainShare: number }[];
  /** The GBDTs' feature set (compact, pruned or all), bag size, and the linear model's share. */
  models?: {
    featureSet: string;
    gbdtFeatures: number;
    bagSize: number;
    rounds: number[];
    linearFeatures: number;
    linearWeight: number;
  };
  /** The linear model's largest standardised weights, as shares. */
  linearTopFeatures?: { feature: string; share: number }[];
  /** Every model tried, with its validation score (Kumo's AutoML experiments). */
  trials?: Trial[];
  /** What the user should know: a model no better than a constant, one-class validation rows. */
  warnings?: string[];
  /** Where the anchor settings came from (spec, data's history, time budget, defaults). */
  anchorOrigin?: Record<string, string>;
}

export function writeModelArtifact(file: string, artifact: ModelArtifact): void {
  writeFileAtomic(file, JSON.stringify(artifact) + '\n');
}

/** Reads and checks an artifact; errors name the file and what is wrong with it. */
export function readModelArtifact(file: string): ModelArtifact {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read model artifact ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return checkModelArtifact(parsed, file);
}

export function checkModelArtifact(value: unknown, where = 'model artifact'): ModelArtifact {
  const artifact = value as Partial<ModelArtifact> | null;
  if (!artifact || typeof artifact !== 'object' || artifact.format !== MODEL_ARTIFACT_FORMAT) {
    throw new Error(`${where} is not a relgraph model (format ${JSON.stringify(artifact?.format)})`);
  }
  if (!READABLE_VERSIONS.includes(artifact.version as number)) {
    throw new Error(
      `${where} has model format version ${JSON.stringify(artifact.version)}; this relgraph reads versions ` +
        `${READABLE_VERSIONS.join(' and ')}: train the model again with this version`,
    );
  }
  for (const key of ['jobId', 'query', 'taskType', 'entityTable', 'entityKey'] as const) {
    if (typeof artifact[key] !== 'string') throw new Error(`${where} lacks '${key}'`);
  }
  if (typeof artifact.temporal !== 'boolean') throw new Error(`${where} lacks 'temporal'`);
  if (!artifact.model || !artifact.trainingGraph || !artifact.training) {
    throw new Error(`${where} lacks the model, training graph or training summary`);
  }
  try {
    assertFeaturePlan(artifact.featurePlan);
  } catch (error) {
    throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return artifact as ModelArtifact;
}

/** The artifact's models, ready to predict: the GBDT bag and the linear model, blended. */
export function loadArtifactModel(artifact: ModelArtifact): TrainedModel {
  return deserializeTrainedModel(artifact.model, artifact.ensemble);
}
