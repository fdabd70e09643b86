import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCodeCachedBundle } from '../../../client/startup/codeCachedBundle';
import { StartupCost } from '../../../client/startup/StartupCost';
import type { Instant } from '../../../client/startup/startupClock';
import { tempDir } from './jobFixtures';

const SUMMARY = path.resolve(__dirname, '../../e2e/lib/startupCostSummary.mjs');
const work = tempDir('startup-cost');
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** A real load of a small bundle, whose measured cost the record adds where it belongs. */
function loadedBundle(name: string) {
  const file = path.join(work, name);
  fs.writeFileSync(file, `exports.name = ${JSON.stringify(name)};\n`);
  return loadCodeCachedBundle(file, undefined);
}

const at = (wall: number, cpu: number, run?: number, wait?: number): Instant =>
  run === undefined || wait === undefined ? { wall, cpu } : { wall, cpu, thread: { run, wait } };
/** Linux tells a thread's time (/proc/thread-self/schedstat); the real loads below then carry it too. */
const THREAD_TIME = loadedBundle('probe.js').cost.total.thread !== undefined;

/** The three lines of one start-up whose activation began at `t` (ms), as a Relgraph log holds them. */
function startupLines(t: number): string[] {
  const cost = new StartupCost(at(t, 100, 0, 0), at(t + 1, 101, 1, 0), at(t + 41, 110, 9, 1));
  const extension = loadedBundle(`extension-${t}.js`);
  cost.extensionBundleLoaded(extension);
  const load = extension.cost.total;
  const { run = 0, wait = 0 } = load.thread ?? {};
  const activated = cost.activated(at(t + 41 + load.wall + 10, 110 + load.cpu + 8, 9 + run + 8, 1 + wait + 2));
  const library = loadedBundle(`runtime-${t}.js`);
  const lib = library.cost.total;
  // The deferred load begins 30 ms after activation (other work), loads the library, creates the client in 5 ms.
  const begun = at(t + 41 + load.wall + 40, 200, 40, 5);
  const { run: libRun = 0, wait: libWait = 0 } = lib.thread ?? {};
  const started = at(begun.wall + lib.wall + 5, 200 + lib.cpu + 4, 40 + libRun + 4, 5 + libWait + 1);
  const lines = cost.clientStarted(library, begun, started, 30);
  return [activated, ...lines];
}

describe('the start-up cost lines (client/startup/StartupCost.ts) and the e2e summary that reads them', () => {
  it('counts the entry, the bundle loads, activate() and the client start; not VS Code or other work between', () => {
    const cost = new StartupCost(at(0, 100), at(1, 100.5), at(41, 110));
    const extension = loadedBundle('extension.js');
    cost.extensionBundleLoaded(extension);
    const { total: load } = extension.cost;
    const activated = cost.activated(at(41 + load.wall + 10, 110 + load.cpu + 8));
    const activation = { wall: 1 + load.wall + 10, cpu: 0.5 + load.cpu + 8 };
    assert.ok(activated.startsWith(`Relgraph activated in ${activation.wall.toFixed(1)} ms `), activated);
    assert.match(activated, new RegExp(`\\(CPU ${activation.cpu.toFixed(1)} ms\\)`));
    assert.match(activated, / activate\(\) 10\.0 ms;/);
    assert.match(activated, /VS Code's own work between the entry module and activate\(\) 40\.0 ms, not counted/);
    assert.match(activated, /code cache off/);

    const library = loadedBundle('languageClientRuntime.js');
    const { total: lib } = library.cost;
    const [client, startup] = cost.clientStarted(library, at(500, 300), at(500 + lib.wall + 5, 300 + lib.cpu + 4), 30);
    assert.ok(client.startsWith(`Relgraph language client loaded after activation in ${(lib.wall + 5).toFixed(1)}`));
    assert.match(client, /creating and starting the client 5\.0 ms; it began 30\.0 ms after activate\(\) asked for it/);
    const all = { wall: activation.wall + lib.wall + 5, cpu: activation.cpu + lib.cpu + 4 };
    assert.ok(
      startup.startsWith(`Relgraph start-up cost: ${all.wall.toFixed(1)} ms wall, ${all.cpu.toFixed(1)} ms CPU (`),
      startup,
    );
    assert.match(startup, /code caches: extension bundle off, language client library off\)$/);
  });

  it("adds the extension host's thread's time on a core and waiting for one, where Linux tells it", (t) => {
    if (!THREAD_TIME) return t.skip('no thread times on this system');
    const cost = new StartupCost(at(0, 100, 10, 1), at(1, 100.5, 10.5, 1.1), at(41, 110, 12, 3));
    const extension = loadedBundle('extension-threads.js');
    cost.extensionBundleLoaded(extension);
    const load = extension.cost.total;
    cost.activated(at(41 + load.wall + 10, 118 + load.cpu, 12 + load.thread!.run + 6, 3 + load.thread!.wait + 2));
    const library = loadedBundle('runtime-threads.js');
    const lib = library.cost.total;
    const started = at(500 + lib.wall + 5, 304 + lib.cpu, 50 + lib.thread!.run + 3, 9 + lib.thread!.wait + 1);
    const [, startup] = cost.clientStarted(library, at(500, 300, 50, 9), started, 30);
    const run = 0.5 + load.thread!.run + 6 + lib.thread!.run + 3;
    const wait = 0.1 + load.thread!.wait + 2 + lib.thread!.wait + 1;
    assert.match(
      startup,
      new RegExp(`the extension host's thread ${run.toFixed(1)} ms on a core, ${wait.toFixed(1)} ms waiting for one;`),
    );
  });

  it('is printed by the e2e summary per host, with min, median and max, and a host without it fails', () => {
    const run = path.join(work, 'run');
    const hosts: [string, string[]][] = [
      ['user/logs/20261207T000000/exthost1', startupLines(1000)],
      // As a start with both code caches there logs it (the loads here have no cache folder).
      ['user/logs/20261207T000000/exthost2', startupLines(2000).map((l) => l.replace(/ off\b/g, ' used'))],
      ['user-restricted/logs/20261207T000100/exthost1', startupLines(3000)],
    ];
    for (const [host, lines] of hosts) {
      const dir = path.join(run, host, 'relgraph.relgraph');
      fs.mkdirSync(dir, { recursive: true });
      const logged = lines.map((l) => `2026-12-07 00:00:00.000 [info] ${l}`);
      fs.writeFileSync(path.join(dir, 'Relgraph.log'), ['[info] Language server: starting', ...logged, ''].join('\n'));
    }
    const printed = execFileSync(process.execPath, [SUMMARY, run], { encoding: 'utf8' });
    for (const label of ['user/exthost1', 'user/exthost2', 'user-restricted/exthost1'])
      assert.match(printed, new RegExp(`^  ${label}: [\\d.]+ ms wall, [\\d.]+ ms CPU \\(activation`, 'm'));
    assert.match(printed, /all hosts \(3\): wall min [\d.]+ ms, median [\d.]+ ms, max [\d.]+ ms; CPU min/);
    assert.match(printed, /at or over 150 ms \(issue 11\): wall 0 of 3, CPU 0 of 3/);
    if (THREAD_TIME) {
      assert.match(printed, /the extension host's thread on a core min [\d.]+ ms, median [\d.]+ ms, max/);
      assert.match(printed, /CPU 0 of 3, the thread on a core 0 of 3/);
    }
    assert.match(printed, /hosts whose code caches were used \(1\): wall min/);
    assert.match(printed, /^E2E-RESULT pass startup: each of the 3 extension hosts/m);

    // A host that activated Relgraph but never logged what its start-up cost (the client never loaded) fails.
    const third = path.join(run, hosts[2][0], 'relgraph.relgraph', 'Relgraph.log');
    fs.writeFileSync(third, `[info] ${hosts[2][1][0]}\n`);
    const failed = execFileSync(process.execPath, [SUMMARY, run], { encoding: 'utf8' });
    assert.match(
      failed,
      /^E2E-RESULT fail startup: activated without logging the start-up cost: user-restricted\/exthost1/m,
    );
  });
});
