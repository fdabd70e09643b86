/**
 * Maps a categorical feature's codes to bin numbers: the codes kept at training time, in bin order, get bins
 * 0..k-1; NaN, rare codes and codes never seen in training get `missingBin` (= k), so they follow the split's
 * learned default direction. Small non-negative integer codes (the usual DuckDB dictionary codes) use a dense
 * table; anything else uses a Map.
 */
export class CategoryIndex {
  readonly missingBin: number;
  private readonly dense: Int16Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(readonly codes: Float64Array) {
    this.missingBin = codes.length;
    let denseLimit = 0;
    let allSmallIntegers = true;
    for (const code of codes) {
      if (!Number.isInteger(code) || code < 0 || code >= DENSE_CODE_LIMIT) allSmallIntegers = false;
      else denseLimit = Math.max(denseLimit, code + 1);
    }
    if (allSmallIntegers) {
      this.dense = new Int16Array(denseLimit).fill(this.missingBin);
      codes.forEach((code, bin) => (this.dense![code] = bin));
    } else {
      this.sparse = new Map();
      codes.forEach((code, bin) => this.sparse!.set(code, bin));
    }
  }

  binOf(value: number): number {
    if (this.dense) {
      // NaN, negative and fractional values fail the index lookup and fall to the missing bin.
      const bin = this.dense[value];
      return bin === undefined ? this.missingBin : bin;
    }
    return this.sparse!.get(value) ?? this.missingBin;
  }
}

const DENSE_CODE_LIMIT = 1 << 20;
