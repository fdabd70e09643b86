import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import type { FeatureMatrix } from '../model/FeatureMatrix';
import { vectorItems } from './duckDbColumns';
import { featureGroupSql } from './featureGroupSql';
import { assertFeaturePlan, emptyValueOf, planFeatures, type FeatureDef, type FeaturePlan } from './FeaturePlan';
import type { LoadedGraph } from './GraphTables';

/**
 * A plan's features for every row of an anchors table in one set-based query, handed over in bounded batches:
 * what batch prediction scores. Every feature group is the same SQL buildFeatures runs (featureGroupSql), here
 * LEFT JOINed on the row id, so DuckDB plans and parallelises all groups over all rows at once, and JavaScript
 * never holds more than the batch being filled (the caller bounds how many it keeps).
 *
 *   await streamFeatureBatches(session, graph, plan, 'anchors', { batchRows: 65536 }, async (batch) => {
 *     const scores = model.predict(batch.matrix);  // scores[i] is the row batch.rowIds[i]
 *   });
 *
 * `anchorsTable` has the columns rid (INTEGER, unique), ENTITY and anchor (TIMESTAMP). Batches arrive in no
 * particular row order; a row's values are the ones buildFeatures gives it (the same DOUBLE, rounded to float32;
 * a group that does not reach the row leaves its features at their empty value).
 */
export interface FeatureBatch {
  /** Row-for-row with the matrix: the anchors table's rid of each row. */
  rowIds: Int32Array;
  /** Column-major float32, the plan's features in plan order (see FeatureMatrix). */
  matrix: FeatureMatrix;
}

export interface FeatureBatchOptions {
  /** Rows per batch (the last one may be shorter). */
  batchRows: number;
  signal?: AbortSignal;
}

export async function streamFeatureBatches(
  session: DuckDbSession,
  graph: LoadedGraph,
  plan: FeaturePlan,
  anchorsTable: string,
  options: FeatureBatchOptions,
  onBatch: (batch: FeatureBatch) => Promise<void>,
): Promise<number> {
  assertFeaturePlan(plan);
  const features = planFeatures(plan);
  const capacity = Math.max(1, Math.floor(options.batchRows));
  const width = features.length;
  const { signal } = options;
  let rowIds = new Int32Array(capacity);
  let values = new Float32Array(capacity * width);
  let filled = 0;
  let total = 0;
  const flush = async () => {
    if (filled === 0) return;
    // A short batch is compacted: a matrix's columns are exactly numRows long.
    const batchValues = filled === capacity ? values : compactColumns(values, capacity, filled, width);
    const batch: FeatureBatch = {
      rowIds: filled === capacity ? rowIds : rowIds.slice(0, filled),
      matrix: {
        numRows: filled,
        numFeatures: width,
        values: batchValues,
        featureNames: features.map((f) => f.name),
        featureKinds: features.map((f) => f.kind),
      },
    };
    total += filled;
    // The batch's buffers now belong to the consumer (they may be moved to another thread): start new ones.
    rowIds = new Int32Array(capacity);
    values = new Float32Array(capacity * width);
    filled = 0;
    await onBatch(batch);
  };
  await session.withInterrupt(signal, async () => {
    const result = await session.connection.stream(allFeaturesSql(graph, plan, anchorsTable));
    for (;;) {
      signal?.throwIfAborted();
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns = Array.from({ length: width + 1 }, (_, j) => vectorItems(chunk, j));
      let offset = 0;
      while (offset < chunk.rowCount) {
        const take = Math.min(chunk.rowCount - offset, capacity - filled);
        const rids = columns[0] as Int32Array;
        rowIds.set(rids.subarray(offset, offset + take), filled);
        for (let k = 0; k < width; k++) {
          // Float64 -> Float32 rounds exactly as buildFeatures' store into its Float32Array does.
          values.set((columns[k + 1] as Float64Array).subarray(offset, offset + take), k * capacity + filled);
        }
        filled += take;
        offset += take;
        if (filled === capacity) await flush();
      }
    }
    await flush();
  });
  return total;
}

/** `SELECT a.rid, <every feature>` over the anchors: each group's SQL joined on rid, misses at the empty value. */
export function allFeaturesSql(graph: LoadedGraph, plan: FeaturePlan, anchorsTable: string): string {
  const select: string[] = ['a.rid'];
  const joins: string[] = [];
  plan.groups.forEach((group, g) => {
    if (group.features.length === 0) return;
    joins.push(`LEFT JOIN (${featureGroupSql(graph, plan.entityTable, group, anchorsTable)}) g${g} USING (rid)`);
    group.features.forEach((feature, i) => select.push(`coalesce(g${g}.f${i}, ${emptyValueSql(feature)})`));
  });
  return `SELECT ${select.join(', ')} FROM ${sqlIdent(anchorsTable)} a ${joins.join(' ')}`;
}

function emptyValueSql(feature: FeatureDef): string {
  const value = emptyValueOf(feature);
  return Number.isNaN(value) ? `'NaN'::DOUBLE` : `${value}::DOUBLE`;
}

function compactColumns(values: Float32Array, capacity: number, rows: number, width: number): Float32Array {
  const out = new Float32Array(rows * width);
  for (let k = 0; k < width; k++) out.set(values.subarray(k * capacity, k * capacity + rows), k * rows);
  return out;
}
