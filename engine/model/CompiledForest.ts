import type { CategoryIndex } from './CategoryIndex';
import type { NumericArray } from './FeatureMatrix';
import type { RegressionTree } from './RegressionTree';
import { bitsetHas } from './SplitFinder';

/** Each feature's code-to-bin index (categorical features), as GbdtModel keeps them. */
export type ForestCategories = readonly (CategoryIndex | undefined)[];

/** `(values, numRows, row, categories) -> leaf` of one tree: the leaf index RegressionTree.leafOf returns. */
type LeafFunction = (values: NumericArray, numRows: number, row: number, categories: ForestCategories) => number;

/** Deeper trees are walked, not compiled: the trainer's trees are at most 32 deep (max_depth). */
const MAX_COMPILED_DEPTH = 64;

/**
 * The trees of an ensemble compiled to one JavaScript function each, nested `if`s on constant thresholds: the
 * scoring hot path. V8 turns them into compare-and-branch code, about 2x faster than walking the node arrays
 * (1M rows x 106 trees: 3.0 s of CPU against 6.1 s, on the shared 2-core machine; see docs/engine.md).
 *
 * Every test is RegressionTree.leafOf's on the same values (`x <= threshold`, NaN to the default side,
 * categorical codes through the feature's bin index and the split's bitset), so every row reaches the same leaf
 * and the scores are the same float64 sums in the same order, bit for bit.
 *
 * The model file is untrusted input, so the generated source holds nothing but numbers formatted from the
 * deserialised typed arrays (feature indices, thresholds, bitset offsets); the bitsets themselves are bound, not
 * printed. A tree that is not a plain tree of moderate depth (ModelSerialization only checks that children come
 * after their parent) is walked by RegressionTree.leafOf instead, so a crafted file cannot blow up the source.
 */
export class CompiledForest {
  private readonly leaf: LeafFunction[];

  constructor(private readonly trees: readonly RegressionTree[]) {
    this.leaf = trees.map((tree) => compileTree(tree) ?? walkTree(tree));
  }

  get numTrees(): number {
    return this.trees.length;
  }

  /** Index (within tree t) of the leaf that `row` reaches. */
  leafOf(t: number, values: NumericArray, numRows: number, row: number, categories: ForestCategories): number {
    return this.leaf[t](values, numRows, row, categories);
  }

  /**
   * out[row * stride + (t % stride)] += leaf value of tree t, for trees [0, treeCount) and rows [rowStart, rowEnd):
   * per row, the trees add in tree order, as GbdtModel.predictRaw always did.
   */
  addScores(
    values: NumericArray,
    numRows: number,
    categories: ForestCategories,
    out: Float64Array,
    stride: number,
    treeCount: number,
    rowStart: number,
    rowEnd: number,
  ): void {
    for (let t = 0; t < treeCount; t++) {
      const leafOf = this.leaf[t];
      const leafValue = this.trees[t].arrays.leafValue;
      const offset = t % stride;
      for (let row = rowStart; row < rowEnd; row++) {
        out[row * stride + offset] += leafValue[leafOf(values, numRows, row, categories)];
      }
    }
  }
}

function walkTree(tree: RegressionTree): LeafFunction {
  return (values, numRows, row, categoryIndexes) => tree.leafOf({ values, numRows, categoryIndexes }, row);
}

/** The tree as a function, or undefined when it is not a plain tree within MAX_COMPILED_DEPTH. */
function compileTree(tree: RegressionTree): LeafFunction | undefined {
  const { splitFeature, threshold, categoricalOffset, defaultLeft, leftChild, rightChild } = tree.arrays;
  if (tree.numInternalNodes === 0) return () => 0;
  const seen = new Uint8Array(tree.numInternalNodes);
  const lines: string[] = [];
  const emit = (node: number, depth: number): boolean => {
    if (node < 0) {
      lines.push(`return ${~node};`);
      return true;
    }
    if (depth > MAX_COMPILED_DEPTH || seen[node]) return false;
    seen[node] = 1;
    const f = splitFeature[node];
    const x = `v[${f} * n + r]`;
    const offset = categoricalOffset[node];
    // `!(x > t)` is `x <= t || x is NaN`: the default-left test of leafOf without a second comparison.
    const test =
      offset >= 0
        ? `has(bits, ${offset}, c[${f}].binOf(${x}))`
        : defaultLeft[node] === 1
          ? `!(${x} > ${numberLiteral(threshold[node])})`
          : `${x} <= ${numberLiteral(threshold[node])}`;
    lines.push(`if (${test}) {`);
    if (!emit(leftChild[node], depth + 1)) return false;
    lines.push('} else {');
    if (!emit(rightChild[node], depth + 1)) return false;
    lines.push('}');
    return true;
  };
  if (!emit(0, 0)) return undefined;
  // Numbers only (see the class comment): the function is as trustworthy as the typed arrays it was printed from.
  const make = new Function('bits', 'has', `return function (v, n, r, c) {\n${lines.join('\n')}\n};`) as (
    bits: Uint32Array,
    has: typeof bitsetHas,
  ) => LeafFunction;
  return make(tree.arrays.categoricalBits, bitsetHas);
}

/** A float64 as source text that reads back as the same value (JavaScript prints the shortest round-trip form). */
function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return '(0 / 0)';
  if (!Number.isFinite(value)) return value > 0 ? '(1 / 0)' : '(-1 / 0)';
  return Object.is(value, -0) ? '-0' : `(${String(value)})`;
}
