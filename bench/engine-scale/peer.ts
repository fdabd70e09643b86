import { DuckDbSession } from '../../data/DuckDbSession';
import { streamNumericColumns } from '../../engine/features/duckDbColumns';
import { loadArtifactModel, readModelArtifact } from '../../engine/training/ModelArtifact';
import { handWrittenFeaturesSql, handWrittenMainFeaturesSql, handWrittenStatisticsSql } from './handWrittenQueries';
import { ensureShopData } from './shopData';

/**
 * The hand-written peers, each run as its own process by the bench (so process start counts on both
 * sides):
 *   peer.ts stats <root> <customers> <format>            the statistics query
 *   peer.ts predict <root> <customers> <format> <model>  the feature query, then the model's trees
 *   peer.ts predict-main <root> <customers> <format> <model>  the same with the original, smaller feature query
 *
 * The scoring peer is the tight loop an engineer would write over the trained model's own tree arrays
 * (numeric comparisons, flat arrays, no abstractions), walking every tree for every row over the
 * feature query's columns (a split on feature k reads column k modulo the query's width): the same
 * number of node visits as a real scoring, not the same predictions.
 */
async function main(): Promise<void> {
  const [mode, root, customers, format, modelFile] = process.argv.slice(2);
  const data = await ensureShopData(root, Number(customers), format as 'csv' | 'parquet');
  const session = await DuckDbSession.open();
  try {
    if (mode === 'stats') {
      const rows = await session.rows(handWrittenStatisticsSql(data));
      console.log(JSON.stringify({ rows: Number(rows[0].orders_rows) }));
      return;
    }
    const columns: Float64Array[][] = [];
    let numRows = 0;
    const featuresSql = mode === 'predict-main' ? handWrittenMainFeaturesSql(data) : handWrittenFeaturesSql(data);
    await streamNumericColumns(session, featuresSql, (chunk, _offset, rowCount) => {
      chunk.forEach((values, k) => {
        const part = new Float64Array(rowCount);
        for (let i = 0; i < rowCount; i++) part[i] = values[i] === null ? NaN : Number(values[i]);
        (columns[k] ??= []).push(part);
      });
      numRows += rowCount;
    });
    const matrix = columns.map((parts) => {
      const whole = new Float64Array(numRows);
      let at = 0;
      for (const part of parts) whole.set(part, (at += part.length) - part.length);
      return whole;
    });
    const model = loadArtifactModel(readModelArtifact(modelFile));
    const scores = new Float64Array(numRows).fill(model.gbdts.reduce((sum, gbdt) => sum + gbdt.baseScores[0], 0));
    for (const gbdt of model.gbdts) {
      for (const tree of gbdt.trees) {
        const { splitFeature, threshold, defaultLeft, leftChild, rightChild, leafValue } = tree.arrays;
        const root = splitFeature.length === 0 ? -1 : 0;
        for (let row = 0; row < numRows; row++) {
          let node = root;
          while (node >= 0) {
            const x = matrix[splitFeature[node] % matrix.length][row];
            node = x <= threshold[node] || (x !== x && defaultLeft[node] === 1) ? leftChild[node] : rightChild[node];
          }
          scores[row] += leafValue[~node];
        }
      }
    }
    let positives = 0;
    for (let row = 0; row < numRows; row++) if (1 / (1 + Math.exp(-scores[row])) > 0.5) positives++;
    console.log(JSON.stringify({ rows: numRows, positives }));
  } finally {
    session.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
