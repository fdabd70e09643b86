import type { NumericArray } from './FeatureMatrix';
import { checkFiniteLabels, sigmoid, type Objective } from './Objective';

/** Binary classification by logistic loss; the raw score is the log-odds of label 1. */
export class BinaryLogLoss implements Objective {
  readonly task = 'binary';
  readonly numOutputs = 1;

  checkLabels(labels: NumericArray): void {
    checkFiniteLabels(labels);
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 1) throw new Error(`binary label of row ${i} is ${labels[i]}; expected 0 or 1`);
    }
  }

  initialScores(labels: NumericArray, weights: NumericArray | undefined): Float64Array {
    let positive = 0;
    let total = 0;
    for (let i = 0; i < labels.length; i++) {
      const weight = weights ? weights[i] : 1;
      positive += weight * labels[i];
      total += weight;
    }
    const rate = Math.min(Math.max(total > 0 ? positive / total : 0.5, 1e-6), 1 - 1e-6);
    return Float64Array.of(Math.log(rate / (1 - rate)));
  }

  computeGradients(
    labels: NumericArray,
    weights: NumericArray | undefined,
    rawScores: Float64Array,
    gradients: Float64Array,
    hessians: Float64Array,
  ): void {
    for (let i = 0; i < labels.length; i++) {
      const p = sigmoid(rawScores[i]);
      const weight = weights ? weights[i] : 1;
      gradients[i] = weight * (p - labels[i]);
      // The floor keeps leaves of confidently classified rows finite.
      hessians[i] = weight * Math.max(p * (1 - p), 1e-16);
    }
  }

  transform(rawScores: Float64Array): Float64Array {
    return rawScores.map(sigmoid);
  }
}
