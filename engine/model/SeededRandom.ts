/**
 * A small seeded pseudo-random generator (mulberry32). The model's subsampling, binning sample and embedding
 * projections all draw from it, so the same seed and data always give the same model, on any machine.
 * Math.random is never used in engine/model.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (1, 2, 3) do not start from nearby states.
    this.state = mixBits32(Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** Standard normal draw (Box-Muller); used by tests and benches to make synthetic data. */
  nextGaussian(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `count` distinct indices of [0, total), sorted ascending (partial Fisher-Yates). */
  sampleIndices(total: number, count: number): Int32Array {
    const pool = new Int32Array(total);
    for (let i = 0; i < total; i++) pool[i] = i;
    const take = Math.min(count, total);
    for (let i = 0; i < take; i++) {
      const j = i + this.nextInt(total - i);
      const swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    return pool.slice(0, take).sort();
  }
}

/** A 32-bit integer finaliser (from murmur3); also used to hash (tree, leaf, dimension) triples into signs. */
export function mixBits32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
