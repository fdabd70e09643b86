import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkArtifactExportRequest, checkBatchPredictionRequest, checkListQuery } from './kumoContractShapes';

/**
 * A contract stand-in for Kumo's REST API, started by the tests on 127.0.0.1 because Kumo's cloud cannot
 * be reached here. Written from kumo-semantics.md §1.8 and §2 only, and strict: it checks the X-API-Key
 * header, answers only the documented methods and paths, and rejects unknown fields, unknown query
 * parameters and wrong value kinds. Every such rejection is also recorded in `violations`, which a test
 * asserts empty: the client must never send what Kumo does not document.
 *
 * Jobs advance one step per `GET {base}/{id}` along a scripted lifecycle (QUEUED, RUNNING with progress,
 * DONE / FAILED), and DONE prediction jobs serve their Parquet partitions through "presigned" URLs on
 * `/presigned/...`, which refuse any request that carries Kumo credentials.
 */

type Json = Record<string, unknown>;

export interface LifecycleStep {
  status: string;
  stage?: string;
  detail?: string;
  /** [completed, total] answered by /progress while at this step; absent: `null` (early on). */
  progress?: [number, number];
  validation?: { errors?: Item[]; warnings?: Item[]; info_items?: Item[] };
}

interface Item {
  title: string;
  message: string;
}

interface Job {
  id: string;
  base: 'training_jobs' | 'prediction_jobs';
  createdAt: string;
  tags: Record<string, string>;
  config: Json;
  steps: LifecycleStep[];
  /** The step the last `GET {base}/{id}` showed (-1: none yet). */
  shown: number;
  result?: Json;
  partitions: { predictions: Buffer[]; embeddings: Buffer[] };
  cancelled?: boolean;
}

export interface Fault {
  method: string;
  /** Matches the path after `/api/v1` (or the whole path for presigned downloads). */
  path: RegExp;
  /** How many requests it affects. */
  times: number;
  status?: number;
  retryAfter?: string;
  /** Destroy the connection without an answer (a connection reset). */
  reset?: boolean;
  /** Answer only after this long (a slow server). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body?: unknown;
  /** Whether the request carried X-API-Key or Authorization (the values are never kept). */
  hadCredentials: boolean;
}

export interface LaunchBehaviour {
  /** Lifecycle of the jobs this launch creates. */
  steps?: LifecycleStep[];
  /** Warnings of an accepted launch. */
  warnings?: Item[];
  /** Refuse with these errors: `[null, {errors, ...}]`. */
  refuseWith?: Item[];
  partitions?: { predictions: Buffer[]; embeddings?: Buffer[] };
  numEntities?: number;
}

/** The step a job is at: the one last shown, or its first before any GET. */
function current(job: Job): LifecycleStep {
  return job.steps[Math.max(0, job.shown)];
}

export class KumoContractServer {
  readonly violations: string[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly jobs = new Map<string, Job>();
  readonly exports = new Map<string, { body: Json; polls: number }>();
  private readonly faults: Fault[] = [];
  private launches = 0;
  launch: LaunchBehaviour = {};
  connectors: Json[] = [{ name: 'shop_snowflake' }];

  private constructor(
    private readonly server: http.Server,
    readonly apiKey: string,
  ) {}

  static async start(apiKey: string): Promise<KumoContractServer> {
    const server = http.createServer();
    const stub = new KumoContractServer(server, apiKey);
    server.on('request', (req, res) => void stub.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  /** KUMO_API_URL for this server. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  fail(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  addJob(job: {
    id: string;
    kind: 'training' | 'prediction';
    steps: LifecycleStep[];
    createdAt?: string;
    tags?: Record<string, string>;
    config?: Json;
    result?: Json;
    partitions?: { predictions: Buffer[]; embeddings?: Buffer[] };
  }): void {
    this.jobs.set(job.id, {
      id: job.id,
      base: job.kind === 'training' ? 'training_jobs' : 'prediction_jobs',
      createdAt: job.createdAt ?? '2024-03-01T10:00:00+00:00',
      tags: job.tags ?? {},
      config: job.config ?? {},
      steps: job.steps,
      shown: -1,
      result: job.result,
      partitions: { predictions: job.partitions?.predictions ?? [], embeddings: job.partitions?.embeddings ?? [] },
    });
  }

  /** Requests for one path (regex on the path after /api/v1). */
  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const hadCredentials = req.headers['x-api-key'] !== undefined || req.headers.authorization !== undefined;
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.reject(res, 400, `${req.method} ${url.pathname}: the body is not JSON`);
      }
    }
    const apiPath = url.pathname.startsWith('/api/v1/') ? url.pathname.slice('/api/v1'.length) : url.pathname;
    this.requests.push({ method: req.method ?? '', path: apiPath, query: url.search, body, hadCredentials });

    const fault = this.faults.find((f) => f.times > 0 && f.method === req.method && f.path.test(apiPath));
    if (fault) {
      fault.times--;
      if (fault.reset) return void req.socket.destroy();
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.status) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        res.writeHead(fault.status, headers).end(JSON.stringify({ detail: `stand-in fault ${fault.status}` }));
        return;
      }
    }

    if (url.pathname.startsWith('/presigned/')) return this.presigned(req, res, url, hadCredentials);
    if (!url.pathname.startsWith('/api/v1/'))
      return this.reject(res, 404, `${req.method} ${url.pathname} is not under /api/v1`);
    if (req.headers['x-api-key'] !== this.apiKey) {
      // Not a violation: a wrong key is what a 401 test sends on purpose.
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Invalid API key' }));
      return;
    }
    if (req.headers.authorization !== undefined)
      return this.reject(res, 400, 'Authorization header sent besides X-API-Key');
    return this.route(req.method ?? '', apiPath, url.searchParams, body, res);
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown, res: http.ServerResponse): void {
    const noQuery = () => {
      if ([...query.keys()].length > 0) this.violation(`${method} ${path}: unexpected query ${query}`);
    };
    const noBody = () => {
      if (body !== undefined) this.violation(`${method} ${path}: unexpected body`);
    };
    if (method === 'GET' && path === '/connectors') {
      noQuery();
      return this.json(res, 200, this.connectors);
    }
    let m = /^\/(training_jobs|prediction_jobs)$/.exec(path);
    if (m && method === 'GET') {
      const problems = checkListQuery(m[1], query);
      if (problems.length > 0) return this.reject(res, 422, problems.join('; '));
      return this.json(res, 200, this.list(m[1], query));
    }
    if (m && method === 'POST' && m[1] === 'prediction_jobs') {
      noQuery();
      return this.createPrediction(body, res);
    }
    m =
      /^\/(training_jobs|prediction_jobs)\/([^/]+)(?:\/(progress|cancel|get_prediction_df_urls|get_embedding_df_urls))?$/.exec(
        path,
      );
    if (m) {
      const [, base, id, sub] = m;
      const job = this.jobs.get(id);
      const allowed =
        (sub === undefined && method === 'GET') ||
        (sub === 'progress' && method === 'GET') ||
        (sub === 'cancel' && method === 'POST') ||
        (base === 'prediction_jobs' &&
          (sub === 'get_prediction_df_urls' || sub === 'get_embedding_df_urls') &&
          method === 'GET');
      if (!allowed) return this.reject(res, 405, `${method} ${path} is not a documented endpoint`);
      noQuery();
      noBody();
      if (!job || job.base !== base) return this.json(res, 404, { detail: `Job ${id} not found` });
      if (sub === undefined) {
        job.shown = Math.min(job.shown + 1, job.steps.length - 1);
        return this.json(res, 200, this.resource(job));
      }
      if (sub === 'progress') {
        const step = current(job);
        if (!step.progress) return this.json(res, 200, null);
        const [completed, total] = step.progress;
        return this.json(
          res,
          200,
          base === 'training_jobs'
            ? {
                start_time: job.createdAt,
                total_trials: total,
                completed_trials: completed,
                elapsed_training_time: 12.5,
                trial_progress: {},
              }
            : {
                start_time: job.createdAt,
                total_iterations: total,
                completed_iterations: completed,
                elapsed_prediction_time: 'PT12.5S',
                estimated_prediction_time: null,
              },
        );
      }
      if (sub === 'cancel') {
        const terminal = ['DONE', 'FAILED', 'CANCELLED'].includes(current(job).status);
        if (!terminal) {
          job.cancelled = true;
          job.steps = [...job.steps.slice(0, Math.max(0, job.shown) + 1), { status: 'CANCELLED', stage: 'Cancelled' }];
        }
        return this.json(res, 200, { is_cancelled: !terminal });
      }
      if (current(job).status !== 'DONE') return this.json(res, 400, { detail: `Job ${id} is not DONE` });
      const embeddings = sub === 'get_embedding_df_urls';
      const parts = embeddings ? job.partitions.embeddings : job.partitions.predictions;
      const urls = parts.map(
        (_, i) =>
          `${this.origin}/presigned/${id}/${embeddings ? 'embeddings' : 'predictions'}/part_${String(i).padStart(3, '0')}.parquet?X-Amz-Signature=sig${i}&X-Amz-Expires=3600`,
      );
      return this.json(res, 200, embeddings ? { embedding_partitions: urls } : { prediction_partitions: urls });
    }
    if (path === '/artifact' && method === 'POST') {
      noQuery();
      const problems = checkArtifactExportRequest(body);
      if (problems.length > 0) return this.reject(res, 422, problems.join('; '));
      const request = body as Json;
      const job = this.jobs.get(String(request.job_id));
      if (!job) return this.json(res, 404, { detail: `Job ${request.job_id} not found` });
      const id = `artifact-export-${this.exports.size + 1}`;
      this.exports.set(id, { body: request, polls: 0 });
      return this.json(res, 200, { job_id: id });
    }
    m = /^\/artifact\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      noQuery();
      const exported = this.exports.get(m[1]);
      if (!exported) return this.json(res, 404, { detail: `Export ${m[1]} not found` });
      exported.polls++;
      // "GET /artifact/{id} → bare JobStatus" (§2.2).
      return this.json(res, 200, exported.polls >= 2 ? 'DONE' : 'RUNNING');
    }
    return this.reject(res, 404, `${method} ${path} is not a documented Kumo endpoint`);
  }

  private createPrediction(body: unknown, res: http.ServerResponse): void {
    const problems = checkBatchPredictionRequest(body);
    if (problems.length > 0) return this.reject(res, 422, problems.join('; '));
    const request = body as Json;
    const model = this.jobs.get(String(request.model_training_job_id));
    const validation = { errors: [] as Item[], warnings: [] as Item[], info_items: [] as Item[] };
    if (!model || model.base !== 'training_jobs')
      validation.errors.push({
        title: 'Unknown training job',
        message: `Training job ${request.model_training_job_id} does not exist.`,
      });
    else if (current(model).status !== 'DONE')
      validation.errors.push({
        title: 'Model not trained',
        message: `Training job ${model.id} is ${current(model).status}.`,
      });
    validation.errors.push(...(this.launch.refuseWith ?? []));
    if (validation.errors.length > 0) return this.json(res, 200, [null, validation]);
    validation.warnings.push(...(this.launch.warnings ?? []));
    this.launches++;
    const id = `bp-job-standin-${this.launches}`;
    const outputs = request.outputs as Json[];
    this.addJob({
      id,
      kind: 'prediction',
      tags: request.job_tags as Record<string, string>,
      config: request,
      createdAt: new Date().toISOString().replace('Z', '+00:00'),
      steps: this.launch.steps ?? [
        { status: 'QUEUED' },
        { status: 'RUNNING', stage: 'Predicting', progress: [1, 2] },
        { status: 'RUNNING', stage: 'Predicting', progress: [2, 2] },
        { status: 'DONE', stage: 'Predicting' },
      ],
      result: { num_entities_predicted: this.launch.numEntities ?? 0 },
      partitions: {
        predictions: this.launch.partitions?.predictions ?? [],
        embeddings: outputs.some((o) => o.artifact_type === 'EMBEDDINGS')
          ? (this.launch.partitions?.embeddings ?? [])
          : [],
      },
    });
    return this.json(res, 200, [id, validation]);
  }

  private list(base: string, query: URLSearchParams): Json[] {
    const status = query.get('job_status');
    const limit = query.get('limit');
    const tagFilters = [...query].filter(
      ([k]) => !['pquery_name', 'pquery_id', 'job_status', 'limit', 'model_id'].includes(k),
    );
    const jobs = [...this.jobs.values()]
      .filter((j) => j.base === base)
      .filter((j) => !status || current(j).status === status)
      .filter((j) => tagFilters.every(([k, v]) => j.tags[k] === v))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    return (limit ? jobs.slice(0, Number(limit)) : jobs).map((j) => this.resource(j));
  }

  /** A JobResource (§1.8): job_id, job_status_report, created_at, tags, config, result when DONE. */
  private resource(job: Job): Json {
    const step = current(job);
    const seen = job.steps.slice(0, Math.max(0, job.shown) + 1).filter((s) => s.stage);
    const stages: string[] = [];
    for (const s of seen) if (stages[stages.length - 1] !== s.stage) stages.push(s.stage!);
    const terminal = ['DONE', 'FAILED', 'CANCELLED'].includes(step.status);
    const at = (i: number) => new Date(Date.parse(job.createdAt) + (i + 1) * 1000).toISOString().replace('Z', '+00:00');
    const report: Json = {
      status: step.status,
      tracking_url: `https://standin.kumoai.cloud/jobs/${job.id}`,
      start_time: job.createdAt,
      event_log: stages.map((stage, i) => ({
        stage_name: stage,
        last_updated_at: at(i),
        ...(seen.find((s) => s.stage === stage && s.detail)
          ? { detail: seen.find((s) => s.stage === stage && s.detail)!.detail }
          : {}),
      })),
    };
    if (terminal) report.end_time = at(stages.length + 1);
    if (step.validation) report.validation_response = { errors: [], warnings: [], info_items: [], ...step.validation };
    const resource: Json = {
      job_id: job.id,
      job_status_report: report,
      created_at: job.createdAt,
      tags: job.tags,
      config: job.config,
    };
    if (step.status === 'DONE' && job.result) resource.result = job.result;
    return resource;
  }

  private presigned(req: http.IncomingMessage, res: http.ServerResponse, url: URL, hadCredentials: boolean): void {
    if (hadCredentials) return this.reject(res, 403, `a presigned download carried Kumo credentials (${url.pathname})`);
    if (req.method !== 'GET') return this.reject(res, 405, `${req.method} on a presigned URL`);
    if (!url.searchParams.get('X-Amz-Signature')) return this.reject(res, 403, 'a presigned URL lost its signature');
    const m = /^\/presigned\/([^/]+)\/(predictions|embeddings)\/part_(\d{3})\.parquet$/.exec(url.pathname);
    const job = m ? this.jobs.get(m[1]) : undefined;
    const part = job && m ? job.partitions[m[2] as 'predictions' | 'embeddings'][Number(m[3])] : undefined;
    if (!part) return this.reject(res, 404, `no presigned object ${url.pathname}`);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(part.length) }).end(part);
  }

  private json(res: http.ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  }

  private violation(message: string): void {
    this.violations.push(message);
  }

  private reject(res: http.ServerResponse, status: number, message: string): void {
    this.violation(message);
    this.json(res, status, { detail: message });
  }
}
