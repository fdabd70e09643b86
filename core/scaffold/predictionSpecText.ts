import * as path from 'node:path';
import type { PredictiveQuery, TaskType } from '../pql/ast';
import { isTemporalQuery, staticTargetColumn } from '../pql/queryAnalysis';
import type { ScaffoldTrainingRef } from './ScaffoldModel';
import { commentLines, yamlScalar } from './yamlText';

/** Tasks whose predictions are ranked classes or items: `num_classes_to_return` applies. */
const CLASS_TASKS: readonly TaskType[] = [
  'multiclass_classification',
  'multilabel_classification',
  'multilabel_ranking',
  'temporal_link_prediction',
  'static_link_prediction',
];

/** Classes returned per entity when the query does not say (`RANK TOP k`): the examples' choice. */
export const DEFAULT_CLASSES_TO_RETURN = 3;

/** The anchor time a temporal prediction defaults to, as the data tier read it from the inference graph. */
export type InferredAnchorTime = { time: string; columns: string } | { problem: string };

export interface PredictionSpecScaffold {
  /** Absolute path of the prediction spec being written: paths are relative to its folder. */
  outputPath: string;
  trainingJob: ScaffoldTrainingRef;
  /** Absolute path of the inference graph. */
  graphPath: string;
  query: PredictiveQuery;
  taskType: TaskType;
  inferredAnchor?: InferredAnchorTime;
}

/** `driver-dnf-2024.prediction.yaml` -> `driver-dnf-2024`: the spec's default `name`, used for its outputs. */
export function predictionNameOf(specPath: string): string {
  return path.basename(specPath).replace(/\.prediction\.ya?ml$/i, '');
}

/**
 * The text of a prediction spec for a trained model and an inference graph, formatted like the
 * examples: the settings the model's task needs and nothing else (a threshold for binary models,
 * classes for multiclass and ranking ones), the anchor time Kumo would infer shown as a comment with
 * its value, and a local CSV destination named after the spec.
 */
export function predictionSpecText(s: PredictionSpecScaffold): string {
  const relative = (p: string) => path.relative(path.dirname(s.outputPath), p).split(path.sep).join('/');
  const model = s.trainingJob.kind === 'spec' ? relative(s.trainingJob.path) : s.trainingJob.id;
  const name = predictionNameOf(s.outputPath);
  const task = s.taskType.replace(/_/g, ' ');
  const out = commentLines(
    `Batch prediction with ${model} (${task}) on ${relative(s.graphPath)}, written by \`relgraph scaffold prediction\`.`,
    0,
  );
  if (s.taskType === 'regression') out.push('# A regression model: no threshold and no number of classes apply.');
  out.push('kind: prediction', `training_job: ${yamlScalar(model)}`, `graph: ${yamlScalar(relative(s.graphPath))}`);
  out.push(...anchorLines(s));
  if (s.taskType === 'binary_classification') {
    out.push(
      'binary_classification_threshold: 0.5 # TARGET_PRED is true at or above this probability; Kumo has no default',
    );
  }
  if (CLASS_TASKS.includes(s.taskType)) {
    const topK = s.query.problem?.topK;
    out.push(
      topK !== undefined
        ? `num_classes_to_return: ${topK} # RANK TOP ${topK} of the query`
        : `num_classes_to_return: ${DEFAULT_CLASSES_TO_RETURN} # the ${DEFAULT_CLASSES_TO_RETURN} most likely classes per entity`,
    );
  }
  out.push(
    'destination:',
    '  type: local',
    `  path: ${yamlScalar(`out/${name}.csv`)} # written as out/${name}_predictions.csv`,
    '  format: csv',
  );
  return out.join('\n') + '\n';
}

function anchorLines(s: PredictionSpecScaffold): string[] {
  if (!isTemporalQuery(s.query)) {
    const target = staticTargetColumn(s.query);
    const which = target ? `whose ${target.column} is empty` : 'whose target is empty';
    return [`# A static query has no anchor time: the ${s.query.entity.table} ${which} are predicted.`];
  }
  const inferred = s.inferredAnchor;
  if (!inferred || 'problem' in inferred) {
    const why = inferred ? ` (it could not be read here: ${inferred.problem})` : '';
    return [
      ...commentLines(
        `Left out, the anchor time is the latest timestamp in the target's table${why}. Predictions see the rows dated at or before it.`,
        0,
      ),
      '# anchor_time: 2024-01-01',
    ];
  }
  const time = inferred.time.replace(/ 00:00:00$/, '');
  return [
    ...commentLines(
      `Left out, the anchor time is the latest ${inferred.columns} in the graph's data: ${time}. Predictions see the rows dated at or before it; set it to predict as of another time.`,
      0,
    ),
    `# anchor_time: ${time}`,
  ];
}
