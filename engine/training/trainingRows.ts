import type { TaskType } from '../../core/pql/ast';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import { streamNumericColumns } from '../features/duckDbColumns';
import type { FeatureMatrix } from '../model';
import { iso } from './AnchorSchedule';

/**
 * The training table's labels and split, read in the feature matrix's row order, and the helpers
 * that cut the matrix into its training and validation parts.
 */

/** Multiclass: the classes in index order (most frequent first, ties by value); at most `maxClasses`. */
export async function readClassLabels(
  session: DuckDbSession,
  trainingTable: string,
  maxClasses: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const rows = await session.rows(
    `SELECT TARGET AS c, count(*) AS n FROM ${sqlIdent(trainingTable)} GROUP BY c ORDER BY n DESC, c LIMIT ${maxClasses}`,
    signal,
  );
  return rows.map((r) => String(r.c));
}

/**
 * Keeps at most `maxRows` rows, chosen by a hash of (entity, anchor, seed): the same rows on every
 * run, spread evenly over anchors and entities. Returns the number of rows kept. The rows it keeps are
 * the `maxRows` smallest hashes, which is what lets sampleTrainingPairs label only a hash range.
 */
export async function capTrainingRows(
  session: DuckDbSession,
  trainingTable: string,
  maxRows: number,
  seed: number,
  signal?: AbortSignal,
): Promise<number> {
  const table = sqlIdent(trainingTable);
  const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${table}`, signal);
  if (Number(n) <= maxRows) return Number(n);
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM ${table} ` +
      `ORDER BY ${samplingHashSql('ENTITY', 'ANCHOR_TIMESTAMP', seed)}, ANCHOR_TIMESTAMP, ENTITY LIMIT ${maxRows}`,
    signal,
  );
  return maxRows;
}

/**
 * The hash that orders training rows for the cut (a UBIGINT): the same expression wherever rows are
 * sampled, so a pair sampled early is exactly a pair the cut would rank the same way.
 */
export function samplingHashSql(entity: string, anchor: string, seed: number): string {
  return `hash(CAST(${entity} AS VARCHAR), ${anchor}, ${Math.trunc(seed)})`;
}

export interface SplitRule {
  /** Temporal: rows at anchors >= this validate. */
  validationStart?: Date;
  /** Static queries: the entity table's time column decides (latest tenth), else a seeded hash (a tenth). */
  staticSplit?: {
    entityRelation: string;
    entityKey: string;
    timeColumn?: string;
    validationStart?: Date;
    seed: number;
  };
}

/**
 * Labels (class index for multiclass) and the validation flag of every matrix row, in row order
 * (`rowOrderTable` from buildFeatures maps rid -> ENTITY, anchor).
 */
export async function readLabelsAndSplit(
  session: DuckDbSession,
  trainingTable: string,
  rowOrderTable: string,
  numRows: number,
  taskType: TaskType,
  classLabels: string[] | undefined,
  split: SplitRule,
  signal?: AbortSignal,
): Promise<{ labels: Float64Array; isValidation: Uint8Array }> {
  const label =
    taskType === 'multiclass_classification'
      ? `coalesce(list_position([${(classLabels ?? []).map(sqlString).join(', ')}]::VARCHAR[], t.TARGET) - 1, -1)`
      : 't.TARGET';
  const validation = validationSql(split);
  const join = split.staticSplit
    ? `LEFT JOIN ${sqlIdent(split.staticSplit.entityRelation)} e ON e.${sqlIdent(split.staticSplit.entityKey)} = r.ENTITY`
    : '';
  const labels = new Float64Array(numRows);
  const isValidation = new Uint8Array(numRows);
  await streamNumericColumns(
    session,
    `SELECT r.rid, CAST(${label} AS DOUBLE) AS label, CAST(${validation} AS INTEGER) AS v FROM ${sqlIdent(rowOrderTable)} r ` +
      `JOIN ${sqlIdent(trainingTable)} t ON t.ENTITY = r.ENTITY AND t.ANCHOR_TIMESTAMP = r.anchor ${join} ORDER BY r.rid`,
    (columns, _offset, rowCount) => {
      for (let i = 0; i < rowCount; i++) {
        const rid = Number(columns[0][i]);
        labels[rid] = Number(columns[1][i]);
        isValidation[rid] = Number(columns[2][i]);
      }
    },
    signal,
  );
  return { labels, isValidation };
}

function validationSql(split: SplitRule): string {
  if (split.validationStart) return `(r.anchor >= TIMESTAMP '${iso(split.validationStart)}')`;
  const rule = split.staticSplit;
  if (!rule) return 'FALSE';
  if (rule.timeColumn) {
    const time = `e.${sqlIdent(rule.timeColumn)}`;
    if (rule.validationStart) return `coalesce(${time} >= TIMESTAMP '${iso(rule.validationStart)}', FALSE)`;
    // The latest tenth of the entities by their own time: later entities validate, as Kumo splits static tasks.
    return `coalesce(${time} >= (SELECT quantile_disc(${sqlIdent(rule.timeColumn)}, 0.9) FROM ${sqlIdent(rule.entityRelation)}), FALSE)`;
  }
  return `(hash(CAST(r.ENTITY AS VARCHAR), ${Math.trunc(rule.seed)}) % 10 = 0)`;
}

/** The rows of `matrix` whose flag equals `wanted`, as a new column-major matrix. */
export function selectRows(
  matrix: FeatureMatrix,
  flags: Uint8Array,
  wanted: number,
): { matrix: FeatureMatrix; rows: Int32Array } {
  let count = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i] === wanted) count++;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i] === wanted) rows[k++] = i;
  const values = new Float32Array(count * matrix.numFeatures);
  for (let j = 0; j < matrix.numFeatures; j++) {
    const from = j * matrix.numRows;
    const to = j * count;
    for (let k = 0; k < count; k++) values[to + k] = matrix.values[from + rows[k]];
  }
  return {
    matrix: {
      numRows: count,
      numFeatures: matrix.numFeatures,
      values,
      featureNames: matrix.featureNames,
      featureKinds: matrix.featureKinds,
    },
    rows,
  };
}

export function pick(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}
