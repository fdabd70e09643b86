import * as path from 'node:path';
import type { DestinationType, OutputType, PredictionSpec } from '../spec/SpecModel';

/** Where one output type of a batch prediction goes: Kumo writes one artifact per output type. */
export interface OutputTarget {
  outputType: OutputType;
  /** `<name>_predictions` / `<name>_embeddings`: the file stem, or the folder of a partitioned output. */
  artifactName: string;
  /** Absolute final path: the file, or (partitioned) the folder that holds `part_000.parquet`, ... */
  path: string;
  format: 'csv' | 'parquet';
  partitioned: boolean;
}

/** A destination the local engine cannot write; the message says why and what to do instead. */
export class DestinationError extends Error {}

export const PARTITION_PLACEHOLDER = '{{PARTITION}}';
const REMOTE_SCHEME = /^(s3|s3a|gs|gcs|abfs|abfss|az|wasb|wasbs|hdfs|dbfs|https?):\/?\//i;

export interface DestinationRequest {
  outputTypes: readonly OutputType[];
  type?: DestinationType;
  /** As written in the spec (or on the command line); relative paths resolve against `baseDir`. */
  path?: string;
  format?: 'csv' | 'parquet';
  baseDir: string;
  /** Used when no path is given: outputs go to `<defaultDir>/<defaultName>_<type>.parquet`. */
  defaultDir: string;
  defaultName: string;
}

/** Throws DestinationError for `s3://...` and the like, which only the Kumo backend writes (check before resolving). */
export function refuseRemoteLocation(written: string): void {
  if (REMOTE_SCHEME.test(written)) {
    throw new DestinationError(
      `'${written}' is a remote location: only the Kumo backend writes there; the local engine writes local paths`,
    );
  }
}

/**
 * The artifact of each output type, with Kumo's naming: the output type is appended to the name, as
 * Kumo's `f"{output_table_name}_{output_type}"`:
 *   `out/dnf.parquet`             -> `out/dnf_predictions.parquet`, `out/dnf_embeddings.parquet`
 *   `out/dnf/{{PARTITION}}.parquet` -> `out/dnf_predictions/part_000.parquet`, `part_001.parquet`, ...
 * Remote destinations are refused: they are written by the Kumo backend, not by the local engine.
 */
export function resolveOutputTargets(request: DestinationRequest): OutputTarget[] {
  const type = request.type ?? 'local';
  if (type !== 'local') {
    throw new DestinationError(
      `destination type '${type}' is written by the Kumo backend, not by the local engine: ` +
        `use 'destination: { type: local, path: ... }' to write files here, or run this prediction on Kumo`,
    );
  }
  const written = request.path ?? `${request.defaultName}.${request.format ?? 'parquet'}`;
  refuseRemoteLocation(written);
  const absolute = path.resolve(request.path ? request.baseDir : request.defaultDir, written);
  const partitioned = written.includes(PARTITION_PLACEHOLDER);
  const format = request.format ?? formatFromExtension(absolute) ?? 'parquet';
  if (partitioned) return request.outputTypes.map((t) => partitionedTarget(t, absolute, written, format, request));
  return request.outputTypes.map((outputType) => {
    const ext = path.extname(absolute);
    const stem = path.basename(absolute, ext);
    const artifactName = `${stem}_${outputType}`;
    const fileName = `${artifactName}${ext || `.${format}`}`;
    return { outputType, artifactName, path: path.join(path.dirname(absolute), fileName), format, partitioned };
  });
}

function partitionedTarget(
  outputType: OutputType,
  absolute: string,
  written: string,
  format: 'csv' | 'parquet',
  request: DestinationRequest,
): OutputTarget {
  const ext = path.extname(absolute);
  if (
    path.basename(absolute, ext) !== PARTITION_PLACEHOLDER ||
    path.dirname(absolute).includes(PARTITION_PLACEHOLDER)
  ) {
    throw new DestinationError(
      `'${written}': ${PARTITION_PLACEHOLDER} must be the whole file name, as in 'out/preds/${PARTITION_PLACEHOLDER}.parquet'`,
    );
  }
  if (format !== 'parquet') {
    throw new DestinationError(
      `'${written}': ${PARTITION_PLACEHOLDER} writes partitioned Parquet; set 'format: parquet'`,
    );
  }
  const folder = path.dirname(absolute);
  // `{{PARTITION}}.parquet` directly in the spec's folder: name the artifact after the spec.
  const name = folder === path.resolve(request.baseDir) ? request.defaultName : path.basename(folder);
  const artifactName = `${name}_${outputType}`;
  const parent = folder === path.resolve(request.baseDir) ? folder : path.dirname(folder);
  return { outputType, artifactName, path: path.join(parent, artifactName), format, partitioned: true };
}

export function formatFromExtension(file: string): 'csv' | 'parquet' | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return undefined;
}

/** `part_000.parquet`: zero-padded to three digits like Kumo's partitions. */
export function partitionFileName(index: number, format: 'csv' | 'parquet'): string {
  return `part_${String(index).padStart(3, '0')}.${format}`;
}

/**
 * The outputs of a prediction spec: its destination resolved against the spec's folder; without a
 * destination path they go to `defaultDir` (the job's own folder). Throws DestinationError.
 */
export function outputTargetsOfSpec(prediction: PredictionSpec, defaultDir: string): OutputTarget[] {
  return resolveOutputTargets({
    outputTypes: prediction.outputTypes,
    type: prediction.destination?.type.value,
    path: prediction.destination?.path?.value,
    format: prediction.destination?.format?.value,
    baseDir: path.dirname(prediction.path),
    defaultDir,
    defaultName: prediction.name,
  });
}
