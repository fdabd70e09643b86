/**
 * Runs work per key at most once per interval, on the leading edge: the first request after a quiet
 * period runs on the next turn of the event loop (so edits that arrived in the same batch coalesce),
 * and requests during the interval collapse into one run at its end. Unlike a trailing debounce, a
 * single edit is validated at once, while a burst of typing still costs one run per interval.
 */
export class KeyedThrottle<K> {
  private readonly lastRun = new Map<K, number>();
  private readonly timers = new Map<K, { cancel(): void }>();

  constructor(
    private readonly intervalMs: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  schedule(key: K, run: () => void): void {
    if (this.timers.has(key)) return;
    const wait = Math.max(0, (this.lastRun.get(key) ?? -Infinity) + this.intervalMs() - this.now());
    const fire = () => {
      this.timers.delete(key);
      this.lastRun.set(key, this.now());
      run();
    };
    if (wait === 0) {
      const handle = setImmediate(fire);
      this.timers.set(key, { cancel: () => clearImmediate(handle) });
    } else {
      const handle = setTimeout(fire, wait);
      this.timers.set(key, { cancel: () => clearTimeout(handle) });
    }
  }

  /** Drops a pending run (the caller is about to run the work itself, or the key went away). */
  cancel(key: K): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  /** Forgets a key entirely (its document closed). */
  forget(key: K): void {
    this.cancel(key);
    this.lastRun.delete(key);
  }

  /** Marks a run done outside the throttle, so the next scheduled run waits a full interval. */
  markRun(key: K): void {
    this.lastRun.set(key, this.now());
  }

  get pendingCount(): number {
    return this.timers.size;
  }
}
