import type { JobStatus } from './JobStatus';

/**
 * The on-disk record of one job: `<workspace>/.relgraph/jobs/<id>.json`. A public format: the CLI and the
 * VS Code client (which watches these files) read it, so fields are only ever added. `formatVersion`
 * changes only on an incompatible change. Documented in docs/engine.md. A record is untrusted input (a
 * repository can ship one): every reader goes through parseJobRecord, which checks every field.
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
   * Temporary files and folders the running job is writing (outputs before their final rename). When the
   * job's process is found dead they are deleted, so a killed job leaves nothing behind; only paths inside
   * the job's own folder, or Relgraph's temporary names beside one of `outputPaths`, are accepted here.
   */
  scratchPaths?: string[];
  /**
   * The final paths the job may write its outputs to (its destination, resolved when the job was created).
   * Batch predictions only; absent in records written before it existed.
   */
  outputPaths?: string[];
  /**
   * Present only while the job renames its staged outputs into place: what to undo if the process dies
   * half-way, so that all outputs of a job appear together or not at all (docs/engine.md "Committing outputs").
   */
  commit?: OutputCommitJournal;
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
   * `<boot id>:<start time>` (Linux: /proc/sys/kernel/random/boot_id and /proc/<pid>/stat field 22), so a
   * pid reused by an unrelated process, or after a reboot, is never mistaken for the job's. Relgraph only
   * ever signals a process whose token it can read and that still matches. Absent where unavailable
   * (older records hold the start time alone).
   */
  startToken?: string;
}

export interface OutputCommitJournal {
  startedAt: string;
  /** In the order they are done. */
  renames: OutputRename[];
}

/**
 * One rename of a commit: `staged` (a temporary name) becomes `path`; an earlier `path` is first moved to
 * `previous` (a temporary name), restored from there if the commit is undone.
 */
export interface OutputRename {
  path: string;
  staged: string;
  previous?: string;
}
