import * as path from 'node:path';
import type { PredictiveQuery, TaskType } from '../pql/ast';
import { isTemporalQuery, staticTargetColumn } from '../pql/queryAnalysis';
import { withoutSpecSuffix } from '../spec/specFileNames';
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

/**
 * The anchor time a temporal prediction defaults to, as the data tier read it from the inference graph;
 * or, for target tables behind a Kumo connector, Kumo's to infer from the time columns named.
 */
export type InferredAnchorTime = { time: string; columns: string } | { problem: string } | { byKumo: string };

/**
 * Where the outputs go (`destination:`). Local paths are relative to the prediction spec. On Kumo a
 * local destination means Kumo keeps the outputs and `relgraph predict` downloads them there.
 */
export type ScaffoldDestination =
  | { type: 'local'; path: string }
  | { type: 's3'; path: string; connector?: string }
  | { type: 'snowflake' | 'bigquery' | 'databricks'; connector: string; table: string };

export interface PredictionSpecScaffold {
  /** Absolute path of the prediction spec being written: paths are relative to its folder. */
  outputPath: string;
  trainingJob: ScaffoldTrainingRef;
  /** Absolute path of the inference graph. */
  graphPath: string;
  query: PredictiveQuery;
  taskType: TaskType;
  /** The task type is a guess the target's data would settle (it could not be read): why, for a comment. */
  taskTypeUndecided?: string;
  inferredAnchor?: InferredAnchorTime;
  /** Default: a local CSV file named after the spec. */
  destination?: ScaffoldDestination;
  /** Kumo models: a warehouse connector the inference graph reads through, for the commented alternative. */
  warehouseHint?: { type: 'snowflake' | 'bigquery' | 'databricks'; connector: string };
}

/** `driver-dnf-2024.prediction.yaml` -> `driver-dnf-2024`: the spec's default `name`, used for its outputs. */
export function predictionNameOf(specPath: string): string {
  return withoutSpecSuffix(path.basename(specPath), ['prediction']);
}

/**
 * The text of a prediction spec for a trained model and an inference graph, formatted like the
 * examples: the settings the model's task needs and nothing else (a threshold for binary models,
 * classes for multiclass and ranking ones), the anchor time Kumo would infer shown as a comment with
 * its value, and the destination asked for (default: a local CSV file named after the spec; for a
 * Kumo model, with its S3 and warehouse forms as comments).
 */
export function predictionSpecText(s: PredictionSpecScaffold): string {
  const relative = (p: string) => path.relative(path.dirname(s.outputPath), p).split(path.sep).join('/');
  const model = modelText(s.trainingJob, relative);
  const name = predictionNameOf(s.outputPath);
  const task = s.taskType.replace(/_/g, ' ');
  const out = commentLines(
    `Batch prediction with ${model} (${task}) on ${relative(s.graphPath)}, written by \`relgraph scaffold prediction\`.`,
    0,
  );
  if (s.trainingJob.kind === 'kumo') {
    out.push(
      ...commentLines(
        "A Kumo model: `relgraph predict` validates this spec against the pulled training graph, then runs it on Kumo (its REST API on the training graph, Kumo's Python SDK on another graph).",
        0,
      ),
    );
  }
  if (s.taskType === 'regression') out.push('# A regression model: no threshold and no number of classes apply.');
  out.push('kind: prediction', `training_job: ${yamlScalar(model)}`, `graph: ${yamlScalar(relative(s.graphPath))}`);
  out.push(...anchorLines(s));
  if (s.taskType === 'binary_classification') {
    out.push(
      'binary_classification_threshold: 0.5 # TARGET_PRED is true at or above this probability; Kumo has no default',
    );
  } else if (s.taskTypeUndecided) {
    out.push(
      ...commentLines(
        `The task type waits for the data: ${s.taskTypeUndecided}. If the target holds exactly two values the model is binary, and the threshold is required:`,
        0,
      ),
      '# binary_classification_threshold: 0.5',
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
  out.push(...destinationLines(s, name));
  return out.join('\n') + '\n';
}

function modelText(ref: ScaffoldTrainingRef, relative: (p: string) => string): string {
  if (ref.kind === 'spec') return relative(ref.path);
  return ref.kind === 'kumo' ? `kumo:${ref.id}` : ref.id;
}

/**
 * How the local engine (and a download of Kumo's outputs) names a local output: `out/dnf.csv` ->
 * `out/dnf_predictions.csv`, `out/dnf/{{PARTITION}}.parquet` -> `out/dnf_predictions/{{PARTITION}}.parquet`.
 */
function outputName(file: string): string | undefined {
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  const extension = path.posix.extname(base);
  const stem = base.slice(0, base.length - extension.length);
  if (stem !== '{{PARTITION}}') return `${file.slice(0, slash + 1)}${stem}_predictions${extension}`;
  const folder = file.slice(0, Math.max(slash, 0));
  return folder ? `${folder}_predictions/${base}` : undefined;
}

/** The output name of an S3 path: its file's stem, its folder's name for `{{PARTITION}}` parts, else the spec's. */
function s3OutputStem(file: string, specName: string): string {
  const segments = file
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
    .split('/')
    .filter(Boolean);
  const last = segments.pop() ?? '';
  const stem = last.slice(0, last.length - path.posix.extname(last).length);
  if (stem !== '{{PARTITION}}') return stem || specName;
  return segments.pop() ?? specName;
}

function writtenAs(file: string): string {
  const name = outputName(file);
  return name ? ` # written as ${name}` : '';
}

function destinationLines(s: PredictionSpecScaffold, name: string): string[] {
  const kumo = s.trainingJob.kind === 'kumo';
  const destination = s.destination ?? { type: 'local', path: `out/${name}.csv` };
  const out: string[] = [];
  if (destination.type === 'local') {
    if (kumo) {
      out.push(
        ...commentLines(
          'On Kumo, a local destination keeps the outputs on Kumo; `relgraph predict` downloads them here when the job is DONE (`relgraph kumo predictions <job>` any time later). To have Kumo write them to S3 or a warehouse table instead:',
          0,
        ),
        ...alternativeLines(s, name),
      );
    }
    const format = /\.parquet$/i.test(destination.path) ? 'parquet' : 'csv';
    out.push(
      'destination:',
      '  type: local',
      `  path: ${yamlScalar(destination.path)}${writtenAs(destination.path)}`,
      `  format: ${format}`,
    );
    return out;
  }
  out.push('destination:', `  type: ${destination.type}`);
  if (destination.type === 's3') {
    // The exact object path depends on the route (REST keeps `{{PARTITION}}` and the extension, Kumo's
    // SDK joins the folder and the name only); the name is the same on both.
    const named = `${s3OutputStem(destination.path, name)}_predictions`;
    out.push(`  path: ${yamlScalar(destination.path)} # Kumo names the predictions ${named}`);
    if (destination.connector) out.push(`  connector: ${yamlScalar(destination.connector)}`);
    return out;
  }
  out.push(
    `  connector: ${yamlScalar(destination.connector)}`,
    `  table: ${yamlScalar(destination.table)} # written as ${destination.table}_predictions`,
  );
  // Kumo's Databricks output has no write mode (kumo-semantics.md §1.7); the others overwrite unless told.
  if (destination.type !== 'databricks') out.push('  write_mode: overwrite');
  return out;
}

/** The S3 and warehouse forms of `destination:`, commented out, with what is known filled in. */
function alternativeLines(s: PredictionSpecScaffold, name: string): string[] {
  const warehouse = s.warehouseHint;
  const table = name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return [
    `# destination: { type: s3, path: "s3://<bucket>/<prefix>/${name}.parquet" }`,
    !warehouse
      ? `# destination: { type: snowflake, connector: <connector>, table: ${table}, write_mode: overwrite }`
      : warehouse.type === 'databricks'
        ? `# destination: { type: databricks, connector: ${yamlScalar(warehouse.connector)}, table: <schema>.${table} }`
        : `# destination: { type: ${warehouse.type}, connector: ${yamlScalar(warehouse.connector)}, table: ${table}, write_mode: overwrite }`,
  ];
}

function anchorLines(s: PredictionSpecScaffold): string[] {
  if (!isTemporalQuery(s.query)) {
    const target = staticTargetColumn(s.query);
    const which = target ? `whose ${target.column} is empty` : 'whose target is empty';
    return [`# A static query has no anchor time: the ${s.query.entity.table} ${which} are predicted.`];
  }
  const inferred = s.inferredAnchor;
  if (inferred && 'byKumo' in inferred) {
    return [
      ...commentLines(
        `Left out, Kumo sets the anchor time to the latest ${inferred.byKumo} (tables behind a Kumo connector, which Kumo reads, not Relgraph). Predictions see the rows dated at or before it.`,
        0,
      ),
      '# anchor_time: 2024-01-01',
    ];
  }
  if (!inferred || 'problem' in inferred) {
    const why = inferred ? ` (it could not be read here: ${inferred.problem})` : '';
    const who = s.trainingJob.kind === 'kumo' ? 'Kumo sets the anchor time to' : 'the anchor time is';
    return [
      ...commentLines(
        `Left out, ${who} the latest timestamp in the target's table${why}. Predictions see the rows dated at or before it.`,
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
