import type { NumericArray } from './FeatureMatrix';

/**
 * Evaluation metrics over typed arrays. Optional weights (non-negative) scale each row's contribution; without
 * them every row counts 1. Ranking metrics treat tied scores as one threshold, so shuffling tied rows never changes
 * the result.
 */

type Weights = NumericArray | undefined;

const weightOf = (weights: Weights, row: number) => (weights ? weights[row] : 1);

/** Rows ordered by descending score, ties in row order (the grouping below makes tie order irrelevant). */
function orderByScoreDescending(scores: NumericArray): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * Area under the ROC curve for 0/1 labels (label > 0.5 is positive). Tied scores count half, which is the
 * trapezoid under the ROC curve. NaN when either class is absent.
 */
export function areaUnderRoc(labels: NumericArray, scores: NumericArray, weights?: NumericArray): number {
  const order = orderByScoreDescending(scores);
  let positivesAbove = 0;
  let area = 0;
  let totalNegative = 0;
  for (let start = 0; start < order.length; ) {
    let positives = 0;
    let negatives = 0;
    let end = start;
    for (; end < order.length && scores[order[end]] === scores[order[start]]; end++) {
      const row = order[end];
      if (labels[row] > 0.5) positives += weightOf(weights, row);
      else negatives += weightOf(weights, row);
    }
    area += negatives * (positivesAbove + positives / 2);
    positivesAbove += positives;
    totalNegative += negatives;
    start = end;
  }
  return positivesAbove > 0 && totalNegative > 0 ? area / (positivesAbove * totalNegative) : NaN;
}

/**
 * Average precision: sum over distinct score thresholds of precision x recall increase (scikit-learn's definition,
 * no interpolation). NaN without positives.
 */
export function averagePrecision(labels: NumericArray, scores: NumericArray, weights?: NumericArray): number {
  const order = orderByScoreDescending(scores);
  let totalPositive = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0.5) totalPositive += weightOf(weights, i);
  if (totalPositive === 0) return NaN;
  let truePositives = 0;
  let predictedPositives = 0;
  let sum = 0;
  for (let start = 0; start < order.length; ) {
    let positives = 0;
    let end = start;
    for (; end < order.length && scores[order[end]] === scores[order[start]]; end++) {
      const row = order[end];
      const weight = weightOf(weights, row);
      if (labels[row] > 0.5) positives += weight;
      predictedPositives += weight;
    }
    truePositives += positives;
    if (positives > 0) sum += (truePositives / predictedPositives) * (positives / totalPositive);
    start = end;
  }
  return sum;
}

/** Share of rows whose probability is on the same side of `threshold` as the 0/1 label (>= threshold is 1). */
export function binaryAccuracy(
  labels: NumericArray,
  probabilities: NumericArray,
  threshold = 0.5,
  weights?: NumericArray,
): number {
  return weightedMean(labels.length, weights, (i) => (probabilities[i] >= threshold === labels[i] > 0.5 ? 1 : 0));
}

/** Mean negative log-likelihood of 0/1 (or fractional) labels; probabilities are clipped to [1e-15, 1 - 1e-15]. */
export function logLoss(labels: NumericArray, probabilities: NumericArray, weights?: NumericArray): number {
  return weightedMean(labels.length, weights, (i) => {
    const p = clipProbability(probabilities[i]);
    return -(labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p));
  });
}

export function meanAbsoluteError(labels: NumericArray, predictions: NumericArray, weights?: NumericArray): number {
  return weightedMean(labels.length, weights, (i) => Math.abs(labels[i] - predictions[i]));
}

export function rootMeanSquaredError(labels: NumericArray, predictions: NumericArray, weights?: NumericArray): number {
  return Math.sqrt(weightedMean(labels.length, weights, (i) => (labels[i] - predictions[i]) ** 2));
}

/** Coefficient of determination: 1 - SSE / SST around the (weighted) label mean. NaN for constant labels. */
export function rSquared(labels: NumericArray, predictions: NumericArray, weights?: NumericArray): number {
  const mean = weightedMean(labels.length, weights, (i) => labels[i]);
  let residual = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const weight = weightOf(weights, i);
    residual += weight * (labels[i] - predictions[i]) ** 2;
    total += weight * (labels[i] - mean) ** 2;
  }
  return total > 0 ? 1 - residual / total : NaN;
}

/** Index of the largest value of each row of a row-major n x numClasses matrix (first one on ties). */
export function argmaxPerRow(probabilities: NumericArray, numClasses: number): Int32Array {
  const numRows = probabilities.length / numClasses;
  const classes = new Int32Array(numRows);
  for (let i = 0; i < numRows; i++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) {
      if (probabilities[i * numClasses + k] > probabilities[i * numClasses + best]) best = k;
    }
    classes[i] = best;
  }
  return classes;
}

/** Share of rows whose most probable class (row-major n x numClasses probabilities) is the label. */
export function multiclassAccuracy(
  labels: NumericArray,
  probabilities: NumericArray,
  numClasses: number,
  weights?: NumericArray,
): number {
  const predicted = argmaxPerRow(probabilities, numClasses);
  return weightedMean(labels.length, weights, (i) => (predicted[i] === labels[i] ? 1 : 0));
}

/** Mean of -log p(true class), probabilities clipped to [1e-15, 1]. */
export function multiclassLogLoss(
  labels: NumericArray,
  probabilities: NumericArray,
  numClasses: number,
  weights?: NumericArray,
): number {
  return weightedMean(
    labels.length,
    weights,
    (i) => -Math.log(clipProbability(probabilities[i * numClasses + labels[i]])),
  );
}

function clipProbability(p: number): number {
  return Math.min(Math.max(p, 1e-15), 1 - 1e-15);
}

function weightedMean(length: number, weights: Weights, value: (row: number) => number): number {
  let sum = 0;
  let totalWeight = 0;
  for (let i = 0; i < length; i++) {
    const weight = weightOf(weights, i);
    if (weight === 0) continue;
    sum += weight * value(i);
    totalWeight += weight;
  }
  return totalWeight > 0 ? sum / totalWeight : NaN;
}
