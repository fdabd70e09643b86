// Prints what Relgraph cost each extension host of an e2e run at start-up, from the lines client/startup/StartupCost.ts
// writes to each host's Relgraph log, and a summary over the hosts (min, median, max; wall clock and CPU time).
// Printed, never asserted against a figure: the one check is that every host that activated Relgraph logged its cost.
//   node test/e2e/lib/startupCostSummary.mjs RUN_DIR   (the run's session folder: user*/logs/*/exthost*/...)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** issue 11: "Activation adds under 150 ms"; each host's total is compared with it, wall and CPU apart. */
const BOUND_MS = 150;
const COST = /Relgraph start-up cost: ([\d.]+) ms wall, ([\d.]+) ms CPU \(/;
/** A start whose two bundles were compiled from their code caches (client/startup/codeCachedBundle.ts). */
const CACHED = /code caches: extension bundle used, language client library used\)$/;
/** Where Linux tells it: the extension host's thread's own time on a core, and waiting in the run queue for one. */
const THREAD = /the extension host's thread ([\d.]+) ms on a core, ([\d.]+) ms waiting for one/;

/** Every Relgraph log of the run, in the order the windows opened: [label, file]. */
function relgraphLogs(run) {
  const logs = [];
  for (const user of readdirSync(run)
    .filter((d) => /^user(-[a-z]+)?$/.test(d))
    .sort()) {
    const sessions = join(run, user, 'logs');
    if (!existsSync(sessions)) continue;
    for (const session of readdirSync(sessions).sort()) {
      const hosts = readdirSync(join(sessions, session)).filter((d) => /^exthost\d+$/.test(d));
      hosts.sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
      for (const host of hosts) {
        const file = join(sessions, session, host, 'relgraph.relgraph', 'Relgraph.log');
        if (existsSync(file)) logs.push([`${user}/${host}`, file]);
      }
    }
  }
  return logs;
}

const line = (text, prefix) =>
  text
    .split('\n')
    .find((l) => l.includes(prefix))
    ?.replace(/^.*?\] /, '');
const ms = (value) => `${value.toFixed(1)} ms`;

function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return `min ${ms(sorted[0])}, median ${ms(median)}, max ${ms(sorted[sorted.length - 1])}`;
}

function summary(hosts, what) {
  const n = hosts.length;
  const over = (key) => `${hosts.filter((h) => h[key] >= BOUND_MS).length} of ${n}`;
  const threads = hosts.every((h) => h.run !== undefined);
  return (
    `${what} (${n}): wall ${spread(hosts.map((h) => h.wall))}; CPU ${spread(hosts.map((h) => h.cpu))}\n` +
    (threads
      ? `    the extension host's thread on a core ${spread(hosts.map((h) => h.run))}; ` +
        `waiting for one ${spread(hosts.map((h) => h.wait))}\n`
      : '') +
    `    at or over ${BOUND_MS} ms (issue 11): wall ${over('wall')}, CPU ${over('cpu')}` +
    (threads ? `, the thread on a core ${over('run')}` : '')
  );
}

const run = process.argv[2];
const hosts = [];
const missing = [];
console.log('start-up cost, per extension host of this run (what Relgraph cost it; client/startup/StartupCost.ts):');
for (const [label, file] of relgraphLogs(run)) {
  const text = readFileSync(file, 'utf8');
  const activated = line(text, 'Relgraph activated in ');
  if (!activated) continue;
  const cost = line(text, 'Relgraph start-up cost: ');
  const match = cost && COST.exec(cost);
  if (!match) {
    missing.push(label);
    console.log(`  ${label}: activated, but no start-up cost line\n      ${activated}`);
    continue;
  }
  const [, wall, cpu] = match;
  const thread = THREAD.exec(cost);
  const [run, wait] = thread ? [Number(thread[1]), Number(thread[2])] : [];
  hosts.push({ wall: Number(wall), cpu: Number(cpu), run, wait, cached: CACHED.test(cost) });
  console.log(`  ${label}: ${cost.replace('Relgraph start-up cost: ', '')}`);
  console.log(`      ${activated}`);
  console.log(`      ${line(text, 'Relgraph language client loaded after activation in ')}`);
}
if (hosts.length > 0) {
  console.log(summary(hosts, '  all hosts'));
  const cached = hosts.filter((h) => h.cached);
  if (cached.length > 0 && cached.length < hosts.length)
    console.log(summary(cached, '  hosts whose code caches were used'));
}
if (hosts.length === 0) console.log("E2E-RESULT fail startup: no extension host logged 'Relgraph start-up cost'");
else if (missing.length > 0)
  console.log(`E2E-RESULT fail startup: activated without logging the start-up cost: ${missing.join(', ')}`);
else console.log(`E2E-RESULT pass startup: each of the ${hosts.length} extension hosts logged what Relgraph cost it`);
