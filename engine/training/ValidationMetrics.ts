import type { TaskType } from '../../core/pql/ast';
import {
  areaUnderRoc,
  averagePrecision,
  binaryAccuracy,
  logLoss,
  meanAbsoluteError,
  multiclassAccuracy,
  multiclassLogLoss,
  rootMeanSquaredError,
  rSquared,
  type NumericArray,
} from '../model';

/**
 * Metrics of a model on its validation rows, named as Kumo names them (lower-case): binary tasks get
 * auroc, average_precision, accuracy (at `threshold`) and log_loss; regression gets mae, rmse and r2;
 * multiclass gets accuracy and log_loss. A metric that is undefined on the rows (AUROC with one
 * class present) is omitted rather than reported as NaN.
 */
export interface ValidationMetrics {
  auroc?: number;
  average_precision?: number;
  accuracy?: number;
  log_loss?: number;
  mae?: number;
  rmse?: number;
  r2?: number;
  /** The rows the metrics were computed on. */
  rows: number;
}

export function validationMetrics(
  taskType: TaskType,
  labels: NumericArray,
  predictions: NumericArray,
  options: { numClasses?: number; threshold?: number } = {},
): ValidationMetrics {
  const metrics: ValidationMetrics = { rows: labels.length };
  if (labels.length === 0) return metrics;
  const put = (key: Exclude<keyof ValidationMetrics, 'rows'>, value: number) => {
    if (Number.isFinite(value)) metrics[key] = value;
  };
  if (taskType === 'binary_classification') {
    put('auroc', areaUnderRoc(labels, predictions));
    put('average_precision', averagePrecision(labels, predictions));
    put('accuracy', binaryAccuracy(labels, predictions, options.threshold ?? 0.5));
    put('log_loss', logLoss(labels, predictions));
  } else if (taskType === 'regression') {
    put('mae', meanAbsoluteError(labels, predictions));
    put('rmse', rootMeanSquaredError(labels, predictions));
    put('r2', rSquared(labels, predictions));
  } else if (taskType === 'multiclass_classification') {
    const numClasses = options.numClasses ?? 1;
    put('accuracy', multiclassAccuracy(labels, predictions, numClasses));
    put('log_loss', multiclassLogLoss(labels, predictions, numClasses));
  }
  return metrics;
}

/**
 * The probability threshold with the best accuracy on the validation rows (ties: the one closest to
 * 0.5), searched over the distinct predicted probabilities. 0.5 without validation rows.
 */
export function bestAccuracyThreshold(labels: NumericArray, probabilities: NumericArray): number {
  const n = labels.length;
  if (n === 0) return 0.5;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[a] - probabilities[b] || a - b);
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] > 0.5) positives++;
  // Threshold just above everything: all rows predicted negative.
  let correct = n - positives;
  let best = { correct: -1, threshold: 0.5, distance: Infinity };
  const consider = (threshold: number) => {
    const distance = Math.abs(threshold - 0.5);
    if (correct > best.correct || (correct === best.correct && distance < best.distance)) {
      best = { correct, threshold, distance };
    }
  };
  consider(probabilities[order[n - 1]] + 1e-9);
  // Walk thresholds downwards: lowering the threshold past row i flips it to predicted positive.
  for (let k = n - 1; k >= 0; ) {
    const value = probabilities[order[k]];
    while (k >= 0 && probabilities[order[k]] === value) {
      correct += labels[order[k]] > 0.5 ? 1 : -1;
      k--;
    }
    consider(value);
  }
  return Math.min(Math.max(best.threshold, 0), 1);
}
