/** The scheduling a watcher needs; injected so tests step through polls without waiting. */
export interface PollTimer {
  schedule(callback: () => void, delayMs: number): unknown;
  cancel(handle: unknown): void;
}

export const REAL_TIMER: PollTimer = {
  schedule: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    handle.unref?.();
    return handle;
  },
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface PollIntervals {
  /** The first poll after a change, and after every poll that saw a change. */
  minMs: number;
  /** The interval polls back off to while nothing changes. */
  maxMs: number;
}

export const DEFAULT_POLL_INTERVALS: PollIntervals = { minMs: 1000, maxMs: 8000 };

export type WatcherState = 'idle' | 'polling' | 'disposed';

/**
 * Decides when the jobs are read again while some job is active (queued, running, cancelling).
 * File-watcher events carry most updates, but not all of them: a job whose process is killed writes
 * nothing (only a reader notices, and records it FAILED), and some file systems (network shares,
 * containers) deliver no events. So while a job is active the store is polled: every `minMs` right
 * after a change, doubling up to `maxMs` while nothing changes (a long training stage costs little).
 * With no active job there is no timer at all: an idle workspace costs nothing.
 *
 *   idle --(loaded: some job active)--> polling --(loaded: none active)--> idle
 *   polling: each load reschedules; a change resets the interval to minMs, no change doubles it
 */
export class JobStatusWatcher {
  private handle: unknown;
  private delayMs: number;
  private current: WatcherState = 'idle';

  constructor(
    private readonly poll: () => void,
    private readonly timer: PollTimer = REAL_TIMER,
    private readonly intervals: PollIntervals = DEFAULT_POLL_INTERVALS,
  ) {
    this.delayMs = intervals.minMs;
  }

  get state(): WatcherState {
    return this.current;
  }

  /** The delay of the scheduled poll; undefined when none is scheduled. */
  get scheduledDelayMs(): number | undefined {
    return this.current === 'polling' ? this.delayMs : undefined;
  }

  /** Called after every load of the jobs, whatever triggered it (a watcher event, a poll, a refresh). */
  jobsLoaded(anyActive: boolean, changed: boolean): void {
    if (this.current === 'disposed') return;
    this.clear();
    if (!anyActive) {
      this.current = 'idle';
      this.delayMs = this.intervals.minMs;
      return;
    }
    if (this.current === 'polling' && !changed) {
      this.delayMs = Math.min(this.intervals.maxMs, this.delayMs * 2);
    } else {
      this.delayMs = this.intervals.minMs;
    }
    this.current = 'polling';
    this.handle = this.timer.schedule(() => {
      this.handle = undefined;
      if (this.current === 'polling') this.poll();
    }, this.delayMs);
  }

  dispose(): void {
    this.clear();
    this.current = 'disposed';
  }

  private clear(): void {
    if (this.handle !== undefined) this.timer.cancel(this.handle);
    this.handle = undefined;
  }
}
