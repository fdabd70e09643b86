/**
 * How the Kumo client retries, mirroring Kumo's own SDK (kumo-semantics.md §1.1: urllib3 `Retry(total=10,
 * connect=3, read=3, status=5, status_forcelist=[408, 429, 500, 502, 503, 504], backoff_factor=2.0)`):
 * each kind of failure has its own budget, all share the total, and the wait doubles from `backoffMs`
 * (2 s, 4 s, 8 s, ... up to `maxBackoffMs`), or is what the server's Retry-After asks (429/503).
 */
export interface RetryPolicy {
  total: number;
  connect: number;
  read: number;
  status: number;
  backoffMs: number;
  maxBackoffMs: number;
}

export const KUMO_SDK_RETRY: RetryPolicy = {
  total: 10,
  connect: 3,
  read: 3,
  status: 5,
  backoffMs: 2000,
  maxBackoffMs: 120_000,
};

export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Statuses that mean the server did not act on the request, so even a request that creates something
 * (a prediction job, an export) can be sent again without creating it twice.
 */
export const NOT_ACTED_ON_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export type FailureKind = 'connect' | 'read' | 'status';

export class RetryBudget {
  private readonly used = { connect: 0, read: 0, status: 0 };
  private attempts = 0;

  constructor(private readonly policy: RetryPolicy) {}

  /** Counts a failure; true when one more attempt is allowed. */
  allow(kind: FailureKind): boolean {
    this.used[kind]++;
    this.attempts++;
    return this.used[kind] <= this.policy[kind] && this.attempts <= this.policy.total;
  }

  /** urllib3's exponential backoff for the retry about to be made, or the server's Retry-After. */
  delayMs(retryAfter?: string | null): number {
    const asked = parseRetryAfter(retryAfter);
    if (asked !== undefined) return Math.min(asked, this.policy.maxBackoffMs);
    const exponent = Math.max(0, this.attempts - 1);
    return Math.min(this.policy.backoffMs * 2 ** exponent, this.policy.maxBackoffMs);
  }
}

/** `Retry-After: <seconds>` or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
