/**
 * What the model produced for a run of prediction rows, as flat typed arrays (row i of the run is the
 * run's i-th row): the currency between prediction workers and the output writer. Transferable between
 * threads without copying.
 */
export interface PredictionArrays {
  rowCount: number;
  /** Binary: P(target is true). Regression: the predicted value. */
  scores?: Float64Array;
  /** Multiclass: row-major `rowCount x numClasses` probabilities, classes in the model's order. */
  classProbabilities?: Float64Array;
  numClasses?: number;
  /** Row-major `rowCount x embeddingWidth` entity embeddings. */
  embeddings?: Float32Array;
  embeddingWidth?: number;
}

/** How the `predictions` artifact looks, by task (Kumo's batch prediction output columns). */
export type OutputShape =
  /** `ENTITY, [ANCHOR_TIMESTAMP], TARGET_PRED, FALSE_PROB, TRUE_PROB`; TARGET_PRED = TRUE_PROB >= threshold. */
  | { kind: 'binary'; threshold: number }
  /** `ENTITY, [ANCHOR_TIMESTAMP], TARGET_PRED`. */
  | { kind: 'regression' }
  /** Long format `ENTITY, [ANCHOR_TIMESTAMP], CLASS, SCORE, PREDICTED`, the `topK` best classes per row. */
  | { kind: 'multiclass'; classes: readonly (string | number)[]; topK: number };
