import type { FeatureKind } from '../model/FeatureMatrix';
import type { TrainedModel } from '../training/TrainedModel';
import { loadArtifactModel, readModelArtifact } from '../training/ModelArtifact';
import type { PredictionArrays } from './PredictionArrays';

/**
 * One prediction worker thread (piscina): scores batches of feature rows with the job's model. The parent builds
 * the features in its own DuckDB (set-based, over all rows) and moves each batch here; the worker reads the model
 * once per job and returns the batch's arrays, row for row. No DuckDB here: a worker holds a model and a batch.
 */
export interface PredictionWorkerTask {
  /** Identifies the job: a worker keeps one job's model loaded across its batches. */
  jobKey: string;
  modelArtifactPath: string;
  /** Column-major float32 features of the plan (see FeatureMatrix), moved from the parent. */
  values: Float32Array;
  numRows: number;
  featureNames: readonly string[];
  featureKinds: readonly FeatureKind[];
  predictions: boolean;
  embeddings: boolean;
  /**
   * Shared with the parent (a SharedArrayBuffer): set to 1 when the job is cancelled. A batch that has not
   * started is given up; scoring itself is plain JavaScript and short, so a started batch finishes.
   */
  cancelFlag?: Int32Array;
}

/** The batch gave up because its job was cancelled. */
class BatchCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BatchCancelled';
  }
}

let loaded: { key: string; model: TrainedModel } | undefined;

function modelOf(task: PredictionWorkerTask): TrainedModel {
  if (loaded?.key !== task.jobKey) {
    loaded = undefined;
    loaded = { key: task.jobKey, model: loadArtifactModel(readModelArtifact(task.modelArtifactPath)) };
  }
  return loaded.model;
}

export default function scoreBatch(task: PredictionWorkerTask): PredictionArrays {
  const cancelled = () => task.cancelFlag !== undefined && Atomics.load(task.cancelFlag, 0) === 1;
  if (cancelled()) throw new BatchCancelled();
  const model = modelOf(task);
  const n = task.numRows;
  const matrix = {
    numRows: n,
    numFeatures: task.featureNames.length,
    values: task.values,
    featureNames: task.featureNames,
    featureKinds: task.featureKinds,
  };
  const out: PredictionArrays = { rowCount: n };
  if (task.predictions) {
    const scores = model.predict(matrix);
    if (model.task === 'multiclass') {
      out.classProbabilities = scores;
      out.numClasses = model.numOutputs;
    } else out.scores = scores;
  }
  if (task.embeddings && !cancelled()) {
    const embedded = model.embed(matrix);
    out.embeddings = embedded;
    out.embeddingWidth = n > 0 ? embedded.length / n : model.settings.embedding_dim;
  }
  return out;
}
