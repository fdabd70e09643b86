import { yamlScalar } from '../../core/scaffold/yamlText';
import { specRelativePath, type DestinationDraft, type PredictionSpecDraft } from './predictionSpecDraft';

/**
 * The text of a new `*.prediction.yaml` from the wizard's answers. The spec file stays the source of
 * truth (the wizard only writes it), so every setting carries a comment saying what it does and what
 * happens when it is left out; settings that do not apply to the task are not written at all.
 */
export function predictionSpecYaml(draft: PredictionSpecDraft): string {
  const t = draft.training;
  const task = t.taskType ? ` (${t.taskType.replace(/_/g, ' ')}${t.temporal === false ? ', static' : ''})` : '';
  const out: string[] = [
    `# Batch prediction with ${t.kind === 'spec' ? specRelativePath(draft.folder, t.ref) : t.ref}${task}.`,
    '# Run it with "Relgraph: Run Batch Prediction" or `relgraph predict <this file>`; edit it freely.',
    'kind: prediction',
    `name: ${yamlScalar(draft.name)} # outputs are named ${draft.name}_predictions / ${draft.name}_embeddings`,
    '',
  ];

  out.push(...trainingLines(draft));
  if (draft.graphPath) {
    out.push(
      "# The inference graph: the training graph's table names and columns, on the data to predict.",
      `graph: ${yamlScalar(specRelativePath(draft.folder, draft.graphPath))}`,
    );
  } else {
    out.push('# graph: left out, so predictions read the training graph (its tables as they are now).');
  }

  if (t.temporal !== false) {
    out.push('');
    if (draft.anchorTime) {
      out.push(
        '# Predictions are made as of this time: features see rows dated at or before it.',
        `anchor_time: ${yamlScalar(draft.anchorTime)}`,
      );
    } else {
      out.push(
        "# anchor_time: left out, so it is the latest timestamp in the target's fact table.",
        '# anchor_time: 2024-01-01',
      );
    }
  }
  if (draft.predictionTablePath) {
    out.push(
      '',
      '# Exactly these rows are predicted: an ENTITY column (and optionally ANCHOR_TIMESTAMP).',
      `prediction_table: ${yamlScalar(specRelativePath(draft.folder, draft.predictionTablePath))}`,
    );
  }

  if (draft.binaryThreshold !== undefined) {
    out.push(
      '',
      '# A probability at or above which TARGET_PRED is true (binary models need one; Kumo has no default).',
      `binary_classification_threshold: ${draft.binaryThreshold}`,
    );
  }
  if (draft.numClassesToReturn !== undefined) {
    out.push(
      '',
      '# Classes (or items) returned per entity, best first; overrides RANK TOP K in the query.',
      `num_classes_to_return: ${draft.numClassesToReturn}`,
    );
  }

  out.push(
    '',
    '# predictions: the scores per entity; embeddings: one vector per entity (a separate output).',
    `output_types: [${draft.outputTypes.join(', ')}]`,
    '',
    ...destinationLines(draft.destination),
    '',
    '# Parallel workers (1-4): the rows are split between them; the output is the same for any count.',
    `num_workers: ${draft.numWorkers}`,
    '',
  );
  return out.join('\n');
}

function trainingLines(draft: PredictionSpecDraft): string[] {
  const t = draft.training;
  switch (t.kind) {
    case 'spec':
      return [
        '# The model: the newest finished training job of this training spec (train it first).',
        `training_job: ${yamlScalar(specRelativePath(draft.folder, t.ref))}`,
      ];
    case 'local-job':
      return ['# The model: this finished local training job.', `training_job: ${yamlScalar(t.ref)}`];
    case 'kumo':
      return [
        '# The model: a Kumo cloud training job (runs on the Kumo backend).',
        `training_job: ${yamlScalar(`kumo:${t.ref}`)}`,
      ];
  }
}

function destinationLines(d: DestinationDraft): string[] {
  const lines = ['destination:'];
  switch (d.type) {
    case 'local':
    case 's3': {
      const where =
        d.type === 'local' ? 'on this machine, relative to this file' : 'in S3, written by the Kumo backend';
      const example =
        d.layout === 'partitioned'
          ? 'x/{{PARTITION}}.parquet -> x_predictions/part_000.parquet, part_001.parquet, and so on'
          : `x.${d.layout} -> x_predictions.${d.layout}`;
      const what = { csv: 'One CSV file', parquet: 'One Parquet file', partitioned: 'Partitioned Parquet' }[d.layout];
      lines.unshift(`# ${what} per output type, ${where};`, `# the output type is appended to the name: ${example}.`);
      lines.push(
        `  type: ${d.type}`,
        `  path: ${yamlScalar(d.path)}`,
        `  format: ${d.layout === 'csv' ? 'csv' : 'parquet'}`,
      );
      return lines;
    }
    case 'snowflake':
    case 'bigquery':
      lines.unshift(
        `# Outputs go to ${d.type === 'snowflake' ? 'Snowflake' : 'BigQuery'} through a Kumo connector (Kumo backend only);`,
        `# tables <table>_predictions and <table>_embeddings. write_mode: overwrite replaces them, append adds rows.`,
      );
      lines.push(
        `  type: ${d.type}`,
        `  connector: ${yamlScalar(d.connector)}`,
        `  table: ${yamlScalar(d.table)}`,
        `  write_mode: ${d.writeMode}`,
      );
      return lines;
    case 'databricks':
      lines.unshift(
        '# Outputs go to Databricks (Unity Catalog) through a Kumo connector (Kumo backend only);',
        '# tables schema.<table>_predictions and schema.<table>_embeddings.',
      );
      lines.push('  type: databricks', `  connector: ${yamlScalar(d.connector)}`, `  table: ${yamlScalar(d.table)}`);
      return lines;
  }
}
