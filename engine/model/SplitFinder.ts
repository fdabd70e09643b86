import type { FeatureBins } from './FeatureBinning';

/**
 * Best split of one node from its histogram (XGBoost's second-order gain):
 *   gain = GL^2/(HL+lambda) + GR^2/(HR+lambda) - G^2/(H+lambda)
 * Missing values (the feature's last bin) are tried on both sides and the better side becomes the split's default
 * direction. Categorical bins are ordered by G/(H+cat_smooth) and scanned like an ordered feature (LightGBM's
 * many-vs-many split): for this gain the best two-way grouping of categories is a prefix of that order (Fisher,
 * 1958), so one pass finds it without trying all 2^k subsets.
 */
export interface SplitCandidate {
  gain: number;
  feature: number;
  /** Numeric: bins <= thresholdBin go left. Unused for categorical splits. */
  thresholdBin: number;
  /** Categorical: bitset over bins (missing bin included) of the bins that go left. */
  categoricalLeftBins: Uint32Array | undefined;
  defaultLeft: boolean;
  leftGradient: number;
  leftHessian: number;
  leftCount: number;
}

export interface SplitConstraints {
  lambdaL2: number;
  minDataInLeaf: number;
  minChildWeight: number;
  minSplitGain: number;
  catSmooth: number;
}

export interface NodeTotals {
  gradient: number;
  hessian: number;
  count: number;
}

export function findBestSplit(
  histogram: Float64Array,
  features: readonly FeatureBins[],
  binShift: number,
  activeFeatures: Int32Array,
  totals: NodeTotals,
  constraints: SplitConstraints,
): SplitCandidate | undefined {
  const search = new SplitSearch(totals, constraints);
  for (let k = 0; k < activeFeatures.length; k++) {
    const feature = activeFeatures[k];
    const bins = features[feature];
    const offset = (feature << binShift) * 3;
    if (bins.kind === 'numeric') search.scanNumeric(histogram, offset, feature, bins.numValueBins);
    else search.scanCategorical(histogram, offset, feature, bins.numValueBins);
  }
  return search.best;
}

export function leafObjective(gradient: number, hessian: number, lambdaL2: number): number {
  return (gradient * gradient) / (hessian + lambdaL2);
}

class SplitSearch {
  best: SplitCandidate | undefined;
  private bestGain: number;
  private readonly parentScore: number;

  constructor(
    private readonly totals: NodeTotals,
    private readonly constraints: SplitConstraints,
  ) {
    this.parentScore = leafObjective(totals.gradient, totals.hessian, constraints.lambdaL2);
    // A split must beat min_split_gain and be strictly positive.
    this.bestGain = Math.max(constraints.minSplitGain, 1e-12);
  }

  scanNumeric(histogram: Float64Array, offset: number, feature: number, numValueBins: number): void {
    const missing = offset + numValueBins * 3;
    const missingG = histogram[missing];
    const missingH = histogram[missing + 1];
    const missingC = histogram[missing + 2];
    let leftG = 0;
    let leftH = 0;
    let leftC = 0;
    for (let bin = 0; bin < numValueBins; bin++) {
      const slot = offset + bin * 3;
      const count = histogram[slot + 2];
      if (count === 0 && bin < numValueBins - 1) continue;
      leftG += histogram[slot];
      leftH += histogram[slot + 1];
      leftC += count;
      // With no missing rows here the default direction is free: send unseen missing values to the larger side.
      const missingDefaultLeft = missingC === 0 ? leftC * 2 >= this.totals.count : false;
      this.consider(feature, bin, undefined, leftG, leftH, leftC, missingDefaultLeft);
      if (missingC > 0) {
        this.consider(feature, bin, undefined, leftG + missingG, leftH + missingH, leftC + missingC, true);
      }
    }
  }

  scanCategorical(histogram: Float64Array, offset: number, feature: number, numValueBins: number): void {
    const present: number[] = [];
    const ratio = new Float64Array(numValueBins);
    for (let bin = 0; bin < numValueBins; bin++) {
      const slot = offset + bin * 3;
      if (histogram[slot + 2] <= 0) continue;
      present.push(bin);
      ratio[bin] = histogram[slot] / (histogram[slot + 1] + this.constraints.catSmooth);
    }
    if (present.length === 0) return;
    present.sort((a, b) => ratio[a] - ratio[b] || a - b);
    const missing = offset + numValueBins * 3;
    const missingC = histogram[missing + 2];
    let leftG = 0;
    let leftH = 0;
    let leftC = 0;
    for (let k = 0; k < present.length; k++) {
      const slot = offset + present[k] * 3;
      leftG += histogram[slot];
      leftH += histogram[slot + 1];
      leftC += histogram[slot + 2];
      const missingDefaultLeft = missingC === 0 ? leftC * 2 >= this.totals.count : false;
      if (this.consider(feature, -1, undefined, leftG, leftH, leftC, missingDefaultLeft)) {
        this.best!.categoricalLeftBins = categoryBitset(present, k + 1, numValueBins, missingDefaultLeft);
      }
      if (missingC > 0) {
        const withMissingG = leftG + histogram[missing];
        const withMissingH = leftH + histogram[missing + 1];
        if (this.consider(feature, -1, undefined, withMissingG, withMissingH, leftC + missingC, true)) {
          this.best!.categoricalLeftBins = categoryBitset(present, k + 1, numValueBins, true);
        }
      }
    }
  }

  /** Records the split if it is valid and better than the best so far; returns whether it was recorded. */
  private consider(
    feature: number,
    thresholdBin: number,
    categoricalLeftBins: Uint32Array | undefined,
    leftG: number,
    leftH: number,
    leftC: number,
    defaultLeft: boolean,
  ): boolean {
    const { minDataInLeaf, minChildWeight, lambdaL2 } = this.constraints;
    const rightC = this.totals.count - leftC;
    if (leftC < minDataInLeaf || rightC < minDataInLeaf) return false;
    const rightH = this.totals.hessian - leftH;
    if (leftH < minChildWeight || rightH < minChildWeight) return false;
    const rightG = this.totals.gradient - leftG;
    const gain = leafObjective(leftG, leftH, lambdaL2) + leafObjective(rightG, rightH, lambdaL2) - this.parentScore;
    if (!(gain > this.bestGain)) return false;
    this.bestGain = gain;
    this.best = {
      gain,
      feature,
      thresholdBin,
      categoricalLeftBins,
      defaultLeft,
      leftGradient: leftG,
      leftHessian: leftH,
      leftCount: leftC,
    };
    return true;
  }
}

/** Bitset of the first `size` bins of `ordered`, plus the missing bin when missing values go left. */
function categoryBitset(ordered: number[], size: number, missingBin: number, missingLeft: boolean): Uint32Array {
  const bits = new Uint32Array(8);
  for (let k = 0; k < size; k++) bits[ordered[k] >>> 5] |= 1 << (ordered[k] & 31);
  if (missingLeft) bits[missingBin >>> 5] |= 1 << (missingBin & 31);
  return bits;
}

export function bitsetHas(bits: Uint32Array, offset: number, bin: number): boolean {
  return (bits[offset + (bin >>> 5)] & (1 << (bin & 31))) !== 0;
}
