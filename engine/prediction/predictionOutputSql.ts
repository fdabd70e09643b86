import { DuckDBAppender } from '@duckdb/node-api';
import type { DuckDbSession } from '../../data/DuckDbSession';
import type { OutputShape, PredictionArrays } from './PredictionArrays';
import { createTableFromColumns } from './typedColumnsTable';

/**
 * The DuckDB tables that hold one run's rows and model outputs, and the SELECTs that turn them into
 * Kumo's output columns. The rows table (`ROWS_TABLE`: row_id, ENTITY, ANCHOR_TIMESTAMP) is made by
 * the row selection; this module adds the model's arrays keyed by the same row_id.
 */
export const ROWS_TABLE = 'rg_prediction_rows';
const SCORES_TABLE = 'rg_prediction_scores';
const CLASS_SCORES_TABLE = 'rg_prediction_class_scores';
const CLASSES_TABLE = 'rg_prediction_classes';
const EMBEDDINGS_TABLE = 'rg_prediction_embeddings';

export interface OutputQueries {
  predictions?: string;
  embeddings?: string;
  /** Reproducible row order of every output. */
  orderBy: { predictions: string; embeddings: string };
}

/** Loads the arrays (row i is row_id i) and returns the output SELECTs. */
export async function prepareOutputQueries(
  session: DuckDbSession,
  arrays: PredictionArrays,
  shape: OutputShape,
  options: { temporal: boolean; predictions: boolean; embeddings: boolean },
): Promise<OutputQueries> {
  const rowIds = Int32Array.from({ length: arrays.rowCount }, (_, i) => i);
  const keys = options.temporal ? 'r.ENTITY, r.ANCHOR_TIMESTAMP' : 'r.ENTITY';
  const order = options.temporal ? 'ENTITY, ANCHOR_TIMESTAMP' : 'ENTITY';
  const queries: OutputQueries = { orderBy: { predictions: order, embeddings: order } };
  if (options.predictions) {
    if (shape.kind === 'multiclass') {
      queries.predictions = await multiclassQuery(session, arrays, shape, rowIds, keys);
      queries.orderBy.predictions = `${order}, SCORE DESC, CLASS`;
    } else {
      if (!arrays.scores) throw new Error('the model returned no scores');
      await createTableFromColumns(session, SCORES_TABLE, [
        { name: 'row_id', kind: 'int32', values: rowIds },
        { name: 'score', kind: 'float64', values: arrays.scores },
      ]);
      const from = `${ROWS_TABLE} r JOIN ${SCORES_TABLE} s USING (row_id)`;
      queries.predictions =
        shape.kind === 'binary'
          ? `SELECT ${keys}, s.score >= ${sqlNumber(shape.threshold)} AS TARGET_PRED, ` +
            `1 - s.score AS FALSE_PROB, s.score AS TRUE_PROB FROM ${from}`
          : `SELECT ${keys}, s.score AS TARGET_PRED FROM ${from}`;
    }
  }
  if (options.embeddings) {
    if (!arrays.embeddings || !arrays.embeddingWidth) throw new Error('the model returned no embeddings');
    await createTableFromColumns(session, EMBEDDINGS_TABLE, [
      { name: 'row_id', kind: 'int32', values: rowIds },
      { name: 'EMBEDDING', kind: 'float32Array', values: arrays.embeddings, width: arrays.embeddingWidth },
    ]);
    queries.embeddings = `SELECT ${keys}, e.EMBEDDING FROM ${ROWS_TABLE} r JOIN ${EMBEDDINGS_TABLE} e USING (row_id)`;
  }
  return queries;
}

async function multiclassQuery(
  session: DuckDbSession,
  arrays: PredictionArrays,
  shape: Extract<OutputShape, { kind: 'multiclass' }>,
  rowIds: Int32Array,
  keys: string,
): Promise<string> {
  const k = arrays.numClasses ?? 0;
  if (!arrays.classProbabilities || k !== shape.classes.length) {
    throw new Error(`the model returned ${k} class probabilities per row; its classes are ${shape.classes.length}`);
  }
  const n = arrays.rowCount;
  const longRowIds = new Int32Array(n * k);
  const classIndex = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      longRowIds[i * k + c] = rowIds[i];
      classIndex[i * k + c] = c;
    }
  }
  await createTableFromColumns(session, CLASS_SCORES_TABLE, [
    { name: 'row_id', kind: 'int32', values: longRowIds },
    { name: 'class_index', kind: 'int32', values: classIndex },
    { name: 'SCORE', kind: 'float64', values: arrays.classProbabilities },
  ]);
  await createClassesTable(session, shape.classes);
  const topK = Math.max(1, Math.min(k, Math.floor(shape.topK)));
  // Ties in SCORE go to the smaller CLASS, identically for the rank (PREDICTED) and the row order.
  return (
    `SELECT ${keys}, s.CLASS, s.SCORE, s.rank = 1 AS PREDICTED FROM ${ROWS_TABLE} r JOIN (` +
    `SELECT cs.row_id, c.CLASS, cs.SCORE, ` +
    `row_number() OVER (PARTITION BY cs.row_id ORDER BY cs.SCORE DESC, c.CLASS) AS rank ` +
    `FROM ${CLASS_SCORES_TABLE} cs JOIN ${CLASSES_TABLE} c USING (class_index)` +
    `) s USING (row_id) WHERE s.rank <= ${topK}`
  );
}

/** The class labels with their natural type: integers stay BIGINT, other numbers DOUBLE, else VARCHAR. */
async function createClassesTable(session: DuckDbSession, classes: readonly (string | number)[]): Promise<void> {
  const numeric = classes.every((c) => typeof c === 'number');
  const integral = numeric && classes.every((c) => Number.isSafeInteger(c));
  const type = integral ? 'BIGINT' : numeric ? 'DOUBLE' : 'VARCHAR';
  await session.run(`CREATE OR REPLACE TABLE ${CLASSES_TABLE} (class_index INTEGER, CLASS ${type})`);
  const appender: DuckDBAppender = await session.connection.createAppender(CLASSES_TABLE);
  try {
    classes.forEach((label, index) => {
      appender.appendInteger(index);
      if (integral) appender.appendBigInt(BigInt(label as number));
      else if (numeric) appender.appendDouble(label as number);
      else appender.appendVarchar(String(label));
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `${value}::DOUBLE`;
}
