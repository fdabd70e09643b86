import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaUnderRoc, trainGbdt, type GbdtModel } from '../../../engine/model';
import type { RegressionTree } from '../../../engine/model/RegressionTree';
import { binaryProblem, splitProblem } from './syntheticData';

function depthOf(tree: RegressionTree): number {
  const { leftChild, rightChild } = tree.arrays;
  const walk = (node: number): number => (node < 0 ? 0 : 1 + Math.max(walk(leftChild[node]), walk(rightChild[node])));
  return tree.numInternalNodes === 0 ? 0 : walk(0);
}

const leafRows = (model: GbdtModel) => model.trees.flatMap((tree) => [...tree.arrays.leafCount]);

describe('tree growth limits', () => {
  const { train, test } = splitProblem(binaryProblem(3000, 1, 8), 2000);

  it('respects num_leaves, max_depth and min_data_in_leaf in both growth orders', () => {
    for (const growth of ['leafwise', 'depthwise'] as const) {
      const settings = { num_trees: 10, num_leaves: 12, max_depth: 4, min_data_in_leaf: 30, growth };
      const model = trainGbdt({ task: 'binary', train, runMode: 'fast', settings });
      for (const tree of model.trees) {
        assert.ok(tree.numLeaves <= 12, `${growth}: ${tree.numLeaves} leaves`);
        assert.ok(depthOf(tree) <= 4, `${growth}: depth ${depthOf(tree)}`);
      }
      assert.ok(
        model.trees.some((tree) => tree.numLeaves === 12),
        `${growth} uses its leaf budget`,
      );
      const fewest = Math.min(...leafRows(model));
      assert.ok(fewest >= 30, `${growth}: a leaf has ${fewest} rows`);
    }
  });

  it('leaf-wise growth goes deeper than depth-wise with the same leaf budget', () => {
    const settings = { num_trees: 5, num_leaves: 8, max_depth: 12, subsample: 1, colsample_bytree: 1 };
    const leafwise = trainGbdt({
      task: 'binary',
      train,
      runMode: 'fast',
      settings: { ...settings, growth: 'leafwise' },
    });
    const depthwise = trainGbdt({
      task: 'binary',
      train,
      runMode: 'fast',
      settings: { ...settings, growth: 'depthwise' },
    });
    assert.ok(
      depthwise.trees.every((tree) => depthOf(tree) === 3),
      'eight leaves fill three full levels',
    );
    assert.ok(leafwise.trees.some((tree) => depthOf(tree) > 3));
  });

  it('ranks informative features first by gain and limits prediction to the first rounds on request', () => {
    const model = trainGbdt({ task: 'binary', train, runMode: 'fast', settings: { num_trees: 30 } });
    const importance = model.featureImportance();
    assert.deepEqual(
      importance
        .slice(0, 3)
        .map((entry) => entry.feature)
        .sort(),
      ['x0', 'x1', 'x2'],
      'the label uses x0, x1 and x2 only',
    );
    assert.ok(Math.abs(importance.reduce((sum, entry) => sum + entry.gainShare, 0) - 1) < 1e-9);
    const firstRound = model.predict(test.features, { numRounds: 1 });
    assert.ok(areaUnderRoc(test.labels, model.predict(test.features)) > areaUnderRoc(test.labels, firstRound));
  });

  it('refuses prediction input whose features differ from the model', () => {
    const model = trainGbdt({ task: 'binary', train, runMode: 'fast', settings: { num_trees: 2 } });
    const renamed = { ...test.features, featureNames: test.features.featureNames.map((n, j) => (j === 2 ? 'z' : n)) };
    assert.throws(() => model.predict(renamed), /feature 2 is 'z' but the model expects 'x2'/);
    const { numRows, values, featureNames, featureKinds } = test.features;
    const shorter = {
      numRows,
      numFeatures: 7,
      values: values.subarray(0, 7 * numRows),
      featureNames: featureNames.slice(0, 7),
      featureKinds: featureKinds.slice(0, 7),
    };
    assert.throws(() => model.predict(shorter), /the model expects 8 features; the matrix has 7/);
    const kinds = test.features.featureKinds.map((k, j) => (j === 0 ? 'categorical' : k));
    assert.throws(
      () => model.predict({ ...test.features, featureKinds: kinds }),
      /'x0' is categorical but the model expects numeric/,
    );
  });
});
