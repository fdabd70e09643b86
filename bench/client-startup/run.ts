// bench/client-startup: what loading the extension's two client bundles (dist/client/extension.js, read at activation,
// and dist/client/languageClientRuntime.js, right after) costs a fresh Node process, by the wall clock and in CPU
// time, with client/startup/codeCachedBundle.ts and without a code cache, against the peer: Node's plain require, which
// is how VS Code loads an extension's main module and how the language client's library was loaded before. Each load
// runs in a process of its own (a second load in the same process would find V8's in-memory cache). `--variants`
// also measures the bundles minified (whitespace and syntax; and fully), to see whether minifying pays.
// The extension host itself (code-server, in the e2e run) prints the same parts per window: test/e2e/README.md.
// Run: npx tsx bench/client-startup/run.ts [--runs 15] [--variants]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Cost } from '../../client/startup/startupClock';
import { percentile } from '../lsp-latency/stats';

const REPO = path.resolve(__dirname, '..', '..');
const DATA = path.join(REPO, 'bench', '.data', 'client-startup');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;
const BUNDLES = ['extension.js', 'languageClientRuntime.js'];
const VARIANTS: Record<string, esbuild.TransformOptions | undefined> = {
  'as built': undefined,
  ...(args.includes('--variants')
    ? {
        'minified whitespace+syntax': { minifyWhitespace: true, minifySyntax: true },
        'minified fully': { minify: true },
      }
    : {}),
};

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

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'ignore' });
  fs.rmSync(DATA, { recursive: true, force: true });
  fs.mkdirSync(DATA, { recursive: true });
  const loader = path.join(DATA, 'loadBundleOnce.js');
  await esbuild.build({
    entryPoints: [path.join(REPO, 'test', 'unit', 'client', 'loadBundleOnce.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: loader,
    logLevel: 'error',
  });
  console.log(
    `client-startup: Node ${process.version}, ${os.cpus().length} cores, load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${RUNS} fresh processes per figure: median (min-max) ms`,
  );
  for (const [variant, options] of Object.entries(VARIANTS)) {
    for (const bundle of BUNDLES) {
      const built = fs.readFileSync(path.join(REPO, 'dist', 'client', bundle), 'utf8');
      const dir = path.join(DATA, variant.replace(/\W+/g, '-'));
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, bundle);
      fs.writeFileSync(file, options ? (await esbuild.transform(built, { ...options, format: 'cjs' })).code : built);
      const cacheDir = path.join(dir, 'cache');
      // The cache the extension writes after start-up (here: after the load alone, without the client's start).
      load(loader, 'cached', file, cacheDir, 'save');
      const peer: Load[] = [];
      const absent: Load[] = [];
      const used: Load[] = [];
      for (let i = 0; i < RUNS; i++) {
        peer.push(load(loader, 'require', file));
        absent.push(load(loader, 'cached', file, path.join(dir, `empty-${i}`)));
        used.push(load(loader, 'cached', file, cacheDir));
      }
      const problems = [...absent, ...used].filter((l) => l.problem || (l.cache !== 'absent' && l.cache !== 'used'));
      if (problems.length > 0 || used.some((l) => l.cache !== 'used'))
        throw new Error(`unexpected cache states: ${JSON.stringify(problems.slice(0, 2))}`);
      console.log(`${bundle} (${variant}, ${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
      console.log(row('require (the peer)', peer));
      console.log(row('code cache absent (1st start)', absent));
      console.log(row('code cache used', used));
      const ratio = median(used.map((l) => l.cost.total.cpu)) / median(peer.map((l) => l.cost.total.cpu));
      console.log(`  code cache used / require, CPU: ${ratio.toFixed(2)}`);
    }
  }
}

void main();
