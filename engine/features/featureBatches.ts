import { traceSql, type DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import type { FeatureMatrix } from '../model/FeatureMatrix';
import { vectorItems } from './duckDbColumns';
import { featureGroupSql } from './featureGroupSql';
import { assertFeaturePlan, emptyValueOf, planFeatures, type FeatureDef, type FeaturePlan } from './FeaturePlan';
import type { LoadedGraph } from './GraphTables';

/**
 * A plan's features for every row of an anchors table, built set-based and handed over in bounded batches: what
 * batch prediction scores. Every feature group is the same SQL buildFeatures runs (featureGroupSql), run over all
 * rows at once into a table of its own; the groups are then LEFT JOINed on the row id a range of rows at a time,
 * so DuckDB's memory is bounded by one group's work or one range's rows, and JavaScript never holds more than the
 * batch being filled (the caller bounds how many it keeps).
 *
 *   await streamFeatureBatches(session, graph, plan, 'anchors', { batchRows: 65536 }, async (batch) => {
 *     const scores = model.predict(batch.matrix);  // scores[i] is the row batch.rowIds[i]
 *   });
 *
 * `anchorsTable` has the columns rid (INTEGER, unique; ranges of ids are assembled one after the other, so dense
 * ids such as 0 .. n - 1 take the fewest queries), ENTITY and anchor (TIMESTAMP). Batches arrive in no
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
  /** Rows whose groups are joined per query (default ASSEMBLY_RANGE_ROWS). */
  rangeRows?: number;
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
  const groupTables = await materializeGroups(session, graph, plan, anchorsTable, signal);
  try {
    const rangeRows = Math.max(1, Math.floor(options.rangeRows ?? ASSEMBLY_RANGE_ROWS));
    for (const range of await rowIdRanges(session, anchorsTable, rangeRows, signal)) {
      const sql = assembledFeaturesSql(plan, anchorsTable, groupTables, range);
      const started = performance.now();
      await session.withInterrupt(signal, async () => {
        const result = await session.connection.stream(sql);
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
      });
      // Streamed with scoring (flush hands batches to the workers), so this is the assembly and the scoring together.
      traceSql(sql, started);
    }
    await flush();
  } finally {
    await dropTables(session, groupTables.values());
  }
  return total;
}

/**
 * Each feature group's rows (rid, f0, ...) as a table of its own, one group at a time. Planned as one query, the
 * groups' range joins, window passes and aggregates all ran at once, and past a few million rows their combined
 * working set broke DuckDB's memory limit (10M customers / 200M orders: out of memory at 1 GB); one at a time,
 * each spills as it needs to. Returns the table of each group by its index in the plan.
 */
async function materializeGroups(
  session: DuckDbSession,
  graph: LoadedGraph,
  plan: FeaturePlan,
  anchorsTable: string,
  signal?: AbortSignal,
): Promise<Map<number, string>> {
  const tables = new Map<number, string>();
  const constantAnchor = await constantAnchorOf(session, anchorsTable, signal);
  try {
    for (const [g, group] of plan.groups.entries()) {
      if (group.features.length === 0) continue;
      const table = `${anchorsTable}__features_g${g}`;
      tables.set(g, table);
      const sql = featureGroupSql(graph, plan.entityTable, group, anchorsTable, { constantAnchor });
      await session.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(table)} AS ${sql}`, signal);
    }
  } catch (error) {
    await dropTables(session, tables.values());
    throw error;
  }
  return tables;
}

/**
 * The one anchor time of every row (a batch prediction's), as an exact TIMESTAMP expression, or undefined when
 * the rows have several anchors (or none): then every group joins its rows to their anchor row.
 */
async function constantAnchorOf(
  session: DuckDbSession,
  anchorsTable: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const [row] = await session.rows(
    `SELECT count(DISTINCT anchor) AS anchors, count(*) - count(anchor) AS missing, ` +
      `epoch_us(min(anchor)) AS micros FROM ${sqlIdent(anchorsTable)}`,
    signal,
  );
  const micros = String(row.micros);
  if (Number(row.anchors) !== 1 || Number(row.missing) !== 0 || !/^-?\d+$/.test(micros)) return undefined;
  return `make_timestamp(${micros})`;
}

/** Scratch tables of a session that is itself scratch: a failure to drop one must not hide the error at hand. */
async function dropTables(session: DuckDbSession, tables: Iterable<string>): Promise<void> {
  for (const table of tables) await session.run(`DROP TABLE IF EXISTS ${sqlIdent(table)}`).catch(() => undefined);
}

/**
 * Rows joined per assembling query: its joins hold the range's rows of every group at once (10M rows in one
 * query broke the 1 GB limit; 1M rows at once peak at 1.2 GB for the whole job).
 */
export const ASSEMBLY_RANGE_ROWS = 1 << 20;

/** `[from, to)` ranges of rid covering the anchors, each of `rangeRows` ids. */
async function rowIdRanges(
  session: DuckDbSession,
  anchorsTable: string,
  rangeRows: number,
  signal?: AbortSignal,
): Promise<{ from: number; to: number }[]> {
  const [row] = await session.rows(`SELECT min(rid) AS lo, max(rid) AS hi FROM ${sqlIdent(anchorsTable)}`, signal);
  if (row.lo === null || row.hi === null) return [];
  const ranges: { from: number; to: number }[] = [];
  for (let from = Number(row.lo); from <= Number(row.hi); from += rangeRows)
    ranges.push({ from, to: from + rangeRows });
  return ranges;
}

/**
 * `SELECT a.rid, <every feature>` over the anchors with `from <= rid < to`: each group's table joined on rid,
 * misses at the empty value.
 */
export function assembledFeaturesSql(
  plan: FeaturePlan,
  anchorsTable: string,
  groupTables: Map<number, string>,
  range: { from: number; to: number },
): string {
  const inRange = (table: string) =>
    `(SELECT * FROM ${sqlIdent(table)} WHERE rid >= ${range.from} AND rid < ${range.to})`;
  const select: string[] = ['a.rid'];
  const joins: string[] = [];
  plan.groups.forEach((group, g) => {
    const table = groupTables.get(g);
    if (!table) return;
    joins.push(`LEFT JOIN ${inRange(table)} g${g} USING (rid)`);
    group.features.forEach((feature, i) => select.push(`coalesce(g${g}.f${i}, ${emptyValueSql(feature)})`));
  });
  return `SELECT ${select.join(', ')} FROM ${inRange(anchorsTable)} a ${joins.join(' ')}`;
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
