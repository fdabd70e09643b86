import type { NumericArray } from './FeatureMatrix';
import { checkFiniteLabels, type Objective } from './Objective';

/** Multiclass classification by softmax cross-entropy: one raw score and one tree per class per round. */
export class MulticlassSoftmax implements Objective {
  readonly task = 'multiclass';

  constructor(readonly numOutputs: number) {
    if (!Number.isInteger(numOutputs) || numOutputs < 2) throw new Error(`multiclass needs >= 2 classes`);
  }

  checkLabels(labels: NumericArray): void {
    checkFiniteLabels(labels);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i];
      if (!Number.isInteger(label) || label < 0 || label >= this.numOutputs) {
        throw new Error(`class label of row ${i} is ${label}; expected an integer in [0, ${this.numOutputs})`);
      }
    }
  }

  /** Log of the (weighted) class frequencies, so the first trees start from the prior. */
  initialScores(labels: NumericArray, weights: NumericArray | undefined): Float64Array {
    const mass = new Float64Array(this.numOutputs);
    let total = 0;
    for (let i = 0; i < labels.length; i++) {
      const weight = weights ? weights[i] : 1;
      mass[labels[i]] += weight;
      total += weight;
    }
    return mass.map((m) => Math.log(Math.max(total > 0 ? m / total : 1 / this.numOutputs, 1e-6)));
  }

  computeGradients(
    labels: NumericArray,
    weights: NumericArray | undefined,
    rawScores: Float64Array,
    gradients: Float64Array,
    hessians: Float64Array,
  ): void {
    const classes = this.numOutputs;
    const numRows = labels.length;
    const probabilities = new Float64Array(classes);
    // LightGBM's factor: with K classes the softmax Hessian diagonal is scaled by K/(K-1).
    const hessianScale = classes / (classes - 1);
    for (let i = 0; i < numRows; i++) {
      softmaxRow(rawScores, i * classes, classes, probabilities, 0);
      const weight = weights ? weights[i] : 1;
      for (let k = 0; k < classes; k++) {
        const p = probabilities[k];
        gradients[k * numRows + i] = weight * (p - (labels[i] === k ? 1 : 0));
        hessians[k * numRows + i] = weight * Math.max(hessianScale * p * (1 - p), 1e-16);
      }
    }
  }

  transform(rawScores: Float64Array): Float64Array {
    return softmaxRows(Float64Array.from(rawScores), this.numOutputs);
  }
}

/** Replaces each row of a row-major n x classes matrix of logits by its softmax; returns the same array. */
export function softmaxRows(scores: Float64Array, classes: number): Float64Array {
  for (let offset = 0; offset < scores.length; offset += classes) softmaxRow(scores, offset, classes, scores, offset);
  return scores;
}

function softmaxRow(raw: Float64Array, offset: number, classes: number, out: Float64Array, outOffset: number): void {
  let max = -Infinity;
  for (let k = 0; k < classes; k++) max = Math.max(max, raw[offset + k]);
  let sum = 0;
  for (let k = 0; k < classes; k++) {
    const e = Math.exp(raw[offset + k] - max);
    out[outOffset + k] = e;
    sum += e;
  }
  for (let k = 0; k < classes; k++) out[outOffset + k] /= sum;
}
