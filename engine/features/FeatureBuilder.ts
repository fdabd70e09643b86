import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import { assertValidFeatureMatrix, type FeatureMatrix } from '../model/FeatureMatrix';
import { streamNumericColumns } from './duckDbColumns';
import { featureGroupSql } from './featureGroupSql';
import { assertFeaturePlan, emptyValueOf, planFeatures, type FeaturePlan } from './FeaturePlan';
import type { LoadedGraph } from './GraphTables';

/**
 * Builds a plan's features for many (entity, anchor time) pairs at once. Training calls it with its
 * training table, prediction with its entities at the prediction anchor; both pass the same plan
 * (stored in the model artifact), so the model sees identical features.
 *
 *   await session.run(`CREATE TEMP TABLE ea AS SELECT id AS ENTITY, TIMESTAMP '2024-01-01' AS ANCHOR_TIMESTAMP FROM ...`);
 *   const graph = await loadGraphTables(session, graphSourcesFromSpec(spec, host.resolveSource));
 *   const built = await buildFeatures(session, graph, artifact.featurePlan, 'ea');
 *   model.predict(built.matrix)  // row i is (built.entityTable rows ordered by ANCHOR_TIMESTAMP, ENTITY)[i]
 *
 * `entityAnchorsTable` needs the columns ENTITY (the entity table's primary key values) and
 * ANCHOR_TIMESTAMP (anything castable to TIMESTAMP; for static queries any fixed time at or after the
 * data). (ENTITY, ANCHOR_TIMESTAMP) pairs must be unique. Extra columns are ignored.
 *
 * Row order: sorted by ANCHOR_TIMESTAMP, then ENTITY. The session gets a table `rowOrderTable`
 * (columns rid, ENTITY, anchor) that maps each matrix row index `rid` back to its pair, so callers
 * can join labels or write outputs in exactly the matrix's order. Values are column-major Float32
 * (NaN = missing); categorical features hold category codes.
 */
export interface BuiltFeatures {
  matrix: FeatureMatrix;
  /** DuckDB temp table with rid (INTEGER, 0-based matrix row), ENTITY, anchor (TIMESTAMP). */
  rowOrderTable: string;
}

export interface BuildFeaturesOptions {
  signal?: AbortSignal;
  /** Called after each feature group with (groups done, groups in total). */
  onProgress?: (completed: number, total: number) => void;
  /** Name of the row-order table to create (default `rg_feature_rows`); replaced if it exists. */
  rowOrderTable?: string;
}

export async function buildFeatures(
  session: DuckDbSession,
  graph: LoadedGraph,
  plan: FeaturePlan,
  entityAnchorsTable: string,
  options: BuildFeaturesOptions = {},
): Promise<BuiltFeatures> {
  assertFeaturePlan(plan);
  const { signal } = options;
  const rowOrderTable = options.rowOrderTable ?? 'rg_feature_rows';
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${sqlIdent(rowOrderTable)} AS ` +
      `SELECT (row_number() OVER (ORDER BY ANCHOR_TIMESTAMP, ENTITY) - 1)::INTEGER AS rid, ENTITY, ` +
      `CAST(ANCHOR_TIMESTAMP AS TIMESTAMP) AS anchor FROM ${sqlIdent(entityAnchorsTable)}`,
    signal,
  );
  const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${sqlIdent(rowOrderTable)}`, signal);
  const numRows = Number(n);
  const features = planFeatures(plan);
  const values = new Float32Array(numRows * features.length);

  let firstFeature = 0;
  for (const [groupIndex, group] of plan.groups.entries()) {
    const width = group.features.length;
    const offsets = group.features.map((_, k) => (firstFeature + k) * numRows);
    group.features.forEach((feature, k) => values.fill(emptyValueOf(feature), offsets[k], offsets[k] + numRows));
    if (width > 0 && numRows > 0) {
      const sql = featureGroupSql(graph, plan.entityTable, group, rowOrderTable);
      await streamNumericColumns(
        session,
        sql,
        (columns, _offset, rowCount) => {
          const rids = columns[0];
          for (let k = 0; k < width; k++) {
            const items = columns[k + 1] as Float64Array;
            const base = offsets[k];
            for (let i = 0; i < rowCount; i++) values[base + (rids[i] as number)] = items[i];
          }
        },
        signal,
      );
    }
    firstFeature += width;
    options.onProgress?.(groupIndex + 1, plan.groups.length);
  }

  const matrix: FeatureMatrix = {
    numRows,
    numFeatures: features.length,
    values,
    featureNames: features.map((f) => f.name),
    featureKinds: features.map((f) => f.kind),
  };
  assertValidFeatureMatrix(matrix);
  return { matrix, rowOrderTable };
}
