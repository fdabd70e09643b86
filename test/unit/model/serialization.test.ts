import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deserializeGbdtModel,
  GBDT_MODEL_FORMAT,
  serializeGbdtModel,
  trainGbdt,
  type SerializedGbdtModel,
} from '../../../engine/model';
import { decodeFloat64, decodeInt32, encodeTypedArray } from '../../../engine/model/TypedArrayCodec';
import { binaryProblem, matrixFromRows, multiclassProblem, regressionProblem } from './syntheticData';
import { SeededRandom } from '../../../engine/model/SeededRandom';

/** Numeric, categorical and missing values together, so every split kind is exercised. */
function mixedProblem(numRows: number) {
  const random = new SeededRandom(3);
  const features = matrixFromRows(
    numRows,
    ['amount', 'segment', 'age'],
    (_, j) => (j === 1 ? random.nextInt(6) : random.next() < 0.2 ? NaN : random.nextGaussian()),
    ['numeric', 'categorical', 'numeric'],
  );
  const labels = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const amount = features.values[i];
    const segment = features.values[numRows + i];
    labels[i] = (Number.isNaN(amount) ? 1 : amount) + (segment % 3 === 0 ? 1 : -1) > 0.5 ? 1 : 0;
  }
  return { features, labels };
}

const roundTrip = (model: ReturnType<typeof trainGbdt>) =>
  deserializeGbdtModel(JSON.parse(JSON.stringify(serializeGbdtModel(model))));

describe('model serialization', () => {
  it('round-trips exactly: identical predictions, embeddings and bytes after load', () => {
    const problem = mixedProblem(2000);
    const settings = { num_trees: 30 };
    const model = trainGbdt({ task: 'binary', train: problem, validation: problem, runMode: 'fast', settings });
    const loaded = roundTrip(model);
    assert.deepEqual(loaded.predict(problem.features), model.predict(problem.features));
    assert.deepEqual(loaded.embed(problem.features), model.embed(problem.features));
    assert.deepEqual(loaded.featureImportance(), model.featureImportance());
    assert.deepEqual(loaded.training, model.training);
    assert.equal(JSON.stringify(serializeGbdtModel(loaded)), JSON.stringify(serializeGbdtModel(model)));
    assert.ok(
      model.trees.some((tree) => tree.arrays.categoricalBits.length > 0),
      'a categorical split was stored',
    );
  });

  it('round-trips regression and multiclass models', () => {
    const regression = regressionProblem(800, 1);
    const l1 = trainGbdt({ task: 'regression', train: regression, runMode: 'fast', settings: { loss: 'l1' } });
    assert.deepEqual(roundTrip(l1).predict(regression.features), l1.predict(regression.features));
    const classes = multiclassProblem(800, 2);
    const multiclass = trainGbdt({ task: 'multiclass', train: classes, runMode: 'fast', settings: { num_trees: 10 } });
    const loaded = roundTrip(multiclass);
    assert.equal(loaded.numOutputs, 3);
    assert.deepEqual(loaded.predict(classes.features), multiclass.predict(classes.features));
  });

  it('stores typed arrays as base64 of little-endian bytes, NaN and infinities included', () => {
    const values = Float64Array.of(1.5, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, 0.1 + 0.2);
    const text = encodeTypedArray(values);
    assert.match(text, /^[A-Za-z0-9+/]+=*$/);
    assert.equal(Buffer.from(text, 'base64').readDoubleLE(0), 1.5);
    assert.deepEqual(decodeFloat64(text, 'x'), values);
  });

  it('rejects other formats, unknown versions and corrupted trees with clear errors', () => {
    const problem = binaryProblem(300, 4);
    const saved = serializeGbdtModel(
      trainGbdt({ task: 'binary', train: problem, runMode: 'fast', settings: { num_trees: 3 } }),
    );
    const variant = (change: (copy: SerializedGbdtModel) => void) => {
      const copy = JSON.parse(JSON.stringify(saved)) as SerializedGbdtModel;
      change(copy);
      return () => deserializeGbdtModel(copy);
    };
    assert.equal(saved.format, GBDT_MODEL_FORMAT);
    assert.throws(() => deserializeGbdtModel('model'), /model must be an object/);
    assert.throws(
      variant((m) => ((m as { format: string }).format = 'xgboost')),
      /not a relgraph GBDT model/,
    );
    assert.throws(
      variant((m) => ((m as { version: number }).version = 2)),
      /unsupported relgraph-gbdt model version 2: this build reads version 1/,
    );
    // Every left child pointing back at the root would make prediction loop forever.
    const cyclic = new Int32Array(decodeInt32(saved.trees[0].leftChild, 'leftChild').length);
    assert.throws(
      variant((m) => (m.trees[0].leftChild = encodeTypedArray(cyclic))),
      /trees\[0\]\.leftChild\/rightChild of node 0 points outside the tree/,
    );
    assert.throws(
      variant((m) => (m.trees[0].leafValue = 'not base64!')),
      /model field 'trees\[0\]\.leafValue' must be a base64 string/,
    );
    assert.throws(
      variant((m) => (m.trees[0].leafValue = encodeTypedArray(Float64Array.of(1)))),
      /inconsistent array lengths/,
    );
    assert.throws(
      variant((m) => (m.settings.max_depth = -1)),
      /model settings are invalid/,
    );
  });
});
