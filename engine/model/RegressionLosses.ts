import type { NumericArray } from './FeatureMatrix';
import type { RegressionLoss } from './GbdtSettings';
import { checkFiniteLabels, weightedQuantile, type Objective } from './Objective';

/**
 * Regression objectives; the raw score is the prediction.
 * - l2: squared error (Newton step = mean residual).
 * - l1: absolute error, for MAE-scored targets. The gradient is only a sign, so trees are grown on signs and each
 *   leaf is then set to the weighted median residual of its rows (as LightGBM does).
 * - huber: squared near zero, absolute beyond `delta`; robust to outliers while still smooth.
 */
export class RegressionObjective implements Objective {
  readonly task = 'regression';
  readonly numOutputs = 1;
  /** Huber delta, resolved from the training labels by initialScores when 'auto'. */
  delta = 1;
  readonly refitLeafValue: Objective['refitLeafValue'];

  constructor(
    readonly loss: RegressionLoss,
    private readonly huberDelta: number | 'auto' = 'auto',
  ) {
    if (loss === 'l1') this.refitLeafValue = medianResidual;
  }

  checkLabels(labels: NumericArray): void {
    checkFiniteLabels(labels);
  }

  initialScores(labels: NumericArray, weights: NumericArray | undefined): Float64Array {
    const copy = Float64Array.from(labels);
    const weightCopy = weights ? Float64Array.from(weights) : undefined;
    if (this.loss === 'l2') {
      let sum = 0;
      let total = 0;
      for (let i = 0; i < labels.length; i++) {
        const weight = weights ? weights[i] : 1;
        sum += weight * labels[i];
        total += weight;
      }
      return Float64Array.of(total > 0 ? sum / total : 0);
    }
    const median = weightedQuantile(copy, weightCopy, copy.length, 0.5);
    if (this.loss === 'huber') this.delta = this.resolveDelta(labels, median, weightCopy);
    return Float64Array.of(median);
  }

  computeGradients(
    labels: NumericArray,
    weights: NumericArray | undefined,
    rawScores: Float64Array,
    gradients: Float64Array,
    hessians: Float64Array,
  ): void {
    const delta = this.delta;
    for (let i = 0; i < labels.length; i++) {
      const weight = weights ? weights[i] : 1;
      const residual = rawScores[i] - labels[i];
      if (this.loss === 'l2') gradients[i] = weight * residual;
      else if (this.loss === 'l1') gradients[i] = weight * Math.sign(residual);
      else gradients[i] = weight * Math.min(Math.max(residual, -delta), delta);
      hessians[i] = weight;
    }
  }

  transform(rawScores: Float64Array): Float64Array {
    return Float64Array.from(rawScores);
  }

  /** 1.4826 x MAD estimates the noise scale for Gaussian noise; falls back to 1 for (mostly) constant labels. */
  private resolveDelta(labels: NumericArray, median: number, weights: Float64Array | undefined): number {
    if (this.huberDelta !== 'auto') return this.huberDelta;
    const deviations = new Float64Array(labels.length);
    for (let i = 0; i < labels.length; i++) deviations[i] = Math.abs(labels[i] - median);
    const mad = weightedQuantile(deviations, weights, deviations.length, 0.5);
    return mad > 0 ? 1.4826 * mad : 1;
  }
}

function medianResidual(
  rows: Int32Array,
  start: number,
  end: number,
  labels: NumericArray,
  weights: NumericArray | undefined,
  rawScores: Float64Array,
): number {
  const residuals = new Float64Array(end - start);
  const leafWeights = weights ? new Float64Array(end - start) : undefined;
  for (let k = start; k < end; k++) {
    residuals[k - start] = labels[rows[k]] - rawScores[rows[k]];
    if (leafWeights) leafWeights[k - start] = weights![rows[k]];
  }
  return weightedQuantile(residuals, leafWeights, residuals.length, 0.5);
}
