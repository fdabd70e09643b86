import type { TaskType } from '../../core/pql/ast';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import { areaUnderRoc, meanAbsoluteError, multiclassLogLoss, type NumericArray } from '../model';
import { iso } from './AnchorSchedule';

/**
 * A model that cannot learn says so. Before any feature is built, the training rows are counted: no
 * rows before validation_start, or labels that all agree (one class, one value), end the job FAILED
 * with a message naming what to change, instead of a "model" that reports accuracy 1.0. After
 * training, a model whose validation score is no better than always predicting the training rows'
 * constant (base rate, median, class frequencies) ends DONE with a warning the CLI prints.
 */
export class TrainingRefusedError extends Error {}

export interface TrainingRowCounts {
  /** Rows that train (temporal: anchors before validation_start; static: all rows, split later). */
  trainRows: number;
  validationRows: number;
  /** Distinct labels among the training rows. */
  distinctLabels: number;
  /** The label when there is only one (as DuckDB prints it). */
  onlyLabel?: string;
}

/** Counts the training table's rows on each side of validation_start and their distinct labels. */
export async function countTrainingRows(
  session: DuckDbSession,
  trainingTable: string,
  validationStart: Date | undefined,
  signal?: AbortSignal,
): Promise<TrainingRowCounts> {
  const isTraining = validationStart ? `ANCHOR_TIMESTAMP < TIMESTAMP '${iso(validationStart)}'` : 'TRUE';
  const [row] = await session.rows(
    `SELECT count(*) FILTER (WHERE ${isTraining}) AS train, count(*) FILTER (WHERE NOT (${isTraining})) AS validation, ` +
      `count(DISTINCT TARGET) FILTER (WHERE ${isTraining}) AS labels, ` +
      `CAST(min(TARGET) FILTER (WHERE ${isTraining}) AS VARCHAR) AS first FROM ${sqlIdent(trainingTable)}`,
    signal,
  );
  const distinctLabels = Number(row.labels);
  return {
    trainRows: Number(row.train),
    validationRows: Number(row.validation),
    distinctLabels,
    ...(distinctLabels === 1 ? { onlyLabel: String(row.first) } : {}),
  };
}

/** Throws TrainingRefusedError when the rows cannot train a model; `settings` names what decided them. */
export function refuseUnlearnable(taskType: TaskType, counts: TrainingRowCounts, settings: string): void {
  if (counts.trainRows === 0) {
    throw new TrainingRefusedError(
      `no training rows before train.validation_start (${counts.validationRows} validation rows): ${settings}; ` +
        `move train.start_time earlier or train.validation_start later, or loosen the query's filters`,
    );
  }
  if (counts.distinctLabels > 1) return;
  const label = counts.onlyLabel ?? '?';
  const what =
    taskType === 'binary_classification'
      ? `one label class (every one of the ${counts.trainRows} training rows is ${label === '1' || label === '1.0' ? 'true' : 'false'})`
      : taskType === 'regression'
        ? `one target value (every one of the ${counts.trainRows} training rows is ${label})`
        : `one class ('${label}' for all ${counts.trainRows} training rows)`;
  throw new TrainingRefusedError(
    `the training rows have ${what}: a model cannot learn from that and would only report perfect scores. ` +
      `Widen the training period (${settings}), or check the query's target and filters`,
  );
}

/**
 * A warning when the model scores no better on the validation rows than the constant a model learns
 * from no features at all (the training rows' base rate, median or class frequencies); undefined when
 * it does better. One-class validation rows (AUROC undefined) get a warning too.
 */
export function constantPredictorWarning(
  taskType: TaskType,
  trainLabels: NumericArray,
  validationLabels: NumericArray,
  predictions: NumericArray,
  numClasses = 1,
): string | undefined {
  const n = validationLabels.length;
  if (n === 0) return 'no validation rows: the model was not checked on held-out data (set train.validation_start)';
  if (taskType === 'binary_classification') {
    const auroc = areaUnderRoc(validationLabels, predictions);
    if (!Number.isFinite(auroc)) {
      return `the ${n} validation rows have one label class: AUROC is undefined and the model is unchecked`;
    }
    if (auroc <= 0.5 + 1e-9) {
      return `the model is no better than a constant on the validation rows (AUROC ${auroc.toFixed(4)} <= 0.5): its features do not tell the classes apart`;
    }
    return undefined;
  }
  if (taskType === 'regression') {
    const median = medianOf(trainLabels);
    const constant = meanAbsoluteError(validationLabels, new Float64Array(n).fill(median));
    const model = meanAbsoluteError(validationLabels, predictions);
    return model >= constant
      ? `the model is no better than always predicting the training median ${round(median)} on the validation rows (MAE ${model.toFixed(4)} vs ${constant.toFixed(4)})`
      : undefined;
  }
  if (taskType === 'multiclass_classification') {
    const frequencies = new Float64Array(numClasses);
    for (const label of trainLabels) if (label >= 0 && label < numClasses) frequencies[label]++;
    const total = frequencies.reduce((a, b) => a + b, 0);
    const constant = new Float64Array(n * numClasses);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < numClasses; k++) constant[i * numClasses + k] = frequencies[k] / total;
    const baseline = multiclassLogLoss(validationLabels, constant, numClasses);
    const model = multiclassLogLoss(validationLabels, predictions, numClasses);
    return model >= baseline
      ? `the model is no better than the training class frequencies on the validation rows (log loss ${model.toFixed(4)} vs ${baseline.toFixed(4)})`
      : undefined;
  }
  return undefined;
}

function medianOf(values: NumericArray): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)];
}

function round(value: number): string {
  return String(Math.round(value * 1e4) / 1e4);
}
