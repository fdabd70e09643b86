import type { FeatureKind, FeatureMatrix } from '../../../engine/model';
import { SeededRandom } from '../../../engine/model/SeededRandom';

/** Small seeded problems for the model tests: a matrix, labels, and the generator's noise-free truth. */
export interface Problem {
  features: FeatureMatrix;
  labels: Float64Array;
}

/** Column-major matrix from row-producing callbacks: column j of row i is columns[j](i). */
export function matrixFromRows(
  numRows: number,
  names: string[],
  valueOf: (row: number, feature: number) => number,
  kinds: FeatureKind[] = names.map(() => 'numeric'),
): FeatureMatrix {
  const values = new Float64Array(numRows * names.length);
  for (let j = 0; j < names.length; j++) for (let i = 0; i < numRows; i++) values[j * numRows + i] = valueOf(i, j);
  return { numRows, numFeatures: names.length, values, featureNames: names, featureKinds: kinds };
}

/** Standard-normal features x0..x{f-1}. */
export function gaussianFeatures(numRows: number, numFeatures: number, random: SeededRandom): FeatureMatrix {
  const names = Array.from({ length: numFeatures }, (_, j) => `x${j}`);
  return matrixFromRows(numRows, names, () => random.nextGaussian());
}

export const at = (m: FeatureMatrix, row: number, feature: number) => m.values[feature * m.numRows + row];

/** label = 1 when x0 + x1 * x2 + noise > 0: nonlinear, learnable, about half positive. */
export function binaryProblem(numRows: number, seed: number, numFeatures = 6): Problem {
  const random = new SeededRandom(seed);
  const features = gaussianFeatures(numRows, numFeatures, random);
  const labels = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const score = at(features, i, 0) + 1.5 * at(features, i, 1) * at(features, i, 2) + 0.3 * random.nextGaussian();
    labels[i] = score > 0 ? 1 : 0;
  }
  return { features, labels };
}

/** y = 3 sin(x0) + x1^2 + x2 + N(0, 0.3^2). */
export function regressionProblem(numRows: number, seed: number): Problem {
  const random = new SeededRandom(seed);
  const features = gaussianFeatures(numRows, 5, random);
  const labels = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const x = (j: number) => at(features, i, j);
    labels[i] = 3 * Math.sin(x(0)) + x(1) * x(1) + x(2) + 0.3 * random.nextGaussian();
  }
  return { features, labels };
}

/** Three classes by the angle of (x0, x1): [0, 120), [120, 240), [240, 360) degrees. */
export function multiclassProblem(numRows: number, seed: number): Problem {
  const random = new SeededRandom(seed);
  const features = gaussianFeatures(numRows, 4, random);
  const labels = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const angle = Math.atan2(at(features, i, 1), at(features, i, 0)) + Math.PI;
    labels[i] = Math.min(2, Math.floor(angle / ((2 * Math.PI) / 3)));
  }
  return { features, labels };
}

/** Rows [start, end) of a problem as a new problem. */
export function sliceProblem(problem: Problem, start: number, end: number): Problem {
  const { numRows, numFeatures, values } = problem.features;
  const count = end - start;
  const sliced = new Float64Array(count * numFeatures);
  for (let j = 0; j < numFeatures; j++) sliced.set(values.subarray(j * numRows + start, j * numRows + end), j * count);
  return {
    features: { ...problem.features, numRows: count, values: sliced },
    labels: problem.labels.slice(start, end),
  };
}

/** The first `trainRows` rows for training and the rest held out. */
export function splitProblem(problem: Problem, trainRows: number): { train: Problem; test: Problem } {
  return {
    train: sliceProblem(problem, 0, trainRows),
    test: sliceProblem(problem, trainRows, problem.features.numRows),
  };
}
