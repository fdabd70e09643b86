import type { NumericArray } from './FeatureMatrix';
import type { GbdtEvalMetric, RegressionLoss } from './GbdtSettings';
import {
  areaUnderRoc,
  averagePrecision,
  logLoss,
  meanAbsoluteError,
  multiclassAccuracy,
  multiclassLogLoss,
  rootMeanSquaredError,
} from './Metrics';
import type { GbdtTask } from './Objective';

export type ResolvedEvalMetric = Exclude<GbdtEvalMetric, 'auto'>;

const TASK_METRICS: Record<GbdtTask, readonly ResolvedEvalMetric[]> = {
  binary: ['logloss', 'auc', 'average_precision'],
  regression: ['rmse', 'mae'],
  multiclass: ['multi_logloss', 'multi_accuracy'],
};

const HIGHER_IS_BETTER: ReadonlySet<ResolvedEvalMetric> = new Set(['auc', 'average_precision', 'multi_accuracy']);

/** `auto` follows the loss being minimised (MAE for l1 and huber, which target absolute error). */
export function resolveEvalMetric(metric: GbdtEvalMetric, task: GbdtTask, loss: RegressionLoss): ResolvedEvalMetric {
  if (metric === 'auto') {
    if (task === 'binary') return 'logloss';
    if (task === 'multiclass') return 'multi_logloss';
    return loss === 'l2' ? 'rmse' : 'mae';
  }
  if (!TASK_METRICS[task].includes(metric)) {
    throw new Error(`eval_metric '${metric}' does not apply to ${task}; use one of ${TASK_METRICS[task].join(', ')}`);
  }
  return metric;
}

export function isHigherBetter(metric: ResolvedEvalMetric): boolean {
  return HIGHER_IS_BETTER.has(metric);
}

/** The metric of transformed predictions (probabilities, values, or row-major class probabilities). */
export function computeEvalMetric(
  metric: ResolvedEvalMetric,
  labels: NumericArray,
  predictions: Float64Array,
  numClasses: number,
  weights?: NumericArray,
): number {
  switch (metric) {
    case 'logloss':
      return logLoss(labels, predictions, weights);
    case 'auc':
      return areaUnderRoc(labels, predictions, weights);
    case 'average_precision':
      return averagePrecision(labels, predictions, weights);
    case 'rmse':
      return rootMeanSquaredError(labels, predictions, weights);
    case 'mae':
      return meanAbsoluteError(labels, predictions, weights);
    case 'multi_logloss':
      return multiclassLogLoss(labels, predictions, numClasses, weights);
    case 'multi_accuracy':
      return multiclassAccuracy(labels, predictions, numClasses, weights);
  }
}
