import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  areaUnderRoc,
  deserializeLinearModel,
  meanAbsoluteError,
  serializeLinearModel,
  trainGbdt,
  trainLinearModel,
} from '../../../engine/model';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { deserializeTrainedModel, serializeTrainedModel, TrainedModel } from '../../../engine/training/TrainedModel';
import { at, gaussianFeatures, matrixFromRows } from './syntheticData';

/** label ~ Bernoulli(sigmoid(2 x0 - x1)); x2 is noise; x3 is missing for a third of the rows. */
function logisticProblem(n: number, seed: number) {
  const random = new SeededRandom(seed);
  const base = gaussianFeatures(n, 3, random);
  const features = matrixFromRows(n, ['x0', 'x1', 'x2', 'x3'], (i, j) =>
    j < 3 ? at(base, i, j) : i % 3 === 0 ? NaN : at(base, i, 0) + 0.1 * random.nextGaussian(),
  );
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++)
    labels[i] = random.next() < 1 / (1 + Math.exp(-(2 * at(base, i, 0) - at(base, i, 1)))) ? 1 : 0;
  return { features, labels };
}

describe('linear model', () => {
  it('logistic regression recovers the signs and ranks held-out rows well; missing values take the median', () => {
    const train = logisticProblem(4000, 1);
    const test = logisticProblem(2000, 2);
    const model = trainLinearModel('binary', train.features, train.labels, { l2: 0.001 }, ['x0', 'x1', 'x2']);
    const [w0, w1, w2] = model.weights;
    assert.ok(w0 > 1 && w1 < -0.5 && Math.abs(w2) < 0.2, `weights ${Array.from(model.weights)}`);
    assert.ok(areaUnderRoc(test.labels, model.predict(test.features)) > 0.8);
    assert.equal(model.weightShares()[0].feature, 'x0');
    // A feature missing in training gets a "was missing" input; predictions stay finite.
    const withMissing = trainLinearModel('binary', train.features, train.labels, { l2: 0.01 });
    assert.ok(withMissing.transforms.find((t) => t.feature === 'x3')!.missing);
    assert.ok(withMissing.predict(test.features).every(Number.isFinite));
  });

  it('a larger penalty shrinks the weights; ridge regression fits a linear target', () => {
    const train = logisticProblem(2000, 3);
    const loose = trainLinearModel('binary', train.features, train.labels, { l2: 0.001 }, ['x0']);
    const tight = trainLinearModel('binary', train.features, train.labels, { l2: 1 }, ['x0']);
    assert.ok(Math.abs(tight.weights[0]) < Math.abs(loose.weights[0]) / 2);
    const y = Float64Array.from({ length: 2000 }, (_, i) => 3 * at(train.features, i, 0) + 5);
    const regression = trainLinearModel('regression', train.features, y, { l2: 1e-6 }, ['x0', 'x1']);
    assert.ok(meanAbsoluteError(y, regression.predict(train.features)) < 0.1);
  });

  it('serialises exactly and refuses what is not a linear model', () => {
    const train = logisticProblem(500, 4);
    const model = trainLinearModel('binary', train.features, train.labels, { l2: 0.03 });
    const copy = deserializeLinearModel(JSON.parse(JSON.stringify(serializeLinearModel(model))));
    assert.deepEqual(copy.predict(train.features), model.predict(train.features));
    assert.throws(() => deserializeLinearModel({ format: 'relgraph-gbdt' }), /not a relgraph linear model/);
  });
});

describe('trained model: a bag of GBDTs and a linear model, blended', () => {
  it('predicts the blend, reads each model its own features by name, and survives serialisation', () => {
    const train = logisticProblem(1500, 5);
    const gbdts = [1, 2].map((seed) =>
      trainGbdt({
        task: 'binary',
        train: { features: train.features, labels: train.labels },
        settings: { num_trees: 20, seed },
      }),
    );
    const linear = trainLinearModel('binary', train.features, train.labels, { l2: 0.03 }, ['x0', 'x1']);
    const model = new TrainedModel(gbdts, linear, 0.25);
    const predictions = model.predict(train.features);
    const [a, b] = gbdts.map((g) => g.predict(train.features));
    const l = linear.predict(train.features);
    const expected = a.map((p, i) => 0.75 * ((p + b[i]) / 2) + 0.25 * l[i]);
    for (let i = 0; i < 50; i++) assert.ok(Math.abs(predictions[i] - expected[i]) < 1e-12);
    const { model: first, ensemble } = serializeTrainedModel(model);
    const copy = deserializeTrainedModel(JSON.parse(JSON.stringify(first)), JSON.parse(JSON.stringify(ensemble)));
    assert.deepEqual(copy.predict(train.features), predictions);
    assert.deepEqual(copy.rounds, [20, 20]);
    // One GBDT alone stores no ensemble: version 1 artifacts read the same way.
    assert.equal(serializeTrainedModel(new TrainedModel([gbdts[0]])).ensemble, undefined);
    assert.throws(() => new TrainedModel(gbdts, undefined, 0.5), /needs a linear model/);
  });
});
