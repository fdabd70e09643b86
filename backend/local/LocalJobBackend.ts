import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeOutputProbe, outputOwnership } from '../../core/destinations/outputOwnership';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { parseJobRef } from '../../core/jobs/JobRef';
import type {
  BackendJob,
  CancelOutcome,
  ExportOutcome,
  ExportRequest,
  JobBackend,
  JobFilter,
  JobListing,
  JobOutput,
  LaunchOutcome,
  LaunchPredictionRequest,
  OutputArtifact,
  UnreadableJob,
} from '../JobBackend';
import { JobBackendError } from '../JobBackend';
import { cancelLocalJob } from './cancelLocalJob';
import { LocalJobStore, newestFirst, type StoredJob } from './LocalJobStore';
import { asSeen, settleDeadJobs } from './orphanedJobs';

/** Starts a batch prediction (the CLI: the engine in this process; the client: a `relgraph predict` child). */
export interface PredictionLauncher {
  launch(request: LaunchPredictionRequest, signal?: AbortSignal): Promise<LaunchOutcome>;
}

/** Copies a finished job's output to a local file (the CLI passes the engine's DuckDB-based export). */
export interface OutputExporter {
  exportOutput(source: ExportSource, request: ExportRequest, signal?: AbortSignal): Promise<ExportOutcome>;
}

/** A DONE job's output, checked to be on disk and still this job's. */
export interface ExportSource {
  record: JobRecord;
  output: JobOutput & { location: Extract<JobOutput['location'], { kind: 'files' }> };
}

export interface LocalJobBackendOptions {
  /** The workspaces whose stores this backend reads (asked on every call: stores come and go). */
  workspaces: () => readonly string[] | Promise<readonly string[]>;
  /**
   * Record dead jobs as FAILED (undoing interrupted commits, deleting their scratch files) before reading:
   * the CLI does; the editor only reads (a dead job then reads FAILED without anything being written).
   */
  settleDeadJobs?: boolean;
  /**
   * Never write to a store: `cancel` (which writes a marker, and may settle the job) is refused. The editor
   * reads this way and cancels by running `relgraph jobs cancel`.
   */
  readOnly?: boolean;
  launcher?: PredictionLauncher;
  exporter?: OutputExporter;
}

/**
 * The local engine's side of JobBackend: the job stores (`<workspace>/.relgraph/jobs`) of some workspaces.
 * DuckDB-free; launching and exporting, which need the engine, are injected (constructor injection), so
 * `backend/` never imports `engine/`. Job ids are unique, so `get(id)` looks in every store.
 */
export class LocalJobBackend implements JobBackend {
  readonly id = 'local' as const;
  readonly displayName = 'Local engine';

  constructor(private readonly options: LocalJobBackendOptions) {}

  async list(filter: JobFilter = {}): Promise<JobListing> {
    const jobs: StoredJob[] = [];
    const unreadable: UnreadableJob[] = [];
    for (const store of await this.stores()) {
      const listing = store.listing();
      jobs.push(...listing.jobs.map(asSeen));
      unreadable.push(...listing.unreadable.map((u) => ({ source: u.file, reason: u.reason })));
    }
    const matching = jobs
      .filter((job) => matches(job.record, filter))
      .sort((a, b) => newestFirst(a.record, b.record) || (a.workspace < b.workspace ? -1 : 1));
    const limited = filter.limit !== undefined ? matching.slice(0, Math.max(0, filter.limit)) : matching;
    return { jobs: limited.map(toBackendJob), unreadable };
  }

  async get(id: string): Promise<BackendJob> {
    return toBackendJob(await this.find(id));
  }

  /** The store holding a job and the job as stored; rejects like get. */
  async find(id: string): Promise<StoredJob & { store: LocalJobStore }> {
    let unreadable: string | undefined;
    const stores = await this.stores();
    for (const store of stores) {
      const found = store.lookup(id);
      if (found.state === 'ok') return { ...asSeen(found.job), store };
      if (found.state === 'unreadable' && !unreadable) {
        unreadable = `the record ${found.problem.file} cannot be used: ${found.problem.reason}`;
      }
    }
    if (unreadable) throw new JobBackendError('unreadable', unreadable);
    const where =
      stores.length === 0
        ? 'no .relgraph/jobs folder was found here'
        : `looked in ${stores.map((s) => s.jobsDir).join(', ')}`;
    throw new JobBackendError('unknown-job', `no local job '${id}' (${where}); see 'relgraph jobs list'`);
  }

  async progress(id: string) {
    return (await this.find(id)).record.progress;
  }

  async log(id: string): Promise<string[]> {
    const { store, record } = await this.find(id);
    const text = store.readLog(record.id);
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  }

  async cancel(id: string): Promise<CancelOutcome> {
    if (this.options.readOnly) {
      throw new JobBackendError('unsupported', `this surface only reads job stores: run 'relgraph jobs cancel ${id}'`);
    }
    const { store, record } = await this.find(id);
    const outcome = cancelLocalJob(store, record.id);
    return { cancelled: outcome.cancelled, message: outcome.message };
  }

  async launchPrediction(request: LaunchPredictionRequest, signal?: AbortSignal): Promise<LaunchOutcome> {
    if (!this.options.launcher) {
      throw new JobBackendError('unsupported', 'this surface cannot launch local predictions: run relgraph predict');
    }
    return this.options.launcher.launch(request, signal);
  }

  async outputs(id: string, artifact: OutputArtifact): Promise<JobOutput[]> {
    const { record } = await this.find(id);
    if (record.kind !== 'batch_prediction') {
      throw new JobBackendError('unsupported', `${record.id} is a ${record.kind} job, not a batch prediction`);
    }
    if (record.status !== 'DONE') {
      const why = record.error ? ` (${record.error.message})` : '';
      throw new JobBackendError('not-finished', `${record.id} is ${record.status}${why}: it has no outputs`);
    }
    return record.artifacts
      .filter((a) => a.type === artifact)
      .map((a) => {
        const missing = a.files.find((f) => !fs.existsSync(f));
        if (missing) {
          throw new JobBackendError(
            'not-finished',
            `the ${artifact} of ${record.id} were moved or deleted: ${missing} is missing`,
          );
        }
        const replacedBy = replacingJob(record, a.path, a.files.length > 1 || a.files[0] !== a.path);
        if (replacedBy) {
          throw new JobBackendError(
            'not-finished',
            `the ${artifact} of ${record.id} at ${a.path} were replaced by job ${replacedBy}: see that job's outputs`,
          );
        }
        return {
          artifact,
          ...(a.rows !== undefined ? { rows: a.rows } : {}),
          location: { kind: 'files', format: a.format ?? formatOf(a.path), path: a.path, files: a.files },
        };
      });
  }

  async export(request: ExportRequest, signal?: AbortSignal): Promise<ExportOutcome> {
    if (request.destination.kind !== 'file') {
      const where = request.destination.path
        ? `'${request.destination.path}'`
        : `a ${request.destination.storageType} table`;
      throw new JobBackendError(
        'unsupported',
        `${where} is a remote location: only the Kumo backend writes there; local outputs export to files`,
      );
    }
    if (!this.options.exporter)
      throw new JobBackendError('unsupported', 'this surface cannot export: run relgraph export');
    const { record } = await this.find(request.id);
    const [output] = await this.outputs(record.id, request.artifact);
    if (!output || output.location.kind !== 'files') {
      const types = record.artifacts.map((a) => a.type).join(', ') || 'none';
      throw new JobBackendError('not-finished', `${record.id} wrote no ${request.artifact} (its outputs: ${types})`);
    }
    return this.options.exporter.exportOutput(
      { record, output: { ...output, location: output.location } },
      request,
      signal,
    );
  }

  private async stores(): Promise<LocalJobStore[]> {
    const workspaces = [...new Set(await this.options.workspaces())];
    const stores = workspaces.map((w) => new LocalJobStore(w));
    if (this.options.settleDeadJobs && !this.options.readOnly) for (const store of stores) settleDeadJobs(store);
    return stores;
  }
}

/** The job a newer output's marker names, when it is not this one (another job wrote there since). */
function replacingJob(record: JobRecord, output: string, partitioned: boolean): string | undefined {
  // Outputs in the job's own folder, and those of records from before markers, carry no marker to compare.
  if (!record.outputPaths?.includes(output)) return undefined;
  const owner = outputOwnership({ path: output, partitioned }, nodeOutputProbe(fs));
  return owner.state === 'relgraph' && owner.jobId !== record.id ? owner.jobId : undefined;
}

function formatOf(file: string): 'csv' | 'parquet' | 'json' {
  const ext = path.extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : 'parquet';
}

function matches(record: JobRecord, filter: JobFilter): boolean {
  if (filter.kind && record.kind !== filter.kind) return false;
  if (filter.status && !filter.status.includes(record.status)) return false;
  for (const [key, value] of Object.entries(filter.tags ?? {})) if (record.tags[key] !== value) return false;
  return true;
}

/** One stored job in the backends' shared shape, the record itself kept under `local`. */
export function toBackendJob(job: StoredJob): BackendJob {
  const r = job.record;
  const trainingJob =
    typeof r.summary?.training_job_id === 'string' ? parseJobRef(r.summary.training_job_id) : undefined;
  const anchor = r.summary?.anchor_time;
  return {
    ref: { backend: 'local', id: r.id },
    kind: r.kind,
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    name: r.spec.name,
    specPath: r.spec.path,
    ...(trainingJob ? { trainingJob } : {}),
    ...(typeof anchor === 'string' ? { anchorTime: anchor } : {}),
    ...(r.progress ? { progress: r.progress } : {}),
    eventLog: r.eventLog,
    ...(r.error ? { error: r.error.message } : {}),
    ...(r.summary ? { summary: r.summary } : {}),
    tags: r.tags,
    local: { record: r, workspace: job.workspace, file: job.file, cancelRequested: job.cancelRequested },
  };
}
