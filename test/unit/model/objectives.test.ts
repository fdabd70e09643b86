import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  areaUnderRoc,
  meanAbsoluteError,
  multiclassAccuracy,
  rSquared,
  trainGbdt,
  type GbdtSettingsOverrides,
} from '../../../engine/model';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { binaryProblem, multiclassProblem, regressionProblem, splitProblem } from './syntheticData';

const quick: GbdtSettingsOverrides = { num_trees: 80, early_stopping_rounds: 0 };

describe('objectives learn held-out data well above chance', () => {
  it('binary logloss: AUC > 0.93 on an interaction problem (a constant scores 0.5)', () => {
    const { train, test } = splitProblem(binaryProblem(4000, 1), 3000);
    const model = trainGbdt({ task: 'binary', train, runMode: 'fast', settings: quick });
    const probabilities = model.predict(test.features);
    assert.equal(probabilities.length, 1000);
    assert.ok(probabilities.every((p) => p > 0 && p < 1));
    const auc = areaUnderRoc(test.labels, probabilities);
    assert.ok(auc > 0.93, `AUC ${auc}`);
  });

  it('regression L2: R2 > 0.85 on a nonlinear target (the mean scores 0)', () => {
    const { train, test } = splitProblem(regressionProblem(4000, 2), 3000);
    const model = trainGbdt({ task: 'regression', train, runMode: 'fast', settings: quick });
    const r2 = rSquared(test.labels, model.predict(test.features));
    assert.ok(r2 > 0.85, `R2 ${r2}`);
  });

  it('regression L1 and Huber resist one-sided outliers that drag L2 up (held-out MAE)', () => {
    const problem = regressionProblem(4000, 3);
    const random = new SeededRandom(30);
    for (let i = 0; i < 3000; i++) if (random.next() < 0.15) problem.labels[i] += 40;
    const { train, test } = splitProblem(problem, 3000);
    const mae = (settings: GbdtSettingsOverrides) =>
      meanAbsoluteError(
        test.labels,
        trainGbdt({ task: 'regression', train, runMode: 'fast', settings: { ...quick, ...settings } }).predict(
          test.features,
        ),
      );
    const l2 = mae({ loss: 'l2' });
    const l1 = mae({ loss: 'l1' });
    const huber = mae({ loss: 'huber' });
    // Clean noise alone gives MAE ~0.24; the L2 mean absorbs 15% x 40 = 6 of upward shift.
    assert.ok(l1 < 0.6, `L1 MAE ${l1}`);
    assert.ok(l2 > 4, `L2 MAE ${l2}`);
    // Huber clips residuals at delta, so it still shifts by a fraction of delta: between the two.
    assert.ok(huber < l2 / 3, `Huber MAE ${huber}, L2 ${l2}`);
  });

  it('multiclass softmax: accuracy > 0.9 on three angular sectors (chance is 1/3)', () => {
    const { train, test } = splitProblem(multiclassProblem(4000, 4), 3000);
    const model = trainGbdt({ task: 'multiclass', train, runMode: 'fast', settings: quick });
    assert.equal(model.numOutputs, 3);
    assert.equal(model.trees.length, 3 * model.numRounds, 'one tree per class per round');
    const probabilities = model.predict(test.features);
    assert.equal(probabilities.length, 3 * 1000);
    for (let i = 0; i < 1000; i++) {
      const sum = probabilities[3 * i] + probabilities[3 * i + 1] + probabilities[3 * i + 2];
      assert.ok(Math.abs(sum - 1) < 1e-12);
    }
    const accuracy = multiclassAccuracy(test.labels, probabilities, 3);
    assert.ok(accuracy > 0.9, `accuracy ${accuracy}`);
  });

  it('sample weights: rows with weight 0 are ignored', () => {
    const { train, test } = splitProblem(binaryProblem(4000, 5), 3000);
    // Flip the labels of every other row; give exactly those rows weight 0.
    const labels = train.labels.map((y, i) => (i % 2 === 0 ? 1 - y : y));
    const weights = new Float64Array(3000).map((_, i) => (i % 2 === 0 ? 0 : 1));
    const options = { task: 'binary' as const, runMode: 'fast' as const, settings: quick };
    const weighted = trainGbdt({ ...options, train: { features: train.features, labels, weights } });
    const unweighted = trainGbdt({ ...options, train: { features: train.features, labels } });
    const weightedAuc = areaUnderRoc(test.labels, weighted.predict(test.features));
    const unweightedAuc = areaUnderRoc(test.labels, unweighted.predict(test.features));
    assert.ok(weightedAuc > 0.9, `weighted AUC ${weightedAuc}`);
    assert.ok(unweightedAuc < 0.75, `unweighted AUC ${unweightedAuc} (half the labels are flipped)`);
  });

  it('rejects labels that do not fit the task', () => {
    const { features } = binaryProblem(50, 6);
    const labels = new Float64Array(50).fill(1);
    labels[3] = 2;
    assert.throws(() => trainGbdt({ task: 'binary', train: { features, labels } }), /row 3 is 2; expected 0 or 1/);
    labels[3] = NaN;
    assert.throws(() => trainGbdt({ task: 'regression', train: { features, labels } }), /row 3 is NaN/);
    labels[3] = 0.5;
    assert.throws(
      () => trainGbdt({ task: 'multiclass', numClasses: 3, train: { features, labels } }),
      /row 3 is 0.5; expected an integer in \[0, 3\)/,
    );
  });
});
