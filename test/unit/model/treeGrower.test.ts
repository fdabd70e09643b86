import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binRows, fitFeatureBinning } from '../../../engine/model/FeatureBinning';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { TreeGrower, type GrowerSettings } from '../../../engine/model/TreeGrower';
import { matrixFromRows } from './syntheticData';

const settings: GrowerSettings = {
  maxDepth: 8,
  maxLeaves: 2,
  growth: 'leafwise',
  lambdaL2: 0,
  minDataInLeaf: 1,
  minChildWeight: 0,
  minSplitGain: 0,
  catSmooth: 0,
};

function growerFor(values: number[][], overrides: Partial<GrowerSettings> = {}) {
  const numRows = values[0].length;
  const matrix = matrixFromRows(
    numRows,
    values.map((_, j) => `x${j}`),
    (i, j) => values[j][i],
  );
  const binning = fitFeatureBinning(matrix, 255, 1);
  const grower = new TreeGrower(binning, binRows(binning, matrix), values.length, numRows, {
    ...settings,
    ...overrides,
  });
  return { grower, matrix, all: Int32Array.from({ length: numRows }, (_, i) => i) };
}

describe('TreeGrower', () => {
  it('splits where the gradient changes sign and sets Newton leaf values times the learning rate', () => {
    // x = 0..99; rows below 50 want to go up (gradient -1), the others down (+1); row 7 is missing and wants up.
    const x = Array.from({ length: 100 }, (_, i) => (i === 7 ? NaN : i));
    const { grower, all } = growerFor([x]);
    const gradients = Float64Array.from(x, (_, i) => (i < 50 ? -1 : 1));
    const { tree, leafStart, leafEnd } = grower.grow(
      all,
      Int32Array.of(0),
      gradients,
      new Float64Array(100).fill(1),
      0.1,
    );
    assert.equal(tree.numLeaves, 2);
    assert.equal(tree.arrays.threshold[0], 49.5);
    assert.equal(tree.arrays.defaultLeft[0], 1, 'missing rows had the left side gradient');
    assert.deepEqual([...tree.arrays.leafValue], [0.1, -0.1]);
    assert.deepEqual([leafEnd[0] - leafStart[0], leafEnd[1] - leafStart[1]], [50, 50]);
  });

  it('grows the same tree when open-leaf histograms are dropped to fit a memory budget', () => {
    const random = new SeededRandom(3);
    const columns = Array.from({ length: 5 }, () => Array.from({ length: 3000 }, () => random.nextGaussian()));
    const gradients = Float64Array.from(columns[0], (v, i) => Math.sin(3 * v) + columns[1][i] * columns[2][i]);
    const hessians = new Float64Array(3000).fill(1);
    const features = Int32Array.of(0, 1, 2, 3, 4);
    const grow = (budget?: number) => {
      const { grower, all } = growerFor(columns, { maxLeaves: 31, lambdaL2: 1, histogramBudgetBytes: budget });
      return grower.grow(all, features, gradients, hessians, 1).tree.arrays;
    };
    const cached = grow();
    const dropped = grow(1);
    assert.deepEqual(dropped.splitFeature, cached.splitFeature);
    assert.deepEqual(dropped.threshold, cached.threshold);
    assert.equal(dropped.leafValue.length, 31);
    dropped.leafValue.forEach((value, leaf) => assert.ok(Math.abs(value - cached.leafValue[leaf]) < 1e-9));
  });

  it('only splits on the features it is given', () => {
    const random = new SeededRandom(4);
    const columns = Array.from({ length: 3 }, () => Array.from({ length: 500 }, () => random.nextGaussian()));
    const { grower, all } = growerFor(columns, { maxLeaves: 8 });
    const gradients = Float64Array.from(columns[0], (v) => v);
    const { tree } = grower.grow(all, Int32Array.of(1, 2), gradients, new Float64Array(500).fill(1), 1);
    assert.ok(tree.arrays.splitFeature.every((feature) => feature !== 0));
  });
});
