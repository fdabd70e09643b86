import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binRows, fitFeatureBinning, type FeatureBins } from '../../../engine/model/FeatureBinning';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { matrixFromRows } from './syntheticData';

function numeric(bins: FeatureBins) {
  assert.equal(bins.kind, 'numeric');
  return bins as Extract<FeatureBins, { kind: 'numeric' }>;
}

describe('quantile binning', () => {
  const random = new SeededRandom(5);
  const column = Array.from({ length: 5000 }, () => random.nextGaussian());
  const matrix = matrixFromRows(5000, ['x'], (i) => (i % 10 === 0 ? NaN : column[i]));

  it('spreads rows evenly over at most max_bins value bins and puts NaN in its own bin', () => {
    const binning = fitFeatureBinning(matrix, 16, 1);
    const feature = numeric(binning.features[0]);
    assert.equal(feature.numValueBins, 16);
    const { rowMajor, columnMajor } = binRows(binning, matrix);
    assert.deepEqual(rowMajor, columnMajor, 'one feature: both layouts agree');
    const counts = new Array(17).fill(0);
    for (const bin of rowMajor) counts[bin]++;
    assert.equal(counts[16], 500, 'every tenth row is missing');
    const perBin = 4500 / 16;
    for (let b = 0; b < 16; b++)
      assert.ok(counts[b] > perBin * 0.8 && counts[b] < perBin * 1.2, `bin ${b}: ${counts[b]}`);
  });

  it('makes "bin <= t" exactly "value <= upperEdges[t]", which prediction relies on', () => {
    const binning = fitFeatureBinning(matrix, 32, 1);
    const { upperEdges } = numeric(binning.features[0]);
    const { rowMajor } = binRows(binning, matrix);
    for (let i = 0; i < 5000; i++) {
      const x = matrix.values[i];
      if (Number.isNaN(x)) continue;
      for (let t = 0; t < upperEdges.length; t++) assert.equal(rowMajor[i] <= t, x <= upperEdges[t]);
    }
  });

  it('gives each of few distinct values its own bin and gives a heavy value one bin', () => {
    const few = matrixFromRows(9, ['x'], (i) => [1, 2, 3][i % 3]);
    const feature = numeric(fitFeatureBinning(few, 255, 1).features[0]);
    assert.deepEqual([...feature.upperEdges], [1.5, 2.5, Infinity]);

    const zeros = matrixFromRows(1000, ['x'], (i) => (i < 600 ? 0 : i));
    const zeroBinning = fitFeatureBinning(zeros, 10, 1);
    const { rowMajor } = binRows(zeroBinning, zeros);
    assert.equal(new Set(rowMajor.subarray(0, 600)).size, 1, 'all zeros share a bin');
    assert.equal(numeric(zeroBinning.features[0]).numValueBins, 10, 'the other bins still split the rest');
  });

  it('maps categorical codes by frequency and sends rare, unseen and NaN codes to the missing bin', () => {
    // code 7 x 5, code 3 x 3, code 9 x 2, code 4 x 1, NaN x 1
    const codes = [7, 7, 7, 7, 7, 3, 3, 3, 9, 9, 4, NaN];
    const matrix = matrixFromRows(codes.length, ['c'], (i) => codes[i], ['categorical']);
    const binning = fitFeatureBinning(matrix, 3, 1);
    const feature = binning.features[0];
    assert.equal(feature.kind, 'categorical');
    if (feature.kind !== 'categorical') return;
    assert.deepEqual([...feature.index.codes], [7, 3, 9]);
    assert.deepEqual([...binRows(binning, matrix).rowMajor], [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3]);
    assert.equal(feature.index.binOf(12345), 3);
    assert.equal(feature.index.binOf(7.5), 3);
  });

  it('handles codes that are not small integers through the map index', () => {
    const codes = [1e9, -2, 0.5, 1e9];
    const matrix = matrixFromRows(codes.length, ['c'], (i) => codes[i], ['categorical']);
    const binning = fitFeatureBinning(matrix, 255, 1);
    assert.deepEqual([...binRows(binning, matrix).rowMajor], [0, 1, 2, 0]);
  });

  it('samples rows deterministically for very long columns', () => {
    const random = new SeededRandom(9);
    const long = matrixFromRows(60_000, ['x'], () => random.next());
    const first = numeric(fitFeatureBinning(long, 64, 11).features[0]).upperEdges;
    const again = numeric(fitFeatureBinning(long, 64, 11).features[0]).upperEdges;
    const otherSeed = numeric(fitFeatureBinning(long, 64, 12).features[0]).upperEdges;
    assert.deepEqual(first, again);
    assert.notDeepEqual(first, otherSeed);
  });
});
