/**
 * The request shapes the Kumo contract stand-in accepts, written from kumo-semantics.md §2.2-2.3
 * (kumoapi/jobs.py dataclasses). Strict on purpose: an unknown field, a missing required one or a value
 * of the wrong kind is a contract violation, reported to the test and answered with HTTP 422.
 */

type Json = Record<string, unknown>;

export const JOB_STATUSES = ['NOT_STARTED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED', 'UNTRAINED', 'MISSING'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

function keysExactly(where: string, value: Json, required: string[], optional: string[], problems: string[]): void {
  for (const key of required) if (!(key in value)) problems.push(`${where}: missing '${key}'`);
  for (const key of Object.keys(value))
    if (!required.includes(key) && !optional.includes(key)) problems.push(`${where}: unknown field '${key}'`);
}

const ARTIFACT_TYPES = ['PREDICTIONS', 'EMBEDDINGS'];
const METADATA_FIELDS = ['ANCHOR_TIMESTAMP', 'JOB_TIMESTAMP'];
const WRITE_MODES = ['OVERWRITE', 'APPEND'];

/** PredictionOutputConfig, discriminated by storage_type (§1.7 table). */
export function checkOutputConfig(where: string, value: unknown, problems: string[]): void {
  if (!isObject(value)) return void problems.push(`${where}: not an object`);
  const common = ['storage_type', 'artifact_type', 'extra_fields'];
  const variants: Record<string, { required: string[]; optional: string[] }> = {
    S3: { required: [...common, 'file_path'], optional: ['connector_id'] },
    GCS: { required: [...common, 'file_path'], optional: ['connector_id'] },
    ADLS: { required: [...common, 'file_path'], optional: ['connector_id'] },
    SNOWFLAKE: { required: [...common, 'connector_id', 'table_name', 'write_mode'], optional: [] },
    DATABRICKS: { required: [...common, 'connector_id', 'table_name'], optional: [] },
    BIGQUERY: { required: [...common, 'connector_id', 'table_name', 'write_mode'], optional: ['staging_table_name'] },
    LOCAL: { required: common, optional: [] },
  };
  const variant = variants[String(value.storage_type)];
  if (!variant) return void problems.push(`${where}: storage_type ${JSON.stringify(value.storage_type)} is unknown`);
  keysExactly(where, value, variant.required, variant.optional, problems);
  if (!ARTIFACT_TYPES.includes(String(value.artifact_type)))
    problems.push(`${where}: artifact_type ${JSON.stringify(value.artifact_type)}`);
  if (!Array.isArray(value.extra_fields) || !value.extra_fields.every((f) => METADATA_FIELDS.includes(String(f))))
    problems.push(`${where}: extra_fields must be a list of ${METADATA_FIELDS.join('/')}`);
  if ('write_mode' in value && !WRITE_MODES.includes(String(value.write_mode)))
    problems.push(`${where}: write_mode ${JSON.stringify(value.write_mode)}`);
  for (const key of ['file_path', 'connector_id', 'table_name', 'staging_table_name']) {
    if (key in value && (typeof value[key] !== 'string' || value[key] === ''))
      problems.push(`${where}: ${key} must be a non-empty string`);
  }
}

/** BatchPredictionRequest (§2.3). */
export function checkBatchPredictionRequest(body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['BatchPredictionRequest: the body is not a JSON object'];
  keysExactly(
    'BatchPredictionRequest',
    body,
    ['job_tags', 'model_training_job_id', 'predict_options', 'outputs'],
    [
      'graph_snapshot_id',
      'pred_table_job_id',
      'pred_table_path',
      'prediction_time',
      'explanations',
      'data_backend_session_id',
    ],
    problems,
  );
  if (!isStringMap(body.job_tags)) problems.push('job_tags must map strings to strings');
  if (typeof body.model_training_job_id !== 'string') problems.push('model_training_job_id must be a string');
  if (!isObject(body.predict_options)) problems.push('predict_options must be an object');
  else {
    const o = body.predict_options;
    keysExactly(
      'predict_options',
      o,
      [],
      ['binary_classification_threshold', 'num_classes_to_return', 'num_workers'],
      problems,
    );
    const t = o.binary_classification_threshold;
    if (t !== undefined && t !== null && (typeof t !== 'number' || t < 0 || t > 1))
      problems.push('binary_classification_threshold must be 0..1 or null');
    const k = o.num_classes_to_return;
    if (k !== undefined && k !== null && (!Number.isInteger(k) || (k as number) < 1))
      problems.push('num_classes_to_return must be a positive integer or null');
    if (o.num_workers !== undefined && (!Number.isInteger(o.num_workers) || (o.num_workers as number) < 1))
      problems.push('num_workers must be a positive integer');
  }
  if (!Array.isArray(body.outputs) || body.outputs.length === 0) problems.push('outputs must be a non-empty list');
  else body.outputs.forEach((o, i) => checkOutputConfig(`outputs[${i}]`, o, problems));
  for (const key of ['graph_snapshot_id', 'pred_table_job_id', 'pred_table_path', 'data_backend_session_id']) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string')
      problems.push(`${key} must be a string or null`);
  }
  if (body.pred_table_job_id && body.pred_table_path)
    problems.push('pred_table_job_id and pred_table_path are exclusive');
  const time = body.prediction_time;
  if (time !== undefined && time !== null && (typeof time !== 'string' || Number.isNaN(Date.parse(time))))
    problems.push('prediction_time must be an ISO-8601 datetime or null');
  if (body.explanations !== undefined && typeof body.explanations !== 'boolean')
    problems.push('explanations must be a boolean');
  return problems;
}

/** ArtifactExportRequest (§2.2): job_id and exactly one output. */
export function checkArtifactExportRequest(body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['ArtifactExportRequest: the body is not a JSON object'];
  keysExactly(
    'ArtifactExportRequest',
    body,
    ['job_id'],
    ['prediction_output', 'training_table_output', 'model_output'],
    problems,
  );
  const outputs = ['prediction_output', 'training_table_output', 'model_output'].filter(
    (k) => body[k] !== undefined && body[k] !== null,
  );
  if (outputs.length !== 1) problems.push('exactly one of prediction_output, training_table_output, model_output');
  if (body.prediction_output) checkOutputConfig('prediction_output', body.prediction_output, problems);
  return problems;
}

/** List query parameters (§2.2): the documented ones, and tags as plain parameters. */
export function checkListQuery(base: string, query: URLSearchParams): string[] {
  const problems: string[] = [];
  const known = [
    'pquery_name',
    'pquery_id',
    'job_status',
    'limit',
    ...(base === 'prediction_jobs' ? ['model_id'] : []),
  ];
  for (const [key, value] of query) {
    if (known.includes(key)) continue;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(key))
      problems.push(`query parameter '${key}' is neither documented nor a valid tag key`);
    if (value.length > 256) problems.push(`tag '${key}' is longer than 256 characters`);
  }
  const status = query.get('job_status');
  if (status !== null && !JOB_STATUSES.includes(status)) problems.push(`job_status '${status}' is not a JobStatus`);
  if (query.getAll('job_status').length > 1) problems.push('job_status is given twice');
  const limit = query.get('limit');
  if (limit !== null && !/^\d+$/.test(limit)) problems.push(`limit '${limit}' is not a whole number`);
  return problems;
}
