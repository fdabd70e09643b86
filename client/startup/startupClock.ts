/**
 * A moment, by the wall clock and by the CPU time the extension host's process has used: on a loaded machine the wall
 * clock also counts the time the process waited for a core, which the CPU time does not. The CPU time is the whole
 * process's (all its threads: V8's compiler and garbage collector helpers, and whatever another extension's thread
 * does meanwhile), so it can exceed the wall time.
 */
export interface Instant {
  wall: number;
  cpu: number;
}

/** The time between two instants, by the wall clock and in CPU time, in milliseconds. */
export interface Cost {
  wall: number;
  cpu: number;
}

export function now(): Instant {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

export function since(start: Instant, end: Instant): Cost {
  return { wall: end.wall - start.wall, cpu: end.cpu - start.cpu };
}

export function total(costs: Cost[]): Cost {
  return costs.reduce((sum, cost) => ({ wall: sum.wall + cost.wall, cpu: sum.cpu + cost.cpu }), { wall: 0, cpu: 0 });
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
