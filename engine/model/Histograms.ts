/**
 * Gradient histograms: for every feature bin, the sums of gradient, hessian and row count over a node's rows,
 * interleaved as [g, h, count] (one Float64Array, so a bin update touches one cache line). Only the smaller child of
 * a split is built from rows; the larger is the parent minus it, computed in the parent's buffer.
 */
// Hot loops here and in SplitFinder write the stride 3 as a literal: an imported constant costs a property read per
// use when the code runs as CommonJS (tsx, node:test).

export class HistogramPool {
  private readonly free: Float64Array[] = [];
  readonly length: number;

  constructor(numFeatures: number, binShift: number) {
    this.length = (numFeatures << binShift) * 3;
  }

  acquire(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.length);
  }

  release(histogram: Float64Array): void {
    this.free.push(histogram);
  }
}

export interface HistogramInput {
  /** Row-major bins, `numFeatures` bytes per row. */
  bins: Uint8Array;
  numFeatures: number;
  /** Feature f's bins start at slot f << binShift. */
  binShift: number;
  gradients: Float64Array;
  hessians: Float64Array;
}

/**
 * Fills `histogram` from rows `rowIndices[start..end)`, for the features in `activeFeatures` only (the rest of the
 * buffer is left zero). Rows are visited in index order, so sums are reproducible bit for bit.
 */
export function buildHistogram(
  histogram: Float64Array,
  input: HistogramInput,
  activeFeatures: Int32Array,
  rowIndices: Int32Array,
  start: number,
  end: number,
): void {
  histogram.fill(0);
  const { bins, numFeatures, binShift, gradients, hessians } = input;
  const active = activeFeatures.length;
  if (active === numFeatures) {
    for (let r = start; r < end; r++) {
      const row = rowIndices[r];
      const g = gradients[row];
      const h = hessians[row];
      const base = row * numFeatures;
      for (let f = 0; f < numFeatures; f++) {
        const slot = ((f << binShift) | bins[base + f]) * 3;
        histogram[slot] += g;
        histogram[slot + 1] += h;
        histogram[slot + 2] += 1;
      }
    }
    return;
  }
  for (let r = start; r < end; r++) {
    const row = rowIndices[r];
    const g = gradients[row];
    const h = hessians[row];
    const base = row * numFeatures;
    for (let k = 0; k < active; k++) {
      const f = activeFeatures[k];
      const slot = ((f << binShift) | bins[base + f]) * 3;
      histogram[slot] += g;
      histogram[slot + 1] += h;
      histogram[slot + 2] += 1;
    }
  }
}

/** parent -= child, in place: the parent's buffer becomes the sibling's histogram. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let k = 0; k < parent.length; k++) parent[k] -= child[k];
}
