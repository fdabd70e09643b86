import type { JobStatus } from './JobStatus';

/**
 * The on-disk record of one job: `<workspace>/.relgraph/jobs/<id>.json`. A public format: the CLI
 * and the VS Code client (which watches these files) read it, so fields are only ever added. `formatVersion` changes only on an incompatible change. Documented in docs/engine.md.
 */
export interface JobRecord {
  formatVersion: 1;
  /** `trainingjob-<stamp>-<random>` or `bp-job-<stamp>-<random>`; also the record's file name. */
  id: string;
  kind: JobKind;
  status: JobStatus;
  /** ISO-8601 UTC instants. `endedAt` is set exactly when the status is terminal. */
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  endedAt?: string;
  spec: JobSpecRef;
  /** Completed / total iterations of the latest stage that reports them (training rounds, prediction slices). */
  progress?: JobProgress;
  /** Stages in the order they started; the last entry is the current stage. */
  eventLog: JobEvent[];
  /** Why a job FAILED or was CANCELLED. */
  error?: JobError;
  /** Kind-specific result, present when DONE (see BatchPredictionSummary / the training summary). */
  summary?: Record<string, unknown>;
  /** Files the job produced, at their final names (never temporary ones). */
  artifacts: JobArtifact[];
  /**
   * Temporary files and folders the running job is writing (outputs before their final rename). A
   * reader that finds the job's process dead deletes them, so a killed job leaves nothing behind.
   */
  scratchPaths?: string[];
  /** The process running the job: lets any later reader tell a live job from one whose process died. */
  process?: JobProcess;
  /** Absolute path of the job's plain-text log. */
  logPath: string;
  /** Absolute path of the folder for the job's own files (models, default prediction outputs). */
  artifactDir: string;
  /** Free-form labels, like Kumo's job tags. */
  tags: Record<string, string>;
}

export type JobKind = 'training' | 'batch_prediction';

export interface JobSpecRef {
  /** Absolute path of the spec the job was launched from. */
  path: string;
  /** The spec's `name` (file name without the kind suffix unless set). */
  name: string;
  /** sha256 (hex) of the spec file's bytes at launch, to tell whether the spec changed since. */
  sha256: string;
}

export interface JobProgress {
  completed: number;
  total: number;
}

export interface JobEvent {
  /** e.g. `Validating`, `Loading model`, `Building features`, `Predicting`, `Writing outputs`, `Training`. */
  stage: string;
  /** When the stage started. */
  at: string;
  detail?: string;
}

export interface JobError {
  message: string;
  /** The stage the job was in when it failed. */
  stage?: string;
}

export interface JobArtifact {
  /** `predictions`, `embeddings`, `model`, ... */
  type: string;
  /** The artifact's path as the destination names it: a file, or a folder of `part_NNN` files. */
  path: string;
  format?: 'csv' | 'parquet' | 'json';
  /** Every file of the artifact (one for a single file; the parts, sorted, for a partitioned artifact). */
  files: string[];
  rows?: number;
}

export interface JobProcess {
  pid: number;
  hostname: string;
  /**
   * The process's start time as the OS reports it (Linux: /proc/<pid>/stat field 22), so a pid that
   * was reused by an unrelated process is not mistaken for the job's. Absent where unavailable.
   */
  startToken?: string;
}
