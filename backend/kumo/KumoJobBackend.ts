import type { KumoTrainingGraph } from '../../core/kumo/KumoTrainingGraph';
import type { JobKind, JobProgress } from '../../core/jobs/JobRecord';
import { formatJobRef } from '../../core/jobs/JobRef';
import { isTerminalStatus, type JobStatus } from '../../core/jobs/JobStatus';
import type { SpecValidation } from '../../core/validation/SpecValidation';
import {
  JobBackendError,
  type BackendJob,
  type CancelOutcome,
  type ExportOutcome,
  type ExportRequest,
  type JobBackend,
  type JobFilter,
  type JobListing,
  type JobOutput,
  type JobValidation,
  type LaunchOutcome,
  type LaunchPredictionRequest,
  type OutputArtifact,
  type UnreadableJob,
} from '../JobBackend';
import { artifactType, batchPredictionRequest, RequestMappingError } from './batchPredictionRequest';
import { exportOutputConfig } from './exportOutputConfig';
import { planKumoLaunch, type KumoLaunchPlan } from './kumoLaunchPlan';
import { lastLines, requireKumoai, runPython, type PythonChoice } from './kumoPython';
import { KumoRestClient } from './KumoRestClient';
import {
  KumoWireError,
  listItems,
  parseArtifactStatus,
  parseCancelAnswer,
  parseCreatedId,
  parseJobResource,
  parseLaunchAnswer,
  parsePartitionUrls,
  parseProgress,
} from './kumoWire';
import { JOB_ID_LINE, predictionScript } from './predictionScript';

export interface KumoJobBackendOptions {
  client: KumoRestClient;
  /**
   * Reads and validates a prediction spec for launchPrediction. The CLI passes `validate` with its own host
   * (the disk, the pulled training graphs); launchPrediction refuses a spec with errors.
   */
  resolveSpec: (specPath: string) => SpecValidation;
  /** The pulled training graph of a Kumo training job, for a spec (decides same graph vs another). */
  readTrainingGraph?: (jobId: string, specPath: string) => KumoTrainingGraph | undefined;
  /** The Python that runs Kumo's SDK for predictions on another graph. */
  python?: PythonChoice;
  /** The environment of that Python (KUMO_API_URL and KUMO_API_KEY reach the SDK through it). */
  env?: NodeJS.ProcessEnv;
  /** The SDK's output while a script runs (the CLI streams it). */
  onSdkOutput?: (text: string) => void;
  /** How a spec path is shown in generated scripts (relative to where the user works). */
  displayPath?: (absolutePath: string) => string;
}

const KINDS: { kind: JobKind; base: string; noun: string }[] = [
  { kind: 'batch_prediction', base: 'prediction_jobs', noun: 'batch prediction job' },
  { kind: 'training', base: 'training_jobs', noun: 'training job' },
];

/** Tag keys Kumo takes (`[A-Za-z0-9._-]`, at most 64) that are not list parameters of their own (§2.2). */
const TAG_KEY = /^[A-Za-z0-9._-]{1,64}$/;
const RESERVED_QUERY = new Set(['pquery_name', 'pquery_id', 'job_status', 'limit', 'model_id']);

/**
 * Kumo cloud behind Relgraph's JobBackend: jobs, progress, event logs, cancellation, batch predictions
 * (REST on the training graph, Kumo's Python SDK on another graph), outputs as presigned URLs, exports.
 * Ids are Kumo's own (`bp-job-…`, `trainingjob-…`); Relgraph shows them as `kumo:<id>`.
 */
export class KumoJobBackend implements JobBackend {
  readonly id = 'kumo' as const;
  readonly displayName: string;

  constructor(readonly options: KumoJobBackendOptions) {
    this.displayName = `Kumo (${options.client.host})`;
  }

  get client(): KumoRestClient {
    return this.options.client;
  }

  get host(): string {
    return this.client.host;
  }

  /** `GET /connectors`, Kumo's own authentication check (§1.1): how many connectors the key sees. */
  async checkConnection(signal?: AbortSignal): Promise<{ connectors?: number }> {
    const answer = await this.client.get('/connectors', { signal });
    try {
      return { connectors: listItems(answer).length };
    } catch {
      return {};
    }
  }

  async list(filter: JobFilter = {}, signal?: AbortSignal): Promise<JobListing> {
    const tags = filter.tags ?? {};
    for (const key of Object.keys(tags)) {
      if (!TAG_KEY.test(key) || RESERVED_QUERY.has(key))
        throw new JobBackendError(
          'refused',
          `'${key}' cannot be a Kumo tag filter: tag keys are letters, digits, '.', '_' or '-' (at most 64), and not ${[...RESERVED_QUERY].join(', ')}`,
        );
    }
    const kinds = KINDS.filter((k) => !filter.kind || k.kind === filter.kind);
    const statuses: (JobStatus | undefined)[] =
      filter.status && filter.status.length > 0 ? [...filter.status] : [undefined];
    const jobs: BackendJob[] = [];
    const unreadable: UnreadableJob[] = [];
    const seen = new Set<string>();
    for (const { kind, base } of kinds) {
      for (const status of statuses) {
        const answer = await this.client.get(`/${base}`, {
          query: { job_status: status, limit: filter.limit, ...tags },
          signal,
        });
        let items: unknown[];
        try {
          items = listItems(answer);
        } catch (error) {
          throw this.wireError(`GET /${base}`, error);
        }
        for (const item of items) {
          try {
            const job = parseJobResource(item, kind);
            if (seen.has(job.ref.id)) continue;
            seen.add(job.ref.id);
            jobs.push(job);
          } catch (error) {
            const id =
              typeof (item as { job_id?: unknown })?.job_id === 'string'
                ? (item as { job_id: string }).job_id
                : `an item of GET /${base}`;
            unreadable.push({ source: id, reason: (error as Error).message });
          }
        }
      }
    }
    jobs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return { jobs: filter.limit !== undefined ? jobs.slice(0, filter.limit) : jobs, unreadable };
  }

  async get(id: string, signal?: AbortSignal): Promise<BackendJob> {
    const { job } = await this.fetchJob(id, signal);
    return job;
  }

  async progress(id: string, signal?: AbortSignal): Promise<JobProgress | undefined> {
    const base = familyOf(id)?.base ?? (await this.fetchJob(id, signal)).base;
    const answer = await this.client.get(KumoRestClient.path(base, id, 'progress'), {
      signal,
      notFound: this.notFound(id),
    });
    const progress = parseProgress(answer);
    return progress ? { completed: progress.completed, total: progress.total } : undefined;
  }

  async log(id: string, signal?: AbortSignal): Promise<string[]> {
    const job = await this.get(id, signal);
    const lines = job.eventLog.map((e) => `${e.at}  ${e.stage}${e.detail ? `: ${e.detail}` : ''}`);
    for (const item of job.validation?.errors ?? [])
      lines.push(`error: ${[item.title, item.message].filter(Boolean).join(': ')}`);
    for (const item of job.validation?.warnings ?? [])
      lines.push(`warning: ${[item.title, item.message].filter(Boolean).join(': ')}`);
    lines.push(job.status + (job.error && isTerminalStatus(job.status) ? `: ${job.error}` : ''));
    return lines;
  }

  async cancel(id: string, signal?: AbortSignal): Promise<CancelOutcome> {
    const { job, base } = await this.fetchJob(id, signal);
    if (isTerminalStatus(job.status))
      return { cancelled: false, message: `kumo:${id}: the job had already ended (${job.status})` };
    // Cancelling twice is harmless, so the request is retried like a read.
    const answer = await this.client.post(KumoRestClient.path(base, id, 'cancel'), undefined, {
      signal,
      idempotent: true,
      notFound: this.notFound(id),
    });
    let cancelled: boolean;
    try {
      cancelled = parseCancelAnswer(answer);
    } catch (error) {
      throw this.wireError(`POST /${base}/${id}/cancel`, error);
    }
    return cancelled
      ? { cancelled: true, message: `kumo:${id}: cancel requested: Kumo stops the job and it ends CANCELLED` }
      : { cancelled: false, message: `kumo:${id}: Kumo did not cancel the job (it may be ending): see its status` };
  }

  /** How a spec would run on Kumo (REST on the training graph, SDK on another), with its validation. */
  plan(specPath: string): { validation: SpecValidation; plan: KumoLaunchPlan; training?: KumoTrainingGraph } {
    const validation = this.options.resolveSpec(specPath);
    const prediction = validation.prediction;
    if (!prediction)
      throw new JobBackendError('unsupported', `${specPath} is not a prediction spec (kind: prediction)`);
    if (prediction.trainingJob?.kind !== 'kumo')
      throw new JobBackendError(
        'unsupported',
        `${specPath}: training_job is not a Kumo job (kumo:<training job id>), so it runs on the local engine`,
      );
    const training = this.options.readTrainingGraph?.(prediction.trainingJob.jobId, specPath);
    return {
      validation,
      plan: planKumoLaunch(prediction, prediction.graph ? validation.graph : undefined, training),
      training,
    };
  }

  /** The SDK script of a spec that predicts on another graph (`relgraph kumo script`). */
  script(specPath: string, tags: Readonly<Record<string, string>> = {}): string {
    const { validation, plan, training } = this.plan(specPath);
    if (plan.kind === 'refused') throw new JobBackendError('refused', plan.problems.join('\n'));
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0)
      throw new JobBackendError(
        'refused',
        `the spec has errors: ${errors.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join('; ')}`,
      );
    const graph = plan.kind === 'sdk' ? plan.graph : validation.graph;
    if (!graph)
      throw new JobBackendError(
        'unsupported',
        `this spec predicts on the training graph itself, which takes no script: 'relgraph predict' sends it to Kumo's REST API (add 'graph:' to predict on other tables)`,
      );
    try {
      return predictionScript({
        spec: validation.prediction!,
        graph,
        trainingJobId:
          validation.prediction!.trainingJob!.kind === 'kumo' ? validation.prediction!.trainingJob!.jobId : '',
        training,
        specLabel: this.options.displayPath?.(specPath) ?? specPath,
        tags,
      });
    } catch (error) {
      if (error instanceof RequestMappingError) throw new JobBackendError('refused', error.message);
      throw error;
    }
  }

  async launchPrediction(request: LaunchPredictionRequest, signal?: AbortSignal): Promise<LaunchOutcome> {
    const { validation, plan } = this.plan(request.specPath);
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      return {
        accepted: false,
        validation: {
          errors: errors.map((d) => ({ title: d.code, message: `line ${d.range.start.line + 1}: ${d.message}` })),
          warnings: [],
          info: [],
        },
      };
    }
    if (plan.kind === 'refused')
      return refusal(plan.problems.map((message) => ({ title: 'Kumo cannot read this graph', message })));
    if (plan.kind === 'sdk') return this.launchWithSdk(request, signal);
    let body;
    try {
      body = batchPredictionRequest(validation.prediction!, plan.trainingJobId, request.tags);
    } catch (error) {
      if (error instanceof RequestMappingError)
        return refusal([{ title: 'Kumo cannot take this spec', message: error.message }]);
      throw error;
    }
    // Creates a job: retried only when Kumo certainly did not act on it (retryPolicy).
    const answer = await this.client.post('/prediction_jobs', body, {
      signal,
      notFound: this.notFound(plan.trainingJobId),
    });
    let launched;
    try {
      launched = parseLaunchAnswer(answer);
    } catch (error) {
      throw this.wireError('POST /prediction_jobs', error);
    }
    if (!launched.jobId) return { accepted: false, validation: launched.validation };
    return { accepted: true, ref: { backend: 'kumo', id: launched.jobId }, validation: launched.validation };
  }

  /** Another graph: Kumo's SDK, run in the user's Python; the script prints the job id once Kumo has it. */
  private async launchWithSdk(request: LaunchPredictionRequest, signal?: AbortSignal): Promise<LaunchOutcome> {
    const python = this.options.python;
    const env = this.options.env;
    if (!python || !env)
      throw new JobBackendError(
        'unsupported',
        "predicting on another graph takes Kumo's Python SDK, and no Python was configured",
      );
    const script = this.script(request.specPath, request.tags);
    await requireKumoai(python, env, signal);
    const run = await runPython(python, ['-', '--detach'], {
      env,
      input: script,
      signal,
      onOutput: (text) => this.options.onSdkOutput?.(text),
    });
    const id = JOB_ID_LINE.exec(run.stdout)?.[1];
    if (run.code === 0 && id) return { accepted: true, ref: { backend: 'kumo', id } };
    signal?.throwIfAborted();
    return refusal([
      {
        title: "Kumo's SDK did not start the job",
        message: lastLines(run.stderr) || `the script ended with exit code ${run.code} without a job id`,
      },
    ]);
  }

  async outputs(id: string, artifact: OutputArtifact, signal?: AbortSignal): Promise<JobOutput[]> {
    const { job } = await this.fetchJob(id, signal);
    if (job.kind !== 'batch_prediction')
      throw new JobBackendError('unsupported', `kumo:${id} is a ${job.kind} job: only batch predictions have outputs`);
    if (job.status !== 'DONE')
      throw new JobBackendError(
        'not-finished',
        `kumo:${id} is ${job.status}${job.error ? ` (${job.error})` : ''}: it has no outputs${isTerminalStatus(job.status) ? '' : ' yet'}`,
      );
    const endpoint = artifact === 'embeddings' ? 'get_embedding_df_urls' : 'get_prediction_df_urls';
    const key = artifact === 'embeddings' ? 'embedding_partitions' : 'prediction_partitions';
    const answer = await this.client.get(KumoRestClient.path('prediction_jobs', id, endpoint), {
      signal,
      notFound: this.notFound(id),
    });
    let urls: string[];
    try {
      urls = parsePartitionUrls(answer, key);
    } catch (error) {
      throw this.wireError(`GET /prediction_jobs/${id}/${endpoint}`, error);
    }
    if (urls.length === 0) return [];
    // No row count: Kumo reports entities predicted, and multiclass outputs hold several rows per entity.
    return [{ artifact, location: { kind: 'presigned-urls', format: 'parquet', urls } }];
  }

  async export(request: ExportRequest, signal?: AbortSignal): Promise<ExportOutcome> {
    if (request.destination.kind === 'file') {
      throw new JobBackendError(
        'unsupported',
        `Kumo's outputs are downloaded, not exported, to files on this machine: relgraph predictions kumo:${request.id} --out <file>`,
      );
    }
    const { job } = await this.fetchJob(request.id, signal);
    if (job.kind !== 'batch_prediction' || job.status !== 'DONE')
      throw new JobBackendError(
        'not-finished',
        `kumo:${request.id} is a ${job.kind} job that is ${job.status}: only a DONE batch prediction can be exported`,
      );
    let config;
    try {
      config = exportOutputConfig(request.destination, artifactType(request.artifact));
    } catch (error) {
      if (error instanceof RequestMappingError) throw new JobBackendError('refused', error.message);
      throw error;
    }
    // ArtifactExportRequest {job_id, prediction_output} (§2.2): one output type per export.
    const answer = await this.client.post('/artifact', { job_id: request.id, prediction_output: config }, { signal });
    let exportId: string;
    try {
      exportId = parseCreatedId(answer);
    } catch (error) {
      throw this.wireError('POST /artifact', error);
    }
    const ref = { backend: 'kumo' as const, id: exportId };
    return {
      exportJob: ref,
      message: `export ${formatJobRef(ref)} started: Kumo copies the ${request.artifact} of kumo:${request.id}`,
    };
  }

  /** `GET /artifact/{id}`: the status of an export. */
  async exportStatus(exportId: string, signal?: AbortSignal): Promise<JobStatus> {
    const answer = await this.client.get(KumoRestClient.path('artifact', exportId), {
      signal,
      notFound: `no such export job ${exportId}`,
    });
    try {
      return parseArtifactStatus(answer);
    } catch (error) {
      throw this.wireError(`GET /artifact/${exportId}`, error);
    }
  }

  /** The job and the family it belongs to, found by its id's prefix, else by asking each family. */
  private async fetchJob(id: string, signal?: AbortSignal): Promise<{ job: BackendJob; base: string }> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id))
      throw new JobBackendError('unknown-job', `'${id}' is not a Kumo job id`);
    const known = familyOf(id);
    const families = known ? [known] : KINDS;
    for (const [i, family] of families.entries()) {
      try {
        const answer = await this.client.get(KumoRestClient.path(family.base, id), {
          signal,
          notFound: this.notFound(id),
        });
        try {
          return { job: parseJobResource(answer, family.kind), base: family.base };
        } catch (error) {
          throw this.wireError(`GET /${family.base}/${id}`, error);
        }
      } catch (error) {
        const last = i === families.length - 1;
        if (!last && error instanceof JobBackendError && error.kind === 'unknown-job') continue;
        throw error;
      }
    }
    throw new JobBackendError('unknown-job', `${this.notFound(id)} on ${this.client.url}`);
  }

  private notFound(id: string): string {
    return `no such job ${id}`;
  }

  private wireError(request: string, error: unknown): JobBackendError {
    const why = error instanceof KumoWireError ? error.message : String(error);
    return new JobBackendError(
      'internal',
      this.client.scrub(`Kumo's answer to ${request} is not what its API documents: ${why}`),
    );
  }
}

/** The job family an id's prefix names (kumo-semantics.md §1.8: `trainingjob-…`, `bp-job-…`). */
function familyOf(id: string): (typeof KINDS)[number] | undefined {
  if (id.startsWith('trainingjob-')) return KINDS[1];
  if (id.startsWith('bp-job-')) return KINDS[0];
  return undefined;
}

function refusal(errors: { title: string; message: string }[]): LaunchOutcome {
  const validation: JobValidation = { errors, warnings: [], info: [] };
  return { accepted: false, validation };
}
