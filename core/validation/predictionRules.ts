import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import type { PredictiveQuery, TaskType } from '../pql/ast';
import type { TaskTypeInference } from '../pql/inferTaskType';
import { isTemporalQuery } from '../pql/queryAnalysis';
import type { PredictionSpec } from '../spec/SpecModel';
import { diagnostic } from './diagnosticFactory';
import { formatFromExtension, PARTITION_PLACEHOLDER } from '../destinations/OutputTarget';

const CLASS_TASKS: TaskType[] = [
  'multiclass_classification',
  'multilabel_classification',
  'multilabel_ranking',
  'temporal_link_prediction',
  'static_link_prediction',
];

/**
 * Batch-prediction settings that only make sense for some task types (Kumo rejects or ignores the rest).
 * While the task type still depends on the target column's values (an integer column may hold two classes),
 * the task-type rules wait for the data tier, which runs them with the task type the data decides.
 */
export function checkPredictionSettings(
  spec: PredictionSpec,
  task: TaskTypeInference | undefined,
  query: PredictiveQuery | undefined,
): SpecDiagnostic[] {
  const diagnostics = task && !task.dependsOnData ? checkTaskTypeSettings(spec, task.taskType) : [];
  if (spec.anchorTime && query && !isTemporalQuery(query)) {
    diagnostics.push(
      diagnostic(
        'anchor-time-not-applicable',
        "The query has a static target (no time window), so predictions have no anchor time: remove 'anchor_time'. The rows predicted are the entities whose target is empty.",
        spec.anchorTime.keyRange,
      ),
    );
  }
  const destination = spec.destination;
  if (destination?.path?.value.includes(PARTITION_PLACEHOLDER)) {
    const format = destination.format?.value ?? formatFromExtension(destination.path.value) ?? 'parquet';
    if (format !== 'parquet') {
      diagnostics.push(
        diagnostic(
          'partition-requires-parquet',
          "'{{PARTITION}}' writes partitioned Parquet files (part_000, part_001, ...): use a .parquet path and 'format: parquet', or remove '{{PARTITION}}' for a single CSV file.",
          destination.format?.range ?? destination.path.range,
        ),
      );
    }
  }
  return diagnostics;
}

/** `threshold-required`, `threshold-not-applicable`, `classes-not-applicable` for a known task type. */
export function checkTaskTypeSettings(spec: PredictionSpec, taskType: TaskType): SpecDiagnostic[] {
  const diagnostics: SpecDiagnostic[] = [];
  const threshold = spec.binaryClassificationThreshold;
  // A threshold the schema rejects (`1e400`, text) is reported there: it is wrong, not missing.
  const thresholdWritten = spec.writtenKeys?.has('binary_classification_threshold') ?? false;
  if (taskType === 'binary_classification' && !threshold && !thresholdWritten && spec.trainingJob) {
    diagnostics.push(
      diagnostic(
        'threshold-required',
        "The model is a binary classifier: set 'binary_classification_threshold' (e.g. 0.5), the probability at or above which TARGET_PRED is true. Kumo applies no default.",
        spec.trainingJob.ref.keyRange,
      ),
    );
  }
  if (threshold && taskType !== 'binary_classification') {
    diagnostics.push(
      diagnostic(
        'threshold-not-applicable',
        `'binary_classification_threshold' only applies to binary classification; this model's task is ${taskType}, so it is ignored.`,
        threshold.keyRange,
      ),
    );
  }
  const classes = spec.numClassesToReturn;
  if (classes && !CLASS_TASKS.includes(taskType)) {
    diagnostics.push(
      diagnostic(
        'classes-not-applicable',
        `'num_classes_to_return' only applies to multiclass and ranking tasks; this model's task is ${taskType}, so it is ignored.`,
        classes.keyRange,
      ),
    );
  }
  return diagnostics;
}
