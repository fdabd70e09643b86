import type { CompiledForest } from './CompiledForest';
import type { RegressionTree, TreeInput } from './RegressionTree';
import { mixBits32, SeededRandom } from './SeededRandom';

/**
 * Entity embeddings from a trained ensemble: a hashed sketch of leaf co-occurrence.
 *
 * Every (tree t, leaf l) gets a fixed pseudo-random sign vector r(t, l) in {-1, +1}^D (seeded hash, so the same model
 * always gives the same vectors). A row's embedding is
 *     e(x) = normalise( sum_t w_t * r(t, leaf_t(x)) )
 * where w_t is the count-weighted spread (RMS around the mean) of tree t's leaf values: trees that move scores a
 * lot dominate, near-constant late trees hardly count. Before normalising, <e(x), e(y)> = D * sum_t w_t^2 when x and
 * y share every leaf and the cross terms of different leaves are zero-mean noise, so the cosine of two embeddings
 * estimates how much (weighted) tree structure the two rows share: rows the model routes alike are close, rows it
 * routes apart are near orthogonal. This is the random-forest proximity kernel compressed to D numbers by random
 * projection. Rows of a model without splits all get the zero vector.
 *
 * This function makes every tree's leaf vectors (undefined for a tree that does not separate rows); embedRows adds
 * them up per row. They depend only on the model, so a model scoring many batches makes them once.
 */
export function leafProjectionTables(
  trees: readonly RegressionTree[],
  dimensions: number,
  seed: number,
): (Float64Array | undefined)[] {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error(`embedding dimensions must be >= 1`);
  return trees.map((tree, t) => leafProjectionTable(tree, t, dimensions, seed));
}

/** The rows' embeddings: `tables` from leafProjectionTables, leaves found by the model's compiled trees. */
export function embedRows(
  forest: CompiledForest,
  tables: readonly (Float64Array | undefined)[],
  input: TreeInput,
  dimensions: number,
): Float32Array {
  const { values, numRows, categoryIndexes } = input;
  const out = new Float32Array(numRows * dimensions);
  const sum = new Float64Array(dimensions);
  for (let row = 0; row < numRows; row++) {
    sum.fill(0);
    for (let t = 0; t < tables.length; t++) {
      const table = tables[t];
      if (!table) continue;
      const base = forest.leafOf(t, values, numRows, row, categoryIndexes) * dimensions;
      for (let d = 0; d < dimensions; d++) sum[d] += table[base + d];
    }
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += sum[d] * sum[d];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dimensions; d++) out[row * dimensions + d] = sum[d] * scale;
  }
  return out;
}

/** w_t * r(t, l) for every leaf l of tree t, leaf-major; undefined when the tree does not separate rows. */
function leafProjectionTable(
  tree: RegressionTree,
  treeIndex: number,
  dimensions: number,
  seed: number,
): Float64Array | undefined {
  const weight = leafValueSpread(tree);
  if (!(weight > 0)) return undefined;
  const table = new Float64Array(tree.numLeaves * dimensions);
  const treeHash = mixBits32(mixBits32(seed) + treeIndex);
  for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
    const random = new SeededRandom(mixBits32(treeHash + Math.imul(leaf + 1, 0x9e3779b1)));
    let bits = 0;
    for (let d = 0; d < dimensions; d++) {
      if ((d & 31) === 0) bits = random.nextUint32();
      table[leaf * dimensions + d] = (bits >>> (d & 31)) & 1 ? weight : -weight;
    }
  }
  return table;
}

function leafValueSpread(tree: RegressionTree): number {
  const { leafValue, leafCount } = tree.arrays;
  let total = 0;
  let mean = 0;
  for (let l = 0; l < leafValue.length; l++) {
    total += leafCount[l];
    mean += leafCount[l] * leafValue[l];
  }
  if (total <= 0) return 0;
  mean /= total;
  let variance = 0;
  for (let l = 0; l < leafValue.length; l++) variance += leafCount[l] * (leafValue[l] - mean) ** 2;
  return Math.sqrt(variance / total);
}

/** Cosine similarity of rows a and b of a row-major embedding matrix (the vectors are unit length or zero). */
export function embeddingCosine(embeddings: Float32Array, dimensions: number, a: number, b: number): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let d = 0; d < dimensions; d++) {
    const x = embeddings[a * dimensions + d];
    const y = embeddings[b * dimensions + d];
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0;
}
