import type { ExportDestination } from '../JobBackend';
import { RequestMappingError, type ArtifactType, type PredictionOutputConfig } from './batchPredictionRequest';

/**
 * An export destination as the `prediction_output` of `POST /artifact` (ArtifactExportRequest, §2.2): a
 * PredictionOutputConfig with the destination's names taken as written (the SDK's export does not append
 * the output type; the user names the exact table or file).
 */
export function exportOutputConfig(
  destination: Extract<ExportDestination, { kind: 'kumo' }>,
  artifact: ArtifactType,
): PredictionOutputConfig {
  const storage = destination.storageType.toUpperCase();
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new RequestMappingError(`an export to ${storage} needs ${what}`);
    return value;
  };
  switch (storage) {
    case 'S3': {
      const config: PredictionOutputConfig = {
        storage_type: 'S3',
        artifact_type: artifact,
        file_path: need(destination.path, 'a path (s3://bucket/prefix/name.parquet)'),
        extra_fields: [],
      };
      if (destination.connector) config.connector_id = destination.connector;
      return config;
    }
    case 'SNOWFLAKE':
    case 'BIGQUERY':
      return {
        storage_type: storage,
        artifact_type: artifact,
        connector_id: need(destination.connector, 'a connector'),
        table_name: need(destination.table, 'a table'),
        extra_fields: [],
        write_mode: 'OVERWRITE',
      };
    case 'DATABRICKS':
      return {
        storage_type: 'DATABRICKS',
        artifact_type: artifact,
        connector_id: need(destination.connector, 'a connector'),
        table_name: need(destination.table, 'a table (schema.table)'),
        extra_fields: [],
      };
    default:
      throw new RequestMappingError(
        `Kumo exports to S3, Snowflake, BigQuery or Databricks, not '${destination.storageType}'`,
      );
  }
}
