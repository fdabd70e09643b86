import type { FeatureMatrix } from '../../engine/model';
import { SeededRandom } from '../../engine/model/SeededRandom';

/**
 * The sizing problem of engine-notes §3: standard-normal features, a nonlinear label (sine, interaction, absolute
 * value, threshold-gated slope, square) plus noise; positive rate near one half. Features 8-12 are 5% missing and
 * carry no signal; features 13+ are pure noise.
 */
export function syntheticBinaryProblem(
  numRows: number,
  numFeatures: number,
  seed: number,
): { features: FeatureMatrix; labels: Float64Array } {
  if (numFeatures < 13) throw new Error('the problem needs at least 13 features');
  const random = new SeededRandom(seed);
  const values = new Float64Array(numRows * numFeatures);
  for (let k = 0; k < values.length; k++) values[k] = random.nextGaussian();
  for (let j = 8; j <= 12; j++) {
    for (let i = 0; i < numRows; i++) if (random.next() < 0.05) values[j * numRows + i] = NaN;
  }
  const x = (j: number, i: number) => values[j * numRows + i];
  const labels = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const logit =
      1.5 * Math.sin(2 * x(0, i)) +
      x(1, i) * x(2, i) +
      1.2 * (Math.abs(x(3, i)) - 0.8) +
      0.8 * x(4, i) +
      (x(5, i) > 0.5 ? 1 : -0.5) * x(6, i) +
      0.5 * (x(7, i) * x(7, i) - 1);
    labels[i] = logit + 0.3 * random.nextGaussian() > 0 ? 1 : 0;
  }
  const featureNames = Array.from({ length: numFeatures }, (_, j) => `f${j}`);
  return {
    features: { numRows, numFeatures, values, featureNames, featureKinds: featureNames.map(() => 'numeric') },
    labels,
  };
}

/** Rows [start, end) of a problem as its own matrix (a copy, column by column). */
export function sliceRows(
  problem: { features: FeatureMatrix; labels: Float64Array },
  start: number,
  end: number,
): { features: FeatureMatrix; labels: Float64Array } {
  const { numRows, numFeatures, values } = problem.features;
  const count = end - start;
  const sliced = new Float64Array(count * numFeatures);
  for (let j = 0; j < numFeatures; j++) sliced.set(values.subarray(j * numRows + start, j * numRows + end), j * count);
  return {
    features: { ...problem.features, numRows: count, values: sliced },
    labels: problem.labels.slice(start, end),
  };
}
