/**
 * Times `relgraph validate` of a prediction spec over a 10-million-row entity table and a 50-million-row
 * event table (Parquet), cold (cache cleared) and warm (a second process), against ONE hand-written DuckDB
 * query computing the same statistics in the same run. The data tier alone is timed in fresh processes
 * too (dataTierProbe.ts), cold and warm. Figures and ratios only; nothing here asserts.
 *
 *   npx tsx bench/validate-scale/run.ts [--entities N] [--events M] [--no-cli]
 *
 * Data goes to bench/.data/ (gitignored) and is reused by later runs with the same sizes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDbSession } from '../../data/DuckDbSession';
import { ensureBenchData, type BenchData } from './benchData';
import { handWrittenStatisticsSql } from './handWrittenQuery';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA_ROOT = path.join(ROOT, 'bench', '.data');

interface Options {
  entities: number;
  events: number;
  cli: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { entities: 10_000_000, events: 50_000_000, cli: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--entities') options.entities = Number(argv[++i]);
    else if (arg === '--events') options.events = Number(argv[++i]);
    else if (arg === '--no-cli') options.cli = false;
    else throw new Error(`unknown argument '${arg}'`);
  }
  if (!(options.entities > 0 && options.events > 0)) throw new Error('--entities and --events must be positive');
  return options;
}

async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function runHandWritten(data: BenchData): Promise<{ ms: number; row: Record<string, unknown> }> {
  const session = await DuckDbSession.open();
  try {
    const { ms, value } = await timeAsync(() => session.rows(handWrittenStatisticsSql(data)));
    return { ms, row: value[0] };
  } finally {
    session.close();
  }
}

interface ProbeResult {
  ms: number;
  queries: number;
  codes: string[];
  danglingRows: number | null;
}

/** The data tier alone, in a fresh process (see dataTierProbe.ts). */
function runProbe(probe: string, specPath: string, cacheDir: string): ProbeResult {
  const result = spawnSync(process.execPath, [probe, specPath, cacheDir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`data tier probe failed: ${result.stderr.slice(0, 500)}`);
  return JSON.parse(result.stdout) as ProbeResult;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Bundles the CLI and the probe from the current sources as `npm run build` does (esbuild, same
 * externals) into bench/.data, so the timed code is bin/relgraph.js's code without touching dist/.
 */
async function buildBundles(): Promise<{ cli: string; probe: string }> {
  const esbuild = await import('esbuild');
  const outdir = path.join(DATA_ROOT, 'bundles');
  await esbuild.build({
    entryPoints: { main: path.join(ROOT, 'cli', 'main.ts'), probe: path.join(__dirname, 'dataTierProbe.ts') },
    bundle: true,
    outdir,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', 'piscina'],
    logLevel: 'warning',
  });
  const cli = path.join(outdir, 'relgraph.js');
  fs.writeFileSync(cli, `require(${JSON.stringify(path.join(outdir, 'main.js'))}).main();\n`);
  return { cli, probe: path.join(outdir, 'probe.js') };
}

/** One `relgraph validate` process; TMPDIR points the CLI's default cache into the bench folder. */
function runCli(entry: string, specPath: string, tmpDir: string, extra: string[] = []) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [entry, 'validate', specPath, '--format', 'json', ...extra], {
    env: { ...process.env, TMPDIR: tmpDir },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`relgraph validate exited with ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  const report = JSON.parse(result.stdout) as {
    files: { diagnostics: { code: string; data?: Record<string, unknown> }[] }[];
  };
  return { ms, diagnostics: report.files.flatMap((f) => f.diagnostics) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const data = await ensureBenchData(DATA_ROOT, options.entities, options.events);
  const specPath = path.join(data.dir, 'bench.prediction.yaml');
  const sizes = [data.users, data.events].map(
    (f) => `${path.basename(f)} ${(fs.statSync(f).size / 1e6).toFixed(0)} MB`,
  );
  console.log(
    `data: ${options.entities.toLocaleString('en-US')} users, ${options.events.toLocaleString('en-US')} events (${sizes.join(', ')})`,
  );
  console.log(`spec: ${path.relative(ROOT, specPath)}\n`);

  const peer1 = await runHandWritten(data);
  console.log(`hand-written single query (run 1)     ${seconds(peer1.ms)}`);

  const rows: [string, string][] = [];
  const bundles = await buildBundles();
  let cli: { cold: number; warm: number; noData: number } | undefined;
  if (options.cli) {
    const tmpDir = path.join(data.dir, 'tmp');
    fs.rmSync(tmpDir, { recursive: true, force: true });
    fs.mkdirSync(tmpDir, { recursive: true });
    const cold = runCli(bundles.cli, specPath, tmpDir);
    console.log(`relgraph validate, cold (cache cleared) ${seconds(cold.ms)}`);
    const warm = runCli(bundles.cli, specPath, tmpDir);
    console.log(`relgraph validate, warm (2nd process)  ${millis(warm.ms)}`);
    const noData = runCli(bundles.cli, specPath, tmpDir, ['--no-data']);
    console.log(`relgraph validate --no-data            ${millis(noData.ms)}`);
    cli = { cold: cold.ms, warm: warm.ms, noData: noData.ms };
  }

  const cacheDir = path.join(data.dir, 'cache-probe');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const cold = runProbe(bundles.probe, specPath, cacheDir);
  console.log(`data tier, cold (fresh process)        ${seconds(cold.ms)} (${cold.queries} DuckDB queries)`);
  const warmRuns = Array.from({ length: 5 }, () => runProbe(bundles.probe, specPath, cacheDir));
  const warm = median(warmRuns.map((r) => r.ms));
  console.log(
    `data tier, warm (5 fresh processes)    median ${millis(warm)} [${warmRuns.map((r) => r.ms.toFixed(1)).join(', ')}] (${warmRuns[0].queries} DuckDB queries)`,
  );

  const peer2 = await runHandWritten(data);
  console.log(`hand-written single query (run 2)     ${seconds(peer2.ms)}`);
  const peer = (peer1.ms + peer2.ms) / 2;

  // The validator must have found what the peer computed.
  console.log(
    `\ncross-check: dangling foreign-key rows validator=${cold.danglingRows ?? 'none'} peer=${Number(peer1.row.dangling_rows)}; ` +
      `eligible entities at the anchor (peer) ${Number(peer1.row.eligible)} of ${Number(peer1.row.entities)}`,
  );
  console.log(`diagnostics: ${cold.codes.join(', ') || 'none'}\n`);

  rows.push(['hand-written query (mean of 2)', seconds(peer)]);
  rows.push(['data tier cold / hand-written', `${(cold.ms / peer).toFixed(2)}x (target <= 1.3x)`]);
  rows.push(['data tier warm, fresh process', `${millis(warm)} (target < 50 ms)`]);
  rows.push(['data tier cold / warm', `${(cold.ms / warm).toFixed(0)}x`]);
  if (cli) {
    rows.push([
      'relgraph validate cold / hand-written',
      `${(cli.cold / peer).toFixed(2)}x (includes process start and static checks)`,
    ]);
    rows.push(['relgraph validate warm', `${millis(cli.warm)} (--no-data: ${millis(cli.noData)})`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [key, value] of rows) console.log(`${key.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
