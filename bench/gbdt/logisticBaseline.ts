import type { FeatureMatrix } from '../../engine/model';

/**
 * The bench's peer: L2-regularised logistic regression by full-batch gradient descent on standardised features
 * (missing values imputed with the mean, i.e. 0 after standardising). Linear, so it cannot learn the sine,
 * interaction and absolute-value terms that the trees can.
 */
export function trainLogisticBaseline(
  features: FeatureMatrix,
  labels: Float64Array,
  epochs = 200,
  learningRate = 0.5,
): (matrix: FeatureMatrix) => Float64Array {
  const { numRows, numFeatures } = features;
  const means = new Float64Array(numFeatures);
  const scales = new Float64Array(numFeatures);
  for (let j = 0; j < numFeatures; j++) {
    let sum = 0;
    let sumSquares = 0;
    let count = 0;
    for (let i = 0; i < numRows; i++) {
      const x = features.values[j * numRows + i];
      if (x !== x) continue;
      sum += x;
      sumSquares += x * x;
      count++;
    }
    means[j] = count > 0 ? sum / count : 0;
    scales[j] = count > 0 ? 1 / Math.sqrt(Math.max(sumSquares / count - means[j] ** 2, 1e-12)) : 0;
  }
  const standardise = (matrix: FeatureMatrix) => {
    const out = new Float64Array(matrix.values.length);
    for (let j = 0; j < numFeatures; j++) {
      for (let i = 0; i < matrix.numRows; i++) {
        const x = matrix.values[j * matrix.numRows + i];
        out[j * matrix.numRows + i] = x !== x ? 0 : (x - means[j]) * scales[j];
      }
    }
    return out;
  };
  const z = standardise(features);
  const weights = new Float64Array(numFeatures);
  let bias = 0;
  const margin = new Float64Array(numRows);
  const residual = new Float64Array(numRows);
  for (let epoch = 0; epoch < epochs; epoch++) {
    margin.fill(bias);
    for (let j = 0; j < numFeatures; j++) {
      const w = weights[j];
      for (let i = 0; i < numRows; i++) margin[i] += w * z[j * numRows + i];
    }
    let residualSum = 0;
    for (let i = 0; i < numRows; i++) {
      residual[i] = 1 / (1 + Math.exp(-margin[i])) - labels[i];
      residualSum += residual[i];
    }
    bias -= (learningRate * residualSum) / numRows;
    for (let j = 0; j < numFeatures; j++) {
      let gradient = 0;
      for (let i = 0; i < numRows; i++) gradient += residual[i] * z[j * numRows + i];
      weights[j] -= learningRate * (gradient / numRows + 1e-4 * weights[j]);
    }
  }
  return (matrix) => {
    const zm = standardise(matrix);
    const out = new Float64Array(matrix.numRows).fill(bias);
    for (let j = 0; j < numFeatures; j++) {
      for (let i = 0; i < matrix.numRows; i++) out[i] += weights[j] * zm[j * matrix.numRows + i];
    }
    return out.map((m) => 1 / (1 + Math.exp(-m)));
  };
}
