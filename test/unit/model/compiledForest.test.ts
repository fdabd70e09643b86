import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trainGbdt, type FeatureMatrix, type GbdtModel } from '../../../engine/model';
import { CategoryIndex } from '../../../engine/model/CategoryIndex';
import { CompiledForest } from '../../../engine/model/CompiledForest';
import { RegressionTree, type TreeInput } from '../../../engine/model/RegressionTree';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { matrixFromRows, multiclassProblem } from './syntheticData';

/** Numeric, 20%-missing and categorical features with a label that needs all three. */
function mixedMatrix(numRows: number, seed: number): { features: FeatureMatrix; labels: Float64Array } {
  const random = new SeededRandom(seed);
  const features = matrixFromRows(
    numRows,
    ['x', 'gappy', 'code'],
    (_, j) => (j === 2 ? random.nextInt(12) : j === 1 && random.next() < 0.2 ? NaN : random.nextGaussian()),
    ['numeric', 'numeric', 'categorical'],
  );
  const labels = new Float64Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const gappy = features.values[numRows + i];
    const code = features.values[2 * numRows + i];
    const score = features.values[i] + (Number.isNaN(gappy) ? 1 : gappy) + ([2, 5, 7].includes(code) ? 1.5 : -0.5);
    labels[i] = score + random.nextGaussian() * 0.3 > 0.5 ? 1 : 0;
  }
  return { features, labels };
}

/** What GbdtModel.predictRaw computed before the trees were compiled: tree after tree, RegressionTree's walk. */
function walkedRawScores(model: GbdtModel, features: FeatureMatrix): Float64Array {
  const input: TreeInput = {
    values: features.values,
    numRows: features.numRows,
    categoryIndexes: model.categoryCodes.map((codes) => (codes ? new CategoryIndex(codes) : undefined)),
  };
  const stride = model.numOutputs;
  const out = new Float64Array(features.numRows * stride);
  for (let i = 0; i < out.length; i++) out[i] = model.baseScores[i % stride];
  model.trees.forEach((tree, t) => tree.addPredictions(input, out, stride, t % stride));
  return out;
}

function assertSameBits(actual: Float64Array, expected: Float64Array): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`row ${i}: ${actual[i]} instead of ${expected[i]}`);
  }
}

describe('compiled trees (CompiledForest)', () => {
  it('score numeric, missing and categorical inputs bit for bit as the tree walk does', () => {
    const train = mixedMatrix(3000, 1);
    const test = mixedMatrix(2000, 2);
    const model = trainGbdt({ task: 'binary', train, runMode: 'fast', settings: { num_trees: 60 } });
    assert.ok(
      model.trees.some((t) => t.arrays.categoricalOffset.some((o) => o >= 0)),
      'a categorical split',
    );
    assert.ok(
      model.trees.some((t) => t.arrays.defaultLeft.some((d) => d === 1)),
      'a split sending NaN left',
    );
    assertSameBits(model.predictRaw(test.features), walkedRawScores(model, test.features));
    // Float32 input (what batch prediction builds) and codes never seen in training (12..14: the missing bin).
    const unseen = mixedMatrix(500, 3).features;
    for (let i = 0; i < 100; i++) unseen.values[2 * unseen.numRows + i] = 12 + (i % 3);
    const float32 = { ...unseen, values: Float32Array.from(unseen.values) };
    assertSameBits(model.predictRaw(float32), walkedRawScores(model, float32));
  });

  it('score multiclass rounds (one tree per class and round) in the same order', () => {
    const problem = multiclassProblem(2000, 4);
    const model = trainGbdt({ task: 'multiclass', numClasses: 3, train: problem, runMode: 'fast' });
    assertSameBits(model.predictRaw(problem.features), walkedRawScores(model, problem.features));
  });

  it('walk a tree whose nodes share a child (a crafted file) instead of compiling it', () => {
    // Node 2 is both node 0's right child and node 1's left child: ModelSerialization lets that through.
    const tree = new RegressionTree({
      splitFeature: Int32Array.from([0, 0, 0]),
      threshold: Float64Array.from([0, -1, 1]),
      categoricalOffset: Int32Array.from([-1, -1, -1]),
      defaultLeft: Uint8Array.from([1, 0, 1]),
      leftChild: Int32Array.from([1, 2, ~0]),
      rightChild: Int32Array.from([2, ~2, ~1]),
      splitGain: new Float64Array(3),
      categoricalBits: new Uint32Array(0),
      leafValue: Float64Array.from([1, 2, 3, 4]),
      leafCount: new Float64Array(4),
    });
    const values = Float64Array.from([-2, -0.5, 0.5, 2, NaN]);
    const forest = new CompiledForest([tree]);
    const input = { values, numRows: values.length, categoryIndexes: [undefined] };
    for (let row = 0; row < values.length; row++) {
      assert.equal(forest.leafOf(0, values, values.length, row, [undefined]), tree.leafOf(input, row), `row ${row}`);
    }
  });
});
