import type { JobEvent, JobKind, JobProgress, JobRecord } from '../core/jobs/JobRecord';
import type { BackendId, JobRef } from '../core/jobs/JobRef';
import type { JobStatus } from '../core/jobs/JobStatus';

/**
 * The seam between the surfaces (CLI, VS Code client) and the places jobs run: the local engine and Kumo
 * cloud. Both implementations answer in these neutral shapes, so a surface never branches on the backend;
 * where the two really differ (files on this machine vs presigned URLs), the difference is in the types
 * (JobOutputLocation), not in `if` chains at the call sites.
 *
 * Implementations: backend/local (the job store under `<workspace>/.relgraph/jobs`), backend/kumo (Kumo's
 * REST API, and its Python SDK for what REST cannot do). This folder imports `core/` and Node built-ins only:
 * the client bundle loads it, so it never loads DuckDB.
 *
 * Errors: methods reject with a JobBackendError whose message says what failed and what to do.
 */
export interface JobBackend {
  readonly id: BackendId;
  /** "Local engine", "Kumo (acme.kumoai.cloud)": for lists and messages. */
  readonly displayName: string;

  /** Newest first. Records a backend cannot read are returned in `unreadable`, never thrown. */
  list(filter?: JobFilter, signal?: AbortSignal): Promise<JobListing>;
  /** Rejects with JobBackendError('unknown-job') for an id the backend does not know. */
  get(id: string, signal?: AbortSignal): Promise<BackendJob>;
  /** Iterations of the current long stage; undefined before the backend reports any. */
  progress(id: string, signal?: AbortSignal): Promise<JobProgress | undefined>;
  /** The job's log as lines of text (local: its log file; Kumo: the status report's event log). */
  log(id: string, signal?: AbortSignal): Promise<string[]>;
  /** Asks the job to stop; resolves once the backend accepted (or refused) the request. */
  cancel(id: string, signal?: AbortSignal): Promise<CancelOutcome>;
  /** Starts a batch prediction from a prediction spec; a refusal carries the backend's validation. */
  launchPrediction(request: LaunchPredictionRequest, signal?: AbortSignal): Promise<LaunchOutcome>;
  /** Where a finished job's outputs of one kind are; empty when the job wrote none of that kind. */
  outputs(id: string, artifact: OutputArtifact, signal?: AbortSignal): Promise<JobOutput[]>;
  /** Copies a finished job's outputs to another destination (Kumo: `POST /artifact`). */
  export(request: ExportRequest, signal?: AbortSignal): Promise<ExportOutcome>;
}

/** Statuses with Kumo's names (kumoapi.common.JobStatus); the local engine uses the first six only. */
export type { JobStatus };

export interface JobFilter {
  kind?: JobKind;
  /** Any of these statuses. */
  status?: readonly JobStatus[];
  /** At most this many jobs (newest first). */
  limit?: number;
  /** Jobs carrying every one of these tags. */
  tags?: Readonly<Record<string, string>>;
}

export interface JobListing {
  jobs: BackendJob[];
  /** Records that exist but could not be read, each with the reason; they never hide the other jobs. */
  unreadable: UnreadableJob[];
}

export interface UnreadableJob {
  /** The record's file (local) or the job id (Kumo). */
  source: string;
  reason: string;
}

/** One job as every surface shows it, whichever backend runs it. */
export interface BackendJob {
  ref: JobRef;
  kind: JobKind;
  status: JobStatus;
  /** ISO-8601 UTC instants. */
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  updatedAt?: string;
  /** The spec's name (local) or the predictive query's name (Kumo), when known. */
  name?: string;
  /** Absolute path of the spec the job ran (local jobs only). */
  specPath?: string;
  /** For batch predictions: the model's training job. */
  trainingJob?: JobRef;
  /** For batch predictions: the anchor (prediction) time, when fixed. */
  anchorTime?: string;
  progress?: JobProgress;
  eventLog: JobEvent[];
  /** Why a job FAILED or was CANCELLED, in one sentence. */
  error?: string;
  /** Kumo's validation_response (errors, warnings, info items), e.g. of a refused or failed job. */
  validation?: JobValidation;
  /** The kind-specific result of a DONE job (Kumo: `result`; local: the record's summary). */
  summary?: Record<string, unknown>;
  /** Where to see the job in the backend's own UI (Kumo's tracking_url). */
  trackingUrl?: string;
  tags: Record<string, string>;
  /** Local jobs only: the record as the job store holds it, and where it lives. */
  local?: LocalJobDetails;
}

/** What only a local job has: its record (paths, process, artifacts), its store and its record file. */
export interface LocalJobDetails {
  /** As readers show it: a job whose process died reads FAILED with the reason (backend/local/orphanedJobs). */
  record: JobRecord;
  /** The folder whose `.relgraph/jobs/` holds the record (what the CLI's `--workspace` takes). */
  workspace: string;
  /** The record file. */
  file: string;
  /** A cancel was requested and the job has not stopped yet. */
  cancelRequested: boolean;
}

export interface JobValidation {
  errors: ValidationItem[];
  warnings: ValidationItem[];
  info: ValidationItem[];
}

export interface ValidationItem {
  title: string;
  message: string;
}

export interface CancelOutcome {
  /** True when the backend accepted the request (the job will end CANCELLED). */
  cancelled: boolean;
  /** What happened, for the user, naming the job: "kumo:bp-job-1: the job had already ended (DONE)". */
  message: string;
}

export interface LaunchPredictionRequest {
  /** Absolute path of the `*.prediction.yaml` to run. */
  specPath: string;
  /** Free-form labels, like Kumo's job_tags. */
  tags?: Readonly<Record<string, string>>;
}

export type LaunchOutcome =
  | { accepted: true; ref: JobRef; validation?: JobValidation }
  | { accepted: false; validation: JobValidation };

export type OutputArtifact = 'predictions' | 'embeddings';

export interface JobOutput {
  artifact: OutputArtifact;
  rows?: number;
  location: JobOutputLocation;
}

/**
 * Local outputs are files on this machine, readable at once; Kumo's are presigned URLs that expire and
 * must be fetched without Kumo credentials.
 */
export type JobOutputLocation =
  | {
      kind: 'files';
      format: 'csv' | 'parquet' | 'json';
      /** The artifact as the destination names it: a file, or the folder of a partitioned output. */
      path: string;
      /** Every file of the artifact, sorted. */
      files: string[];
    }
  | {
      kind: 'presigned-urls';
      format: 'parquet';
      /** One URL per partition, in partition order. */
      urls: string[];
    };

export interface ExportRequest {
  id: string;
  artifact: OutputArtifact;
  /** Where to copy the output: a local path or a Kumo output destination (connector table or S3 path). */
  destination: ExportDestination;
  /** Local files: `part_NNN` files of a `{{PARTITION}}` path (default: as many as the job's workers). */
  partitions?: number;
}

export type ExportDestination =
  | {
      kind: 'file';
      /** Absolute; `{{PARTITION}}` in the name writes partitioned Parquet. */
      path: string;
      format?: 'csv' | 'parquet';
      /** Replace files there that Relgraph did not write (refused otherwise). */
      overwrite?: boolean;
    }
  | { kind: 'kumo'; storageType: string; connector?: string; table?: string; path?: string };

export interface ExportOutcome {
  /** The export's own job (Kumo), when the backend runs exports as jobs. */
  exportJob?: JobRef;
  /** Files written (local exports). */
  files?: string[];
  /** Local exports: the output as the destination names it (a file, or the folder of a partitioned one). */
  path?: string;
  /** Local exports: rows written. */
  rows?: number;
  message: string;
}

export type JobBackendErrorKind =
  | 'unknown-job'
  /** The job exists but its record cannot be trusted (local: the message names the file and the reason). */
  | 'unreadable'
  | 'not-finished'
  | 'unauthorized'
  | 'unreachable'
  | 'timeout'
  | 'refused'
  | 'unsupported'
  | 'internal';

/** A failure a user can act on: the message names what failed and what to do. */
export class JobBackendError extends Error {
  constructor(
    readonly kind: JobBackendErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'JobBackendError';
  }
}
