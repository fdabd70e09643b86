import * as path from 'node:path';
import type { JobRecord } from './JobRecord';
import { isStrictlyInside } from './jobPaths';

/** An output written before output markers existed, as its DONE job recorded it. */
export interface LegacyOutput {
  jobId: string;
  /** The files the job recorded, by name (a partitioned folder's parts; the file itself otherwise). */
  files: string[];
}

/**
 * Outputs that Relgraph wrote before it marked its outputs: recorded as artifacts by DONE batch predictions
 * of a record format without `outputPaths`, and lying inside the project folder. Such an output may be
 * replaced without `overwrite: true` when exactly the recorded files are there (outputOwnership). Outside
 * the project a marker is required: a repository can ship a record naming any path, but not a marker there.
 */
export function legacyOutputsOf(records: readonly JobRecord[], projectFolder: string): Map<string, LegacyOutput> {
  const outputs = new Map<string, LegacyOutput>();
  for (const record of records) {
    if (record.kind !== 'batch_prediction' || record.status !== 'DONE' || record.outputPaths) continue;
    for (const artifact of record.artifacts) {
      if (!isStrictlyInside(artifact.path, projectFolder) || outputs.has(artifact.path)) continue;
      outputs.set(artifact.path, { jobId: record.id, files: artifact.files.map((f) => path.basename(f)) });
    }
  }
  return outputs;
}
