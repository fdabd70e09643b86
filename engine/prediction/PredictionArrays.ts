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

/** Copies `part` into `whole` at row `offset` (all present arrays). */
export function placeRows(whole: PredictionArrays, part: PredictionArrays, offset: number): void {
  if (part.scores) whole.scores!.set(part.scores, offset);
  if (part.classProbabilities) whole.classProbabilities!.set(part.classProbabilities, offset * part.numClasses!);
  if (part.embeddings) whole.embeddings!.set(part.embeddings, offset * part.embeddingWidth!);
}

/** Empty arrays shaped like `like`, for `rowCount` rows. */
export function allocateLike(like: PredictionArrays, rowCount: number): PredictionArrays {
  return {
    rowCount,
    ...(like.scores ? { scores: new Float64Array(rowCount) } : {}),
    ...(like.classProbabilities
      ? { classProbabilities: new Float64Array(rowCount * like.numClasses!), numClasses: like.numClasses }
      : {}),
    ...(like.embeddings
      ? { embeddings: new Float32Array(rowCount * like.embeddingWidth!), embeddingWidth: like.embeddingWidth }
      : {}),
  };
}
