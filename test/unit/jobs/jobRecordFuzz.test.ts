import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliInProcess, type CliRun } from '../../helpers/cliInProcess';
import { jobsLoader } from '../client/jobFixtures';

/**
 * Issue #8's fuzz test for job records: random and mutated records (seeded, bounded in time) thrown at
 * `relgraph jobs list` and `relgraph jobs show` (the real CLI, in this process, and now and then as a child
 * process) and at the editor's reading path. Nothing may crash, hang, signal a process or delete anything
 * outside the store; every complaint about a record names its file.
 *
 * RELGRAPH_FUZZ_SEED and RELGRAPH_FUZZ_SECONDS reproduce or extend a run; a failure prints both.
 */
const SEED = Number(process.env.RELGRAPH_FUZZ_SEED ?? 20240131);
const SECONDS = Number(process.env.RELGRAPH_FUZZ_SECONDS ?? 20);
const CALL_TIMEOUT_MS = 15_000;
const REPO = path.resolve(__dirname, '../../..');

let root: string;
let ws: string;
let jobs: string;
let victim: string;
const realKill = process.kill;
const signalled: string[] = [];

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-fuzz-'));
  ws = path.join(root, 'repo');
  jobs = path.join(ws, '.relgraph', 'jobs');
  victim = path.join(root, 'victim');
  fs.mkdirSync(path.join(victim, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(victim, 'sub', 'precious.txt'), 'keep');
  // Liveness probes go through; no fuzzed record may ever get a process signalled.
  process.kill = ((pid: number, signal?: string | number) => {
    if (signal !== 0 && signal !== undefined) {
      signalled.push(`${signal} -> ${pid}`);
      return true;
    }
    if (signal === undefined) {
      signalled.push(`SIGTERM -> ${pid}`);
      return true;
    }
    return realKill.call(process, pid, signal);
  }) as typeof process.kill;
});
after(() => {
  process.kill = realKill;
  fs.rmSync(root, { recursive: true, force: true });
});

function prng(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/** Records the engine writes, to mutate: a running prediction, a finished one, a trained model. */
function seeds(id: string): Record<string, unknown>[] {
  const folder = path.join(jobs, id);
  const output = path.join(ws, 'out', 'p_predictions.csv');
  const common = {
    formatVersion: 1,
    id,
    createdAt: '2024-01-31T14:25:01.120Z',
    updatedAt: '2024-01-31T14:25:04.310Z',
    spec: { path: path.join(ws, 'p.prediction.yaml'), name: 'p', sha256: '' },
    eventLog: [{ stage: 'Predicting', at: '2024-01-31T14:25:02.000Z', detail: '3 rows' }],
    logPath: `${folder}.log`,
    artifactDir: folder,
    tags: { team: 'x' },
  };
  return [
    {
      ...common,
      kind: 'batch_prediction',
      status: 'RUNNING',
      artifacts: [],
      outputPaths: [output],
      scratchPaths: [path.join(folder, 'work'), path.join(ws, 'out', '.p_predictions.csv.tmp-7-0badcafe')],
      process: { pid: 999_999, hostname: os.hostname(), startToken: 'b:1' },
      progress: { completed: 1, total: 3 },
      commit: {
        startedAt: '2024-01-31T14:25:03.000Z',
        renames: [{ path: output, staged: path.join(ws, 'out', '.p_predictions.csv.tmp-7-0badcafe') }],
      },
    },
    {
      ...common,
      kind: 'batch_prediction',
      status: 'DONE',
      endedAt: '2024-01-31T14:25:04.310Z',
      outputPaths: [output],
      artifacts: [{ type: 'predictions', path: output, format: 'csv', files: [output], rows: 3 }],
      summary: {
        num_entities_predicted: 3,
        num_distinct_entities: 3,
        task_type: 'binary_classification',
        anchor_time: '2023-06-01T00:00:00',
        anchor_time_source: 'spec',
        score_distribution: { min: 0, p10: 0, p25: 0, p50: 0.5, p75: 1, p90: 1, max: 1, mean: 0.5 },
        binary: { threshold: 0.5, predicted_true: 1, predicted_false: 2 },
        num_workers: 1,
        timings_ms: { Predicting: 3 },
        outputs: [{ type: 'predictions', path: output, format: 'csv', files: [output], rows: 3 }],
        warnings: ['w'],
        training_job_id: 'trainingjob-20240130-000000-aaaaaa',
      },
    },
    {
      ...common,
      kind: 'training',
      status: 'DONE',
      artifacts: [
        {
          type: 'model',
          path: path.join(folder, 'model.json'),
          format: 'json',
          files: [path.join(folder, 'model.json')],
        },
      ],
      summary: {
        training_graph: { query: 'PREDICT x', taskType: 'regression', tables: [{ name: 't', columns: [] }], edges: [] },
      },
    },
  ];
}

/** Values a mutation puts somewhere: other types, hostile paths, extremes. */
function hostileValue(next: () => number): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => -1,
    () => 0,
    () => 1,
    () => 1e308,
    () => -(2 ** 53),
    () => 3.5,
    () => '',
    () => 'x'.repeat(Math.floor(next() * 200_000)),
    () => victim,
    () => path.join(victim, 'sub'),
    () => `${jobs}/../../../victim`,
    () => '/',
    () => '../../etc/passwd',
    () => '/dev/zero',
    () => 'not a date',
    () => 'RUNNING',
    () => 'bp-job-20240131-142501-3fa9c2',
    () => [],
    () => [victim],
    () => ({}),
    () => ({ pid: -1, hostname: os.hostname() }),
    () => ({ pid: 0, hostname: os.hostname() }),
    () => ({ path: victim, staged: victim }),
    () => true,
    () => '\u0000\ud800',
  ];
  return choices[Math.floor(next() * choices.length)]();
}

/** A random path of keys/indexes into a JSON value. */
function mutate(value: unknown, next: () => number, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 6 || next() < 0.25) return hostileValue(next);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as object) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || next() < 0.1) {
    (copy as Record<string, unknown>)[`extra${Math.floor(next() * 5)}`] = hostileValue(next);
    return copy;
  }
  const key = keys[Math.floor(next() * keys.length)];
  if (next() < 0.15 && !Array.isArray(copy)) delete (copy as Record<string, unknown>)[key];
  else (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], next, depth + 1);
  return copy;
}

/** The text of one fuzzed record: a mutated seed, or bytes damaged after serialising, or noise. */
function fuzzedText(id: string, next: () => number): string | Buffer {
  const base = seeds(id)[Math.floor(next() * 3)];
  const roll = next();
  if (roll < 0.6) {
    let value: unknown = base;
    for (let n = 1 + Math.floor(next() * 3); n > 0; n--) value = mutate(value, next);
    return JSON.stringify(value) ?? 'undefined';
  }
  const text = JSON.stringify(base);
  if (roll < 0.75) return text.slice(0, Math.floor(next() * text.length)); // torn
  if (roll < 0.9) {
    const bytes = Buffer.from(text);
    for (let n = 0; n < 5; n++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
    return bytes;
  }
  return Buffer.from(Array.from({ length: Math.floor(next() * 4096) }, () => Math.floor(next() * 256)));
}

function withTimeout<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung for ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function cli(...args: string[]): Promise<CliRun> {
  return withTimeout(`relgraph ${args.join(' ')}`, cliInProcess(ws, args));
}

function childList(): Promise<{ code: number | null; stderr: string }> {
  return withTimeout(
    'relgraph jobs list (child process)',
    new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO, 'bin', 'relgraph.js'), 'jobs', 'list'], {
        cwd: ws,
        env: { ...process.env, RELGRAPH_FROM_SOURCE: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.once('exit', (code) => resolve({ code, stderr }));
    }),
  );
}

const BARE_JS_ERROR = /TypeError|ReferenceError|RangeError|SyntaxError: |is not a function|Cannot read prop|\n\s+at /;

describe('fuzzed job records', () => {
  it(`seed ${SEED}, ${SECONDS} s: no crash, no hang, no signal, nothing deleted outside, every error names its file`, async () => {
    const next = prng(SEED);
    const deadline = Date.now() + SECONDS * 1000;
    let iteration = 0;
    let refused = 0;
    let children = 0;
    while (Date.now() < deadline) {
      iteration++;
      const where = `(seed ${SEED}, iteration ${iteration})`;
      fs.rmSync(path.join(ws, '.relgraph'), { recursive: true, force: true });
      fs.mkdirSync(jobs, { recursive: true });
      const ids = Array.from(
        { length: 1 + Math.floor(next() * 3) },
        (_, i) => `bp-job-20240131-1425${String(i).padStart(2, '0')}-3fa9c${i}`,
      );
      const files = ids.map((id) => {
        const file = path.join(jobs, `${id}.json`);
        fs.writeFileSync(file, fuzzedText(id, next));
        return file;
      });

      const list = await cli('jobs', 'list');
      assert.equal(list.code, 0, `jobs list ${where}: ${list.stderr}`);
      for (const line of list.stderr.split('\n').filter(Boolean)) {
        assert.ok(
          files.some((f) => line.includes(path.relative(ws, f))),
          `jobs list ${where}: ${line}`,
        );
        refused++;
      }
      assert.doesNotMatch(list.stdout + list.stderr, BARE_JS_ERROR, where);

      for (const [i, id] of ids.entries()) {
        const show = await cli('jobs', 'show', id, ...(next() < 0.5 ? ['--json'] : []));
        assert.ok(show.code === 0 || show.code === 1, `jobs show ${where}: exit ${show.code} ${show.stderr}`);
        if (show.code === 1) assert.ok(show.stderr.includes(files[i]), `jobs show ${where}: ${show.stderr}`);
        assert.doesNotMatch(show.stdout + show.stderr, BARE_JS_ERROR, `jobs show ${where}`);
      }

      const snapshot = await jobsLoader([ws]).load();
      for (const problem of snapshot.problems)
        assert.ok(files.includes(problem.file), `editor ${where}: ${problem.file}`);

      if (iteration % 40 === 0 && children < 3) {
        children++;
        const child = await childList();
        assert.equal(child.code, 0, `child jobs list ${where}: ${child.stderr}`);
        assert.doesNotMatch(child.stderr, BARE_JS_ERROR, where);
      }
      assert.equal(fs.readFileSync(path.join(victim, 'sub', 'precious.txt'), 'utf8'), 'keep', `victim ${where}`);
      assert.deepEqual(signalled, [], `signals ${where}`);
    }
    assert.ok(iteration >= 20, `only ${iteration} iterations in ${SECONDS} s`);
    assert.ok(refused > 0, 'the fuzzer produced records the parser refuses');
    console.log(
      `job record fuzz: seed ${SEED}, ${iteration} iterations, ${refused} records refused, ${children} child runs`,
    );
  });
});
