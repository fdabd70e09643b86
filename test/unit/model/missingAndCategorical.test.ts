import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaUnderRoc, binaryAccuracy, trainGbdt, type FeatureMatrix } from '../../../engine/model';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { at, matrixFromRows, sliceProblem, type Problem } from './syntheticData';

/** label 1 when x0 is missing or x0 > 1 (x1 is noise); 30% of x0 is missing. */
function missingSignalProblem(numRows: number, seed: number): Problem {
  const random = new SeededRandom(seed);
  const features = matrixFromRows(numRows, ['x0', 'x1'], () => random.nextGaussian());
  const labels = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) {
    if (random.next() < 0.3) features.values[i] = NaN;
    const x0 = at(features, i, 0);
    labels[i] = Number.isNaN(x0) || x0 > 1 ? 1 : 0;
  }
  return { features, labels };
}

/** label 1 for the codes {1, 4, 7, 8} of c (codes 0-9, no order in the codes), x is noise. */
function categoryProblem(numRows: number, seed: number, code = (k: number) => k): Problem {
  const random = new SeededRandom(seed);
  const positive = new Set([1, 4, 7, 8]);
  const raw = Array.from({ length: numRows }, () => random.nextInt(10));
  const features = matrixFromRows(numRows, ['c', 'x'], (i, j) => (j === 0 ? code(raw[i]) : random.nextGaussian()), [
    'categorical',
    'numeric',
  ]);
  const labels = Float64Array.from(raw, (k) => (positive.has(k) !== random.next() < 0.05 ? 1 : 0));
  return { features, labels };
}

const predictOne = (model: ReturnType<typeof trainGbdt>, template: FeatureMatrix, values: number[]) =>
  model.predict({ ...template, numRows: 1, values: Float64Array.from(values) })[0];

describe('missing values', () => {
  it('learns where missing values go from the data (here: with the positives)', () => {
    const problem = missingSignalProblem(4000, 1);
    const train = sliceProblem(problem, 0, 3000);
    const test = sliceProblem(problem, 3000, 4000);
    const model = trainGbdt({ task: 'binary', train, runMode: 'fast', settings: { early_stopping_rounds: 0 } });
    const probabilities = model.predict(test.features);
    assert.ok(binaryAccuracy(test.labels, probabilities) > 0.97);
    assert.ok(predictOne(model, test.features, [NaN, 0]) > 0.9, 'missing x0 -> positive');
    assert.ok(predictOne(model, test.features, [-0.5, 0]) < 0.1, 'small x0 -> negative');
    assert.ok(predictOne(model, test.features, [2, 0]) > 0.9, 'large x0 -> positive');
  });

  it('predicts finite values for NaN in a feature that had no missing values in training', () => {
    const problem = missingSignalProblem(2000, 2);
    const model = trainGbdt({ task: 'binary', train: problem, runMode: 'fast', settings: { num_trees: 20 } });
    const p = predictOne(model, problem.features, [1.5, NaN]);
    assert.ok(p > 0 && p < 1);
  });
});

describe('categorical features', () => {
  it('separates an unordered set of codes in one split, which a numeric reading of the codes cannot', () => {
    const problem = categoryProblem(4000, 3);
    const train = sliceProblem(problem, 0, 3000);
    const test = sliceProblem(problem, 3000, 4000);
    const settings = { num_trees: 1, max_depth: 1, num_leaves: 2, learning_rate: 0.5, early_stopping_rounds: 0 };
    const stump = trainGbdt({ task: 'binary', train, runMode: 'fast', settings });
    const categoricalAuc = areaUnderRoc(test.labels, stump.predict(test.features));
    assert.ok(categoricalAuc > 0.93, `AUC ${categoricalAuc}; 5% label noise caps it near 0.95`);
    const numericStump = trainGbdt({
      task: 'binary',
      train: { ...train, features: { ...train.features, featureKinds: ['numeric', 'numeric'] } },
      runMode: 'fast',
      settings,
    });
    const numericTest = { ...test.features, featureKinds: ['numeric', 'numeric'] as const };
    const numericAuc = areaUnderRoc(test.labels, numericStump.predict(numericTest));
    assert.ok(numericAuc < 0.8, `numeric AUC ${numericAuc}: one threshold cannot isolate {1, 4, 7, 8}`);
  });

  it('works with codes that are not small integers and sends unseen codes the default way', () => {
    const problem = categoryProblem(3000, 4, (k) => 1e9 + k * 0.5);
    const model = trainGbdt({ task: 'binary', train: problem, runMode: 'fast', settings: { num_trees: 30 } });
    assert.ok(predictOne(model, problem.features, [1e9 + 4 * 0.5, 0]) > 0.8, 'code 4 is positive');
    assert.ok(predictOne(model, problem.features, [1e9 + 2 * 0.5, 0]) < 0.2, 'code 2 is negative');
    const unseen = predictOne(model, problem.features, [-1, 0]);
    assert.equal(unseen, predictOne(model, problem.features, [NaN, 0]), 'unseen codes act like missing');
  });
});
