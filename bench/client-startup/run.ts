// bench/client-startup: what loading the extension's two client bundles (dist/client/extension.js, read at activation,
// and dist/client/languageClientRuntime.js, right after) costs a fresh Node process, by the wall clock and in CPU
// time, with client/startup/codeCachedBundle.ts and without a code cache, against the peer: Node's plain require, which
// is how VS Code loads an extension's main module and how the language client's library was loaded before. Each load
// runs in a process of its own (a second load in the same process would find V8's in-memory cache). `--variants`
// also measures them unminified (esbuild.mjs --no-minify) and fully minified, to see what minifying pays.
// The extension host itself (code-server, in the e2e run) prints the same parts per window: test/e2e/README.md.
// Run: npx tsx bench/client-startup/run.ts [--runs 15] [--variants]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Cost } from '../../client/startup/startupClock';
import { buildLoadBundleOnce } from '../../test/unit/client/loadBundleOnceBuild';
import { percentile } from '../lsp-latency/stats';

const REPO = path.resolve(__dirname, '..', '..');
const DATA = path.join(REPO, 'bench', '.data', 'client-startup');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;
const BUNDLES = ['extension.js', 'languageClientRuntime.js'];
const VARIANTS = args.includes('--variants');
/** What test/unit/client/loadBundleOnce.ts prints. */
interface Load {
  cost: { total: Cost; read?: Cost; compile?: Cost; run?: Cost };
  cache?: string;
  problem?: string;
}

function load(loader: string, ...loadArgs: string[]): Load {
  const out = execFileSync(process.execPath, [loader, ...loadArgs], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Load;
}

const median = (xs: number[]) => percentile(xs, 50);
const fmt = (xs: number[]) =>
  `${median(xs).toFixed(1).padStart(6)} (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`;

function row(name: string, loads: Load[]): string {
  const wall = loads.map((l) => l.cost.total.wall);
  const cpu = loads.map((l) => l.cost.total.cpu);
  const part = (key: 'read' | 'compile' | 'run') =>
    loads[0].cost[key] ? median(loads.map((l) => l.cost[key]?.cpu ?? NaN)).toFixed(1) : '-';
  return `  ${name.padEnd(28)} wall ${fmt(wall)}  CPU ${fmt(cpu)}  CPU read/compile/run ${part('read')}/${part('compile')}/${part('run')}`;
}

/** One bundle file to measure, with its code cache made, and its loads. */
interface Subject {
  name: string;
  file: string;
  dir: string;
  cacheDir: string;
  peer: Load[];
  absent: Load[];
  used: Load[];
}

function build(...flags: string[]): void {
  execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs'), ...flags], { cwd: REPO, stdio: 'ignore' });
}

/** The bundles of dist/client (as `variant`, transformed by `options`), each with the cache a first start writes. */
async function subjects(loader: string, variant: string, options?: esbuild.TransformOptions): Promise<Subject[]> {
  const dir = path.join(DATA, variant.replace(/\W+/g, '-'));
  fs.mkdirSync(dir, { recursive: true });
  const made: Subject[] = [];
  for (const bundle of BUNDLES) {
    const built = fs.readFileSync(path.join(REPO, 'dist', 'client', bundle), 'utf8');
    const file = path.join(dir, bundle);
    fs.writeFileSync(file, options ? (await esbuild.transform(built, { ...options, format: 'cjs' })).code : built);
    const cacheDir = path.join(dir, 'cache');
    // The cache the extension writes after start-up (here: after the load alone, without the client's start).
    load(loader, 'cached', file, cacheDir, 'save');
    const name = `${bundle} (${variant}, ${(fs.statSync(file).size / 1024).toFixed(0)} KB)`;
    made.push({ name, file, dir, cacheDir, peer: [], absent: [], used: [] });
  }
  return made;
}

async function main(): Promise<void> {
  build();
  fs.rmSync(DATA, { recursive: true, force: true });
  fs.mkdirSync(DATA, { recursive: true });
  const loader = path.join(DATA, 'loadBundleOnce.js');
  await buildLoadBundleOnce(loader);
  console.log(
    `client-startup: Node ${process.version}, ${os.cpus().length} cores, load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${RUNS} fresh processes per figure: median (min-max) ms`,
  );
  const measured: Subject[] = [];
  if (VARIANTS) {
    // The client's bundles as esbuild builds them in watch mode, and fully minified (identifiers too).
    build('--no-minify');
    measured.push(...(await subjects(loader, 'unminified')));
    measured.push(...(await subjects(loader, 'minified fully', { minify: true })));
    build();
  }
  measured.unshift(...(await subjects(loader, 'as built')));
  // Round after round over every subject, so that a change in the machine's load falls on all of them alike.
  for (let i = 0; i < RUNS; i++) {
    for (const subject of measured) {
      subject.peer.push(load(loader, 'require', subject.file));
      subject.absent.push(load(loader, 'cached', subject.file, path.join(subject.dir, `empty-${i}`)));
      subject.used.push(load(loader, 'cached', subject.file, subject.cacheDir));
    }
  }
  for (const { name, peer, absent, used } of measured) {
    const problems = [...absent, ...used].filter((l) => l.problem || (l.cache !== 'absent' && l.cache !== 'used'));
    if (problems.length > 0 || used.some((l) => l.cache !== 'used'))
      throw new Error(`unexpected cache states: ${JSON.stringify(problems.slice(0, 2))}`);
    console.log(name);
    console.log(row('require (the peer)', peer));
    console.log(row('code cache absent (1st start)', absent));
    console.log(row('code cache used', used));
    const ratio = median(used.map((l) => l.cost.total.cpu)) / median(peer.map((l) => l.cost.total.cpu));
    console.log(`  code cache used / require, CPU: ${ratio.toFixed(2)}`);
  }
}

void main();
