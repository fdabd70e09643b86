import * as fs from 'node:fs';

/**
 * A moment, by the wall clock, by the CPU time the extension host's process has used, and (where Linux tells it) by
 * the time this thread, the extension host's, has run on a core and waited for one. On a loaded machine the wall
 * clock also counts the time the thread waited for a core. The process's CPU time is all its threads' (V8's compiler
 * and garbage collector helpers, libuv's pool doing file work for any extension), so it can exceed the wall time;
 * the thread's own time is what Relgraph's code kept the extension host busy, and what others waited for.
 */
export interface Instant {
  wall: number;
  cpu: number;
  thread?: ThreadTime;
}

/** The time between two instants, by the wall clock and in CPU time, in milliseconds. */
export interface Cost {
  wall: number;
  cpu: number;
  /** Absent where the system does not tell a thread's time (not Linux). */
  thread?: ThreadTime;
}

/**
 * The thread's time on a core and waiting in the run queue for one (Linux's schedstat), in milliseconds. The kernel
 * adds a running thread's time on a core at its scheduler ticks (4 ms apart here, HZ=250), so a reading can be up to
 * a tick behind; the waits are exact (added as the thread gets its core).
 */
export interface ThreadTime {
  run: number;
  wait: number;
}

/** /proc/thread-self/schedstat, opened by the first now() (the extension host's thread); null where there is none. */
let schedstat: number | null | undefined;
const schedstatText = Buffer.alloc(80);

/** Read with one pread of a file kept open: 10 µs, where opening it each time took 250 µs on this machine. */
function threadTime(): ThreadTime | undefined {
  if (schedstat === undefined) {
    try {
      schedstat = fs.openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      schedstat = null;
    }
  }
  if (schedstat === null) return undefined;
  try {
    const length = fs.readSync(schedstat, schedstatText, 0, schedstatText.length, 0);
    const [run, wait] = schedstatText.toString('latin1', 0, length).split(' ').map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { run: run / 1e6, wait: wait / 1e6 } : undefined;
  } catch {
    return undefined;
  }
}

export function now(): Instant {
  const thread = threadTime();
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000, thread };
}

export function since(start: Instant, end: Instant): Cost {
  return difference(end, start);
}

/** What `cost` took besides `part` of it. */
export function minus(cost: Cost, part: Cost): Cost {
  return difference(cost, part);
}

/** `a - b`, part by part; the thread's time only when both have it. */
function difference(a: Instant | Cost, b: Instant | Cost): Cost {
  const thread =
    a.thread && b.thread ? { run: a.thread.run - b.thread.run, wait: a.thread.wait - b.thread.wait } : undefined;
  return { wall: a.wall - b.wall, cpu: a.cpu - b.cpu, thread };
}

export function total(costs: Cost[]): Cost {
  const threads = costs.map((c) => c.thread);
  const thread = threads.every((t) => t !== undefined)
    ? { run: sum(threads.map((t) => t.run)), wait: sum(threads.map((t) => t.wait)) }
    : undefined;
  return { wall: sum(costs.map((c) => c.wall)), cpu: sum(costs.map((c) => c.cpu)), thread };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export const ms = (value: number) => `${value.toFixed(1)} ms`;
