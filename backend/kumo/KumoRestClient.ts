import { JobBackendError, type JobBackendErrorKind } from '../JobBackend';
import {
  KUMO_SDK_RETRY,
  NOT_ACTED_ON_STATUSES,
  RETRY_STATUSES,
  RetryBudget,
  type FailureKind,
  type RetryPolicy,
} from './retryPolicy';

export interface KumoClientOptions {
  /** `KUMO_API_URL`, like `https://acme.kumoai.cloud/api`; requests go to `<url>/v1/...`. */
  url: string;
  /** `KUMO_API_KEY`: sent as `X-API-Key` to the Kumo API and nowhere else, and never printed. */
  apiKey: string;
  /** Time limit of one attempt (connect, headers and body), in ms. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Told about every retry (the CLI prints them with --verbose); never given a header. */
  onRetry?: (event: { request: string; attempt: number; reason: string; delayMs: number }) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /**
   * Whether sending the request twice is harmless. Requests that create something (a prediction job, an
   * export) are not: they are retried only when Kumo certainly did not act on them (see retryPolicy).
   */
  idempotent?: boolean;
  /** The message of a 404: what does not exist ("no such job bp-job-1 on ..."). */
  notFound?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** A failed Kumo request: a JobBackendError with the HTTP status when there was one. */
export class KumoApiError extends JobBackendError {
  constructor(
    kind: JobBackendErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(kind, message);
    this.name = 'KumoApiError';
  }
}

/**
 * Kumo's REST API on Node's built-in fetch: base `<KUMO_API_URL>/v1`, header `X-API-Key`, JSON bodies,
 * retries like Kumo's SDK, a time limit per attempt, and errors that say what failed and what to do. The
 * key appears in no message: every text this client produces is scrubbed of it.
 */
export class KumoRestClient {
  readonly url: string;
  readonly apiRoot: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: KumoClientOptions) {
    this.url = normalizeUrl(options.url);
    this.apiRoot = `${this.url}/v1`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = { ...KUMO_SDK_RETRY, ...options.retry };
    if (!options.apiKey) throw new KumoApiError('unauthorized', 'KUMO_API_KEY is empty: set it to your Kumo API key');
  }

  /** The deployment's host, for messages and records (never the key). */
  get host(): string {
    return new URL(this.url).host;
  }

  get(path: string, options: RequestOptions = {}): Promise<unknown> {
    return this.request('GET', path, undefined, { idempotent: true, ...options });
  }

  post(path: string, body: unknown, options: RequestOptions = {}): Promise<unknown> {
    return this.request('POST', path, body, options);
  }

  /** `/prediction_jobs/${id}/progress` with each segment encoded. */
  static path(...segments: string[]): string {
    return '/' + segments.map((s) => encodeURIComponent(s)).join('/');
  }

  private async request(method: string, path: string, body: unknown, options: RequestOptions): Promise<unknown> {
    const target = new URL(`${this.apiRoot}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) target.searchParams.append(key, String(value));
    }
    const label = `${method} ${path}`;
    const budget = new RetryBudget(this.policy);
    for (let made = 1; ; made++) {
      options.signal?.throwIfAborted();
      const attempt = await this.attempt(method, target, body, options.signal);
      if (attempt.ok) return attempt.value;
      const failure = attempt.failure;
      // A timed-out attempt is a read error to urllib3: the request was sent, the answer did not come.
      const budgetKind: FailureKind | undefined =
        failure.kind === 'timeout' ? 'read' : failure.kind === 'invalid' ? undefined : failure.kind;
      const retryable =
        failure.kind === 'status'
          ? RETRY_STATUSES.has(failure.status!) && (options.idempotent || NOT_ACTED_ON_STATUSES.has(failure.status!))
          : budgetKind === 'connect' || (budgetKind === 'read' && options.idempotent === true);
      if (!retryable || !budgetKind || !budget.allow(budgetKind)) throw this.finalError(label, failure, made, options);
      const delayMs = budget.delayMs(failure.retryAfter);
      this.options.onRetry?.({ request: label, attempt: made + 1, reason: this.scrub(failure.reason), delayMs });
      await sleep(delayMs, options.signal);
    }
  }

  private async attempt(
    method: string,
    target: URL,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; value: unknown } | { ok: false; failure: Failure }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(target, {
        method,
        headers: {
          'X-API-Key': this.options.apiKey,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
        redirect: 'error', // a redirect would carry the key to another place
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      return { ok: false, failure: networkFailure(error, timeout.aborted, this.timeoutMs) };
    }
    if (response.status >= 200 && response.status < 300) {
      if (text.trim() === '') return { ok: true, value: null };
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return {
          ok: false,
          failure: { kind: 'invalid', reason: `the answer was not JSON: ${preview(text)}`, status: response.status },
        };
      }
    }
    return {
      ok: false,
      failure: {
        kind: 'status',
        status: response.status,
        reason: `HTTP ${response.status}${detailOf(text)}`,
        retryAfter: response.headers.get('retry-after'),
      },
    };
  }

  /** The error a user reads: what failed (request, host), why, and what to do. */
  private finalError(label: string, failure: Failure, attempts: number, options: RequestOptions): KumoApiError {
    const where = `${label} on ${this.url}`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    let kind: JobBackendErrorKind;
    let message: string;
    if (failure.kind === 'status') {
      const status = failure.status!;
      if (status === 401 || status === 403) {
        kind = 'unauthorized';
        message = `Kumo refused the API key (HTTP ${status} for ${where}): it is wrong, expired or was replaced by a newer one. Create a new one in Kumo's settings (API keys) and set KUMO_API_KEY to it.`;
      } else if (status === 404) {
        kind = options.notFound ? 'unknown-job' : 'unsupported';
        message = options.notFound
          ? `${options.notFound} on ${this.url} (HTTP 404 for ${label})`
          : `Kumo has no ${label} (HTTP 404 on ${this.url}): is KUMO_API_URL the API root, like https://<customer>.kumoai.cloud/api?`;
      } else if (status === 400 || status === 409 || status === 422) {
        kind = 'refused';
        message = `Kumo refused ${where}: ${failure.reason}`;
      } else if (RETRY_STATUSES.has(status)) {
        kind = 'unreachable';
        message = `Kumo did not serve ${where}: ${failure.reason}${tries}. Kumo may be busy or down: try again later.`;
      } else {
        kind = 'internal';
        message = `Kumo answered ${where} with ${failure.reason}${tries}.`;
      }
    } else if (failure.kind === 'timeout') {
      kind = 'timeout';
      message = `Kumo did not answer ${where} within ${seconds(this.timeoutMs)}${tries}. Check your network, or allow more time with RELGRAPH_KUMO_TIMEOUT_MS.`;
    } else if (failure.kind === 'connect') {
      kind = 'unreachable';
      message = `Cannot reach Kumo at ${this.url} (${failure.reason})${tries}. Check KUMO_API_URL (like https://<customer>.kumoai.cloud/api) and your network.`;
    } else if (failure.kind === 'read') {
      kind = 'unreachable';
      message = `The connection to Kumo broke during ${where} (${failure.reason})${tries}.`;
      if (!options.idempotent)
        message += ' Kumo may have acted on it: check `relgraph kumo jobs list` before sending it again.';
    } else {
      kind = 'internal';
      message = `Kumo's answer to ${where} is not what its API documents: ${failure.reason}`;
    }
    return new KumoApiError(kind, this.scrub(message), failure.status);
  }

  /** Removes the key from any text (a server could echo it back in an error body). */
  scrub(text: string): string {
    const key = this.options.apiKey;
    return key.length >= 4 ? text.split(key).join('<KUMO_API_KEY>') : text;
  }
}

interface Failure {
  kind: FailureKind | 'timeout' | 'invalid';
  reason: string;
  status?: number;
  retryAfter?: string | null;
}

/** Classifies a fetch failure as urllib3 does: connect errors (never sent) vs read errors (sent, then lost). */
function networkFailure(error: unknown, timedOut: boolean, timeoutMs: number): Failure {
  if (timedOut) return { kind: 'timeout', reason: `no answer within ${seconds(timeoutMs)}` };
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code ?? '';
  const connect = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'];
  const reason = code || cause?.message || (error instanceof Error ? error.message : String(error));
  return {
    kind: connect.includes(code) ? 'connect' : 'read',
    reason: reason === 'UND_ERR_SOCKET' ? 'connection reset' : reason,
  };
}

/** Kumo's FastAPI errors carry `{"detail": ...}`; show it, shortened. */
function detailOf(text: string): string {
  if (!text.trim()) return '';
  try {
    const json = JSON.parse(text) as { detail?: unknown; message?: unknown };
    const detail = json.detail ?? json.message;
    if (detail !== undefined) return `: ${preview(typeof detail === 'string' ? detail : JSON.stringify(detail))}`;
  } catch {
    // not JSON: show the text itself
  }
  return `: ${preview(text)}`;
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}...` : oneLine;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** `https://acme.kumoai.cloud/api/` -> `https://acme.kumoai.cloud/api`; refuses what is not an http(s) URL. */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new KumoApiError(
      'unreachable',
      `KUMO_API_URL '${url}' is not a URL: set it like https://<customer>.kumoai.cloud/api`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new KumoApiError('unreachable', `KUMO_API_URL must be an https:// URL (got ${parsed.protocol})`);
  if (parsed.username || parsed.password)
    throw new KumoApiError('unreachable', 'KUMO_API_URL must not hold credentials: put the key in KUMO_API_KEY');
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
