import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { now, since } from '../../../client/startup/startupClock';

/** The longest scheduler tick Linux is built with (HZ=100); this machine's is 4 ms (HZ=250). */
const TICK_MS = 10;

describe("the start-up clock's thread time (client/startup/startupClock.ts)", () => {
  it("reads this thread's time on a core and in the run queue, where Linux tells it", (t) => {
    if (process.platform !== 'linux') return t.skip('Linux only (/proc/thread-self/schedstat)');
    const start = now();
    let spin = 0;
    while (performance.now() - start.wall < 30) spin++;
    const cost = since(start, now());
    assert.ok(spin > 0);
    assert.ok(cost.thread, 'no thread time on Linux');
    // The thread worked all along: some time on a core, and on a core or waiting for one no longer than the wall
    // clock passed, give or take the two readings' staleness (the kernel adds a running thread's time at its ticks).
    const slack = 2 * TICK_MS;
    assert.ok(cost.thread.run > 0, `on a core ${cost.thread.run} ms`);
    assert.ok(cost.thread.wait >= 0, `waiting ${cost.thread.wait} ms`);
    assert.ok(cost.thread.run + cost.thread.wait <= cost.wall + slack, `${JSON.stringify(cost)}`);
  });
});
