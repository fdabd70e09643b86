import * as path from 'node:path';
import type { DestinationSpec, OutputType, PredictionSpec } from '../../core/spec/SpecModel';

/**
 * A prediction spec as Kumo's `BatchPredictionRequest` (kumoapi/jobs.py; kumo-semantics.md §2.3), the body
 * of `POST /prediction_jobs`: every setting of the spec has its place, and the field names are kumoapi's.
 */
export interface BatchPredictionRequest {
  job_tags: Record<string, string>;
  model_training_job_id: string;
  predict_options: {
    binary_classification_threshold: number | null;
    num_classes_to_return: number | null;
    num_workers: number;
  };
  outputs: PredictionOutputConfig[];
  graph_snapshot_id: null;
  pred_table_job_id: null;
  pred_table_path: string | null;
  prediction_time: string | null;
  explanations: boolean;
  data_backend_session_id: null;
}

/** kumoapi `PredictionOutputConfig`, discriminated by `storage_type` (§1.7). */
export type PredictionOutputConfig =
  | {
      storage_type: 'S3';
      artifact_type: ArtifactType;
      file_path: string;
      extra_fields: MetadataField[];
      connector_id?: string;
    }
  | {
      storage_type: 'SNOWFLAKE' | 'BIGQUERY';
      artifact_type: ArtifactType;
      connector_id: string;
      table_name: string;
      extra_fields: MetadataField[];
      write_mode: 'OVERWRITE' | 'APPEND';
    }
  | {
      storage_type: 'DATABRICKS';
      artifact_type: ArtifactType;
      connector_id: string;
      table_name: string;
      extra_fields: MetadataField[];
    }
  | { storage_type: 'LOCAL'; artifact_type: ArtifactType; extra_fields: MetadataField[] };

export type ArtifactType = 'PREDICTIONS' | 'EMBEDDINGS';
export type MetadataField = 'ANCHOR_TIMESTAMP' | 'JOB_TIMESTAMP';

export const PARTITION = '{{PARTITION}}';
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A setting Kumo cannot take as written; the message says why and what to do. */
export class RequestMappingError extends Error {}

export function artifactType(outputType: OutputType): ArtifactType {
  return outputType === 'embeddings' ? 'EMBEDDINGS' : 'PREDICTIONS';
}

/**
 * The request for a spec whose training job is Kumo's `trainingJobId`. Throws RequestMappingError for a
 * setting Kumo cannot read (a prediction table that is a file on this machine).
 */
export function batchPredictionRequest(
  spec: PredictionSpec,
  trainingJobId: string,
  tags: Readonly<Record<string, string>> = {},
): BatchPredictionRequest {
  return {
    job_tags: { ...tags },
    model_training_job_id: trainingJobId,
    predict_options: {
      binary_classification_threshold: spec.binaryClassificationThreshold?.value ?? null,
      num_classes_to_return: spec.numClassesToReturn?.value ?? null,
      num_workers: spec.numWorkers,
    },
    outputs: spec.outputTypes.map((type) => outputConfig(spec, type)),
    graph_snapshot_id: null,
    pred_table_job_id: null,
    pred_table_path: remotePredictionTable(spec),
    prediction_time: spec.anchorTime ? predictionTime(spec.anchorTime.value) : null,
    explanations: false,
    data_backend_session_id: null,
  };
}

/** A `prediction_table` Kumo can read (`s3://...`), or refused: Kumo cannot read this machine's files. */
export function remotePredictionTable(spec: PredictionSpec): string | null {
  const table = spec.predictionTable?.value;
  if (!table) return null;
  if (REMOTE.test(table)) return table;
  throw new RequestMappingError(
    `prediction_table '${table}' is a file on this machine, which Kumo cannot read: give a path Kumo reads ` +
      `(s3://...), or remove prediction_table to predict the entities Kumo selects at the anchor time`,
  );
}

/**
 * `anchor_time` as the request's `prediction_time`. §2: the datetime wire format is not documented
 * [INF: ISO-8601]; a date becomes midnight, written without a zone as Python's naive datetimes are.
 */
export function predictionTime(anchor: string): string {
  const text = anchor.trim().replace(' ', 'T');
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text;
}

function outputConfig(spec: PredictionSpec, type: OutputType): PredictionOutputConfig {
  const destination = spec.destination;
  const artifact = artifactType(type);
  const kind = destination?.type.value ?? 'local';
  // With APPEND, rows of several jobs share a table: the job timestamp tells them apart (kumoapi's advice).
  const extra: MetadataField[] = destination?.writeMode?.value === 'append' ? ['JOB_TIMESTAMP'] : [];
  switch (kind) {
    case 'local':
      // "Local download only": Kumo keeps the output, Relgraph downloads it through presigned URLs.
      return { storage_type: 'LOCAL', artifact_type: artifact, extra_fields: extra };
    case 's3': {
      const config: PredictionOutputConfig = {
        storage_type: 'S3',
        artifact_type: artifact,
        file_path: s3OutputPath(destination!, spec.name, type),
        extra_fields: extra,
      };
      if (destination!.connector) config.connector_id = destination!.connector.value;
      return config;
    }
    case 'snowflake':
    case 'bigquery':
      return {
        storage_type: kind === 'snowflake' ? 'SNOWFLAKE' : 'BIGQUERY',
        artifact_type: artifact,
        connector_id: required(destination!.connector, 'connector', kind),
        table_name: `${required(destination!.table, 'table', kind)}_${type}`,
        extra_fields: extra,
        write_mode: destination!.writeMode?.value === 'append' ? 'APPEND' : 'OVERWRITE',
      };
    case 'databricks':
      return {
        storage_type: 'DATABRICKS',
        artifact_type: artifact,
        connector_id: required(destination!.connector, 'connector', kind),
        table_name: `${required(destination!.table, 'table', kind)}_${type}`,
        extra_fields: extra,
      };
  }
}

function required(value: { value: string } | undefined, key: string, kind: string): string {
  if (!value) throw new RequestMappingError(`destination type '${kind}' needs '${key}'`);
  return value.value;
}

/**
 * The S3 file of one output type, named as Kumo's SDK and Relgraph's local engine name outputs
 * (`f"{name}_{type}"`):
 *   s3://b/out/dnf.parquet             -> s3://b/out/dnf_predictions.parquet
 *   s3://b/out/dnf/{{PARTITION}}.parquet -> s3://b/out/dnf_predictions/{{PARTITION}}.parquet
 *   s3://b/out/{{PARTITION}}.parquet     -> s3://b/out/<spec name>_predictions/{{PARTITION}}.parquet
 */
export function s3OutputPath(destination: DestinationSpec, specName: string, type: OutputType): string {
  const { root, name, partitioned, ext } = s3Output(destination, specName);
  if (partitioned) return `${root}/${name}_${type}/${PARTITION}${ext || '.parquet'}`;
  return `${root}/${name}_${type}${ext}`;
}

/**
 * An S3 destination split as the SDK's OutputConfig takes it: the folder (an S3Connector's root_dir) and
 * the output name the SDK appends `_<type>` to.
 */
export function s3Output(
  destination: DestinationSpec,
  specName: string,
): { root: string; name: string; partitioned: boolean; ext: string } {
  const written = destination.path?.value;
  if (!written) throw new RequestMappingError("destination type 's3' needs 'path' (s3://bucket/prefix/name.parquet)");
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)(\/.*)?$/i.exec(written);
  if (!match) throw new RequestMappingError(`destination path '${written}' is not an s3:// URL`);
  const [, bucket, rest = '/'] = match;
  const format = destination.format?.value;
  const ext = path.posix.extname(rest);
  const base = path.posix.basename(rest, ext);
  const dir = path.posix.dirname(rest);
  const join = (folder: string) => `${bucket}${folder === '/' ? '' : folder}`;
  if (base === PARTITION) {
    if (dir === '/') return { root: bucket, name: specName, partitioned: true, ext };
    return { root: join(path.posix.dirname(dir)), name: path.posix.basename(dir), partitioned: true, ext };
  }
  return { root: join(dir), name: base || specName, partitioned: false, ext: ext || (format ? `.${format}` : '') };
}
