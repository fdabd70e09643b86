import type { CategoryIndex } from './CategoryIndex';
import type { NumericArray } from './FeatureMatrix';
import { bitsetHas } from './SplitFinder';

/**
 * One tree in flat typed arrays (structure of arrays: cheap to walk, to serialise and to compare byte for byte).
 * Internal node k tests feature `splitFeature[k]`; children are internal node indices (>= 0) or `~leaf` (< 0).
 * Numeric tests compare raw values (`x <= threshold[k]`), so prediction needs no binning; categorical tests map
 * the code to its training bin and look it up in a bitset. NaN follows `defaultLeft`.
 */
export interface RegressionTreeArrays {
  splitFeature: Int32Array;
  threshold: Float64Array;
  /** -1 for a numeric split, else the word offset of the split's 8-word bitset in `categoricalBits`. */
  categoricalOffset: Int32Array;
  defaultLeft: Uint8Array;
  leftChild: Int32Array;
  rightChild: Int32Array;
  /** Loss reduction of each split, for gain feature importance. */
  splitGain: Float64Array;
  categoricalBits: Uint32Array;
  /** Leaf outputs, learning rate already applied. */
  leafValue: Float64Array;
  /** Training rows (of the round's sample) that reached each leaf. */
  leafCount: Float64Array;
}

/** Where a batch of rows comes from: column-major values plus each categorical feature's code-to-bin index. */
export interface TreeInput {
  values: NumericArray;
  numRows: number;
  categoryIndexes: readonly (CategoryIndex | undefined)[];
}

export class RegressionTree {
  readonly numLeaves: number;
  readonly numInternalNodes: number;

  constructor(readonly arrays: RegressionTreeArrays) {
    this.numLeaves = arrays.leafValue.length;
    this.numInternalNodes = arrays.splitFeature.length;
  }

  /** Index of the leaf that `row` reaches (the prediction hot path: ~6 steps per row and tree). */
  leafOf(input: TreeInput, row: number): number {
    const { splitFeature, threshold, categoricalOffset, defaultLeft, leftChild, rightChild, categoricalBits } =
      this.arrays;
    const { values, numRows, categoryIndexes } = input;
    let node = this.numInternalNodes === 0 ? -1 : 0;
    while (node >= 0) {
      const feature = splitFeature[node];
      const x = values[feature * numRows + row];
      const bitsOffset = categoricalOffset[node];
      let goLeft: boolean;
      // NaN fails every comparison, so only a NaN can reach the defaultLeft test.
      if (bitsOffset < 0) goLeft = x <= threshold[node] || (x !== x && defaultLeft[node] === 1);
      else goLeft = bitsetHas(categoricalBits, bitsOffset, categoryIndexes[feature]!.binOf(x));
      node = goLeft ? leftChild[node] : rightChild[node];
    }
    return ~node;
  }

  /** out[row * stride + offset] += leaf value, for rows [rowStart, rowEnd) of the input. */
  addPredictions(
    input: TreeInput,
    out: Float64Array,
    stride: number,
    offset: number,
    rowStart = 0,
    rowEnd = input.numRows,
  ): void {
    const leafValue = this.arrays.leafValue;
    for (let row = rowStart; row < rowEnd; row++) out[row * stride + offset] += leafValue[this.leafOf(input, row)];
  }

  /** out[row * stride + offset] += leaf value, for the listed rows. */
  addPredictionsForRows(input: TreeInput, rows: Int32Array, out: Float64Array, stride: number, offset: number): void {
    const leafValue = this.arrays.leafValue;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      out[row * stride + offset] += leafValue[this.leafOf(input, row)];
    }
  }
}
