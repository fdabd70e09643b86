import type { NumericArray } from './FeatureMatrix';

export type GbdtTask = 'binary' | 'regression' | 'multiclass';

/**
 * A loss the booster minimises. Raw scores are row-major n x numOutputs; gradients and hessians are output-major
 * (output k of row i at k * n + i) so that each output's tree reads one contiguous slice.
 */
export interface Objective {
  readonly task: GbdtTask;
  /** Trees per round and scores per row: the number of classes for multiclass, else 1. */
  readonly numOutputs: number;
  /** Throws when a label does not fit the task (e.g. 2 for binary, NaN anywhere). */
  checkLabels(labels: NumericArray): void;
  /** The constant raw score the ensemble starts from, per output. */
  initialScores(labels: NumericArray, weights: NumericArray | undefined): Float64Array;
  computeGradients(
    labels: NumericArray,
    weights: NumericArray | undefined,
    rawScores: Float64Array,
    gradients: Float64Array,
    hessians: Float64Array,
  ): void;
  /** Raw scores to predictions: probabilities (binary, multiclass) or values (regression). */
  transform(rawScores: Float64Array): Float64Array;
  /**
   * For losses whose Newton step is a poor leaf value (L1: the gradient is a sign), the exact leaf value from the
   * leaf's rows before the learning rate; undefined keeps -G/(H + lambda).
   */
  refitLeafValue?(
    rows: Int32Array,
    start: number,
    end: number,
    labels: NumericArray,
    weights: NumericArray | undefined,
    rawScores: Float64Array,
  ): number;
}

export function checkFiniteLabels(labels: NumericArray): void {
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isFinite(labels[i])) throw new Error(`label of row ${i} is ${labels[i]}; labels must be finite`);
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Weighted q-quantile of `values[0..length)` (lower quantile: the first value whose cumulative weight reaches q). */
export function weightedQuantile(
  values: Float64Array,
  weights: Float64Array | undefined,
  length: number,
  quantile: number,
): number {
  if (length === 0) return 0;
  if (!weights) {
    const sorted = values.subarray(0, length).sort();
    return sorted[Math.min(length - 1, Math.max(0, Math.ceil(quantile * length) - 1))];
  }
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (let i = 0; i < length; i++) total += weights[i];
  let cumulative = 0;
  for (let k = 0; k < length; k++) {
    cumulative += weights[order[k]];
    if (cumulative >= quantile * total) return values[order[k]];
  }
  return values[order[length - 1]];
}
