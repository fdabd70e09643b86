import type { BinnedRows, FeatureBinning } from './FeatureBinning';
import { buildHistogram, HistogramPool, subtractHistogram, type HistogramInput } from './Histograms';
import { RegressionTree } from './RegressionTree';
import { bitsetHas, findBestSplit, type SplitCandidate, type SplitConstraints } from './SplitFinder';

export interface GrowerSettings extends SplitConstraints {
  maxDepth: number;
  maxLeaves: number;
  growth: 'leafwise' | 'depthwise';
  /** Memory for cached histograms of open leaves (default 256 MiB); see HistogramPool. */
  histogramBudgetBytes?: number;
}

/** A grown tree plus which sampled rows ended in which leaf (valid until the next `grow` call). */
export interface GrownTree {
  tree: RegressionTree;
  /** Sampled rows, grouped by leaf: leaf l owns rowIndices[leafStart[l] .. leafEnd[l]). */
  rowIndices: Int32Array;
  leafStart: Int32Array;
  leafEnd: Int32Array;
}

interface OpenLeaf {
  start: number;
  end: number;
  gradient: number;
  hessian: number;
  depth: number;
  /** The internal node whose child this leaf is (-1 for the root) and on which side. */
  parentNode: number;
  parentSide: 'left' | 'right';
  histogram: Float64Array | undefined;
  split: SplitCandidate | undefined;
}

/**
 * Grows one regression tree on gradients/hessians over the binned training rows. Rows of a node are a contiguous
 * range of one index array that each split partitions in place (stably, so histogram sums keep row order).
 */
export class TreeGrower {
  private readonly rowIndices: Int32Array;
  private readonly scratch: Int32Array;
  private readonly pool: HistogramPool;
  private readonly goesLeftByBin = new Uint8Array(256);

  constructor(
    private readonly binning: FeatureBinning,
    private readonly bins: BinnedRows,
    private readonly numFeatures: number,
    private readonly numRows: number,
    private readonly settings: GrowerSettings,
  ) {
    this.rowIndices = new Int32Array(numRows);
    this.scratch = new Int32Array(numRows);
    this.pool = new HistogramPool(numFeatures, binning.binShift, settings.histogramBudgetBytes);
  }

  grow(
    sampleRows: Int32Array,
    activeFeatures: Int32Array,
    gradients: Float64Array,
    hessians: Float64Array,
    learningRate: number,
  ): GrownTree {
    const histogramInput: HistogramInput = {
      bins: this.bins.rowMajor,
      numFeatures: this.numFeatures,
      binShift: this.binning.binShift,
      gradients,
      hessians,
    };
    const rows = this.rowIndices;
    rows.set(sampleRows);
    let gradient = 0;
    let hessian = 0;
    for (let k = 0; k < sampleRows.length; k++) {
      gradient += gradients[sampleRows[k]];
      hessian += hessians[sampleRows[k]];
    }
    const root: OpenLeaf = {
      start: 0,
      end: sampleRows.length,
      gradient,
      hessian,
      depth: 0,
      parentNode: -1,
      parentSide: 'left',
      histogram: undefined,
      split: undefined,
    };
    if (this.canSplit(root)) {
      root.histogram = this.pool.acquire();
      buildHistogram(root.histogram, histogramInput, activeFeatures, rows, root.start, root.end);
      this.findSplit(root, activeFeatures);
    }
    const builder = new TreeArraysBuilder();
    const leaves: OpenLeaf[] = [root];
    while (leaves.length < this.settings.maxLeaves) {
      const chosen = this.chooseLeafToSplit(leaves);
      if (chosen < 0) break;
      const [left, right] = this.splitLeaf(leaves[chosen], builder, histogramInput, activeFeatures);
      leaves.splice(chosen, 1, left, right);
    }
    const leafStart = new Int32Array(leaves.length);
    const leafEnd = new Int32Array(leaves.length);
    leaves.forEach((leaf, index) => {
      if (leaf.histogram) this.pool.release(leaf.histogram);
      leafStart[index] = leaf.start;
      leafEnd[index] = leaf.end;
      // A leaf of zero-weight rows (possible with lambda_l2 = 0) has no Newton step: leave its scores alone.
      const denominator = leaf.hessian + this.settings.lambdaL2;
      const value = denominator > 0 ? (-leaf.gradient / denominator) * learningRate : 0;
      builder.addLeaf(leaf.parentNode, leaf.parentSide, value, leaf.end - leaf.start);
    });
    return { tree: new RegressionTree(builder.toArrays()), rowIndices: rows, leafStart, leafEnd };
  }

  private canSplit(leaf: OpenLeaf): boolean {
    const { maxDepth, minDataInLeaf, minChildWeight } = this.settings;
    return leaf.depth < maxDepth && leaf.end - leaf.start >= 2 * minDataInLeaf && leaf.hessian >= 2 * minChildWeight;
  }

  private findSplit(leaf: OpenLeaf, activeFeatures: Int32Array): void {
    leaf.split = findBestSplit(
      leaf.histogram!,
      this.binning.features,
      this.binning.binShift,
      activeFeatures,
      { gradient: leaf.gradient, hessian: leaf.hessian, count: leaf.end - leaf.start },
      this.settings,
    );
  }

  /** Leaf-wise: the largest gain. Depth-wise: the shallowest leaf, then the largest gain. -1 when none can split. */
  private chooseLeafToSplit(leaves: OpenLeaf[]): number {
    let chosen = -1;
    for (let index = 0; index < leaves.length; index++) {
      const split = leaves[index].split;
      if (!split) continue;
      if (chosen < 0) {
        chosen = index;
        continue;
      }
      const best = leaves[chosen];
      if (this.settings.growth === 'depthwise' && leaves[index].depth !== best.depth) {
        if (leaves[index].depth < best.depth) chosen = index;
      } else if (split.gain > best.split!.gain) {
        chosen = index;
      }
    }
    return chosen;
  }

  private splitLeaf(
    leaf: OpenLeaf,
    builder: TreeArraysBuilder,
    histogramInput: HistogramInput,
    activeFeatures: Int32Array,
  ): [OpenLeaf, OpenLeaf] {
    const split = leaf.split!;
    const feature = this.binning.features[split.feature];
    const threshold = feature.kind === 'numeric' ? feature.upperEdges[split.thresholdBin] : NaN;
    const node = builder.addSplit(leaf.parentNode, leaf.parentSide, split, threshold);
    const middle = this.partition(leaf.start, leaf.end, split, feature.numValueBins);
    const child = (start: number, end: number, gradient: number, hessian: number, side: 'left' | 'right') => ({
      start,
      end,
      gradient,
      hessian,
      depth: leaf.depth + 1,
      parentNode: node,
      parentSide: side,
      histogram: undefined as Float64Array | undefined,
      split: undefined as SplitCandidate | undefined,
    });
    const left = child(leaf.start, middle, split.leftGradient, split.leftHessian, 'left');
    const right = child(
      middle,
      leaf.end,
      leaf.gradient - split.leftGradient,
      leaf.hessian - split.leftHessian,
      'right',
    );
    const parentHistogram = leaf.histogram;
    leaf.histogram = undefined;
    const leftSplittable = this.canSplit(left);
    const rightSplittable = this.canSplit(right);
    if (!leftSplittable && !rightSplittable) {
      if (parentHistogram) this.pool.release(parentHistogram);
      return [left, right];
    }
    // Build the smaller child from its rows; the parent's buffer minus it is the larger child (unless the parent's
    // histogram was dropped to stay within the memory budget; then the larger child is built from rows too).
    const [smaller, larger] = middle - leaf.start <= leaf.end - middle ? [left, right] : [right, left];
    smaller.histogram = this.pool.acquire();
    buildHistogram(smaller.histogram, histogramInput, activeFeatures, this.rowIndices, smaller.start, smaller.end);
    if (parentHistogram) {
      subtractHistogram(parentHistogram, smaller.histogram);
      larger.histogram = parentHistogram;
    } else {
      larger.histogram = this.pool.acquire();
      buildHistogram(larger.histogram, histogramInput, activeFeatures, this.rowIndices, larger.start, larger.end);
    }
    for (const [child, splittable] of [
      [left, leftSplittable],
      [right, rightSplittable],
    ] as const) {
      if (splittable) this.findSplit(child, activeFeatures);
      if (!splittable || this.pool.overBudget()) {
        this.pool.release(child.histogram!);
        child.histogram = undefined;
      }
    }
    return [left, right];
  }

  /**
   * Stable in-place partition of rowIndices[start..end) by the split; returns where the right side starts.
   * The split becomes a 256-entry bin -> side table and every row is written to both sides with only the matching
   * cursor advanced: no data-dependent branch, which measured ~4x faster than an if/else on random splits.
   */
  private partition(start: number, end: number, split: SplitCandidate, missingBin: number): number {
    const goesLeft = this.goesLeftByBin;
    for (let bin = 0; bin < 256; bin++) {
      if (split.categoricalLeftBins) goesLeft[bin] = bitsetHas(split.categoricalLeftBins, 0, bin) ? 1 : 0;
      else goesLeft[bin] = (bin === missingBin ? split.defaultLeft : bin <= split.thresholdBin) ? 1 : 0;
    }
    const rows = this.rowIndices;
    const scratch = this.scratch;
    const column = this.bins.columnMajor.subarray(split.feature * this.numRows, (split.feature + 1) * this.numRows);
    let leftEnd = start;
    let rightCount = 0;
    for (let k = start; k < end; k++) {
      const row = rows[k];
      const left = goesLeft[column[row]];
      rows[leftEnd] = row;
      scratch[rightCount] = row;
      leftEnd += left;
      rightCount += 1 - left;
    }
    rows.set(scratch.subarray(0, rightCount), leftEnd);
    return leftEnd;
  }
}

/** Collects internal nodes and leaves in plain arrays and freezes them into RegressionTreeArrays. */
class TreeArraysBuilder {
  private readonly splitFeature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly categoricalOffset: number[] = [];
  private readonly defaultLeft: number[] = [];
  private readonly leftChild: number[] = [];
  private readonly rightChild: number[] = [];
  private readonly splitGain: number[] = [];
  private readonly categoricalBits: number[] = [];
  private readonly leafValue: number[] = [];
  private readonly leafCount: number[] = [];

  addSplit(parentNode: number, side: 'left' | 'right', split: SplitCandidate, threshold: number): number {
    const node = this.splitFeature.length;
    this.link(parentNode, side, node);
    this.splitFeature.push(split.feature);
    this.threshold.push(split.categoricalLeftBins ? 0 : threshold);
    this.categoricalOffset.push(split.categoricalLeftBins ? this.categoricalBits.length : -1);
    if (split.categoricalLeftBins) this.categoricalBits.push(...split.categoricalLeftBins);
    this.defaultLeft.push(split.defaultLeft ? 1 : 0);
    this.leftChild.push(0);
    this.rightChild.push(0);
    this.splitGain.push(split.gain);
    return node;
  }

  addLeaf(parentNode: number, side: 'left' | 'right', value: number, count: number): void {
    this.link(parentNode, side, ~this.leafValue.length);
    this.leafValue.push(value);
    this.leafCount.push(count);
  }

  toArrays() {
    return {
      splitFeature: Int32Array.from(this.splitFeature),
      threshold: Float64Array.from(this.threshold),
      categoricalOffset: Int32Array.from(this.categoricalOffset),
      defaultLeft: Uint8Array.from(this.defaultLeft),
      leftChild: Int32Array.from(this.leftChild),
      rightChild: Int32Array.from(this.rightChild),
      splitGain: Float64Array.from(this.splitGain),
      categoricalBits: Uint32Array.from(this.categoricalBits),
      leafValue: Float64Array.from(this.leafValue),
      leafCount: Float64Array.from(this.leafCount),
    };
  }

  private link(parentNode: number, side: 'left' | 'right', child: number): void {
    if (parentNode < 0) return;
    (side === 'left' ? this.leftChild : this.rightChild)[parentNode] = child;
  }
}
