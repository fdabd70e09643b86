/**
 * Times `relgraph validate` of a prediction spec over a 10-million-row entity table and a 50-million-row
 * event table (Parquet), cold (cache cleared) and warm (a second process), against ONE hand-written DuckDB
 * query computing the same statistics in the same run. Also times the DataValidator in-process, which
 * is the data part alone. Figures and ratios only; nothing here asserts.
 *
 *   npx tsx bench/validate-scale/run.ts [--entities N] [--events M] [--no-cli]
 *
 * Data goes to bench/.data/ (gitignored) and is reused by later runs with the same sizes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { DataValidator } from '../../data/DataValidator';
import { DuckDbSession } from '../../data/DuckDbSession';
import { NodeSpecHost } from '../../data/NodeSpecHost';
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

/** The data tier alone, in this process: a fresh validator per run, like a fresh CLI process. */
async function runInProcess(specPath: string, cacheDir: string) {
  const validator = new DataValidator({ host: new NodeSpecHost(), cacheDir });
  try {
    const v = validateSpecFile(specPath, new NodeSpecHost());
    const { ms, value } = await timeAsync(() => validator.validate(v));
    return { ms, diagnostics: value, queries: validator.queriesRun };
  } finally {
    validator.dispose();
  }
}

/**
 * Bundles the CLI from the current sources exactly as `npm run build` does (esbuild, same externals),
 * into bench/.data, so the timed command is bin/relgraph.js's code without touching dist/.
 */
async function buildCli(): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(DATA_ROOT, 'cli', 'main.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'cli', 'main.ts')],
    bundle: true,
    outfile,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', 'piscina'],
    logLevel: 'warning',
  });
  const entry = path.join(DATA_ROOT, 'cli', 'relgraph.js');
  fs.writeFileSync(entry, `require(${JSON.stringify(outfile)}).main();\n`);
  return entry;
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
  let cliCold: { ms: number; diagnostics: { code: string; data?: Record<string, unknown> }[] } | undefined;
  let cliWarm: typeof cliCold;
  let cliStatic: typeof cliCold;
  if (options.cli) {
    const tmpDir = path.join(data.dir, 'tmp');
    fs.rmSync(tmpDir, { recursive: true, force: true });
    fs.mkdirSync(tmpDir, { recursive: true });
    const entry = await buildCli();
    cliCold = runCli(entry, specPath, tmpDir);
    console.log(`relgraph validate, cold (cache cleared) ${seconds(cliCold.ms)}`);
    cliWarm = runCli(entry, specPath, tmpDir);
    console.log(`relgraph validate, warm (2nd process)  ${millis(cliWarm.ms)}`);
    cliStatic = runCli(entry, specPath, tmpDir, ['--no-data']);
    console.log(`relgraph validate --no-data            ${millis(cliStatic.ms)}`);
  }

  const cacheDir = path.join(data.dir, 'cache-in-process');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const cold = await runInProcess(specPath, cacheDir);
  console.log(`DataValidator.validate, cold           ${seconds(cold.ms)} (${cold.queries} DuckDB queries)`);
  const warm = await runInProcess(specPath, cacheDir);
  console.log(`DataValidator.validate, warm           ${millis(warm.ms)} (${warm.queries} DuckDB queries)`);

  const peer2 = await runHandWritten(data);
  console.log(`hand-written single query (run 2)     ${seconds(peer2.ms)}`);
  const peer = (peer1.ms + peer2.ms) / 2;

  // The validator must have found what the peer computed: same dangling rows, same entity count.
  const dangling = cold.diagnostics.find((d) => d.code === 'dangling-foreign-keys')?.data?.danglingRows;
  console.log(
    `\ncross-check: dangling foreign keys validator=${dangling ?? 'none'} peer=${Number(peer1.row.dangling_rows)}; eligible entities at the anchor (peer) ${Number(peer1.row.eligible).toLocaleString('en-US')} of ${Number(peer1.row.entities).toLocaleString('en-US')}`,
  );
  console.log(`diagnostics: ${cold.diagnostics.map((d) => d.code).join(', ') || 'none'}\n`);

  rows.push(['hand-written query (mean of 2)', seconds(peer)]);
  rows.push(['DataValidator cold / hand-written', `${(cold.ms / peer).toFixed(2)}x (target <= 1.3x)`]);
  rows.push(['DataValidator warm (data part)', `${millis(warm.ms)} (target < 50 ms)`]);
  if (cliCold && cliWarm && cliStatic) {
    rows.push(['relgraph validate cold / hand-written', `${(cliCold.ms / peer).toFixed(2)}x (includes process start)`]);
    rows.push(['relgraph validate warm', millis(cliWarm.ms)]);
    rows.push(['  of which data part (warm - --no-data)', millis(Math.max(0, cliWarm.ms - cliStatic.ms))]);
    rows.push(['cold / warm (CLI)', `${(cliCold.ms / cliWarm.ms).toFixed(0)}x`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [key, value] of rows) console.log(`${key.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
