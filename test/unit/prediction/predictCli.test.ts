import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliInProcess, type CliRun } from '../../helpers/cliInProcess';
import { ShopWorkspace } from './shopFixture';

let ws: ShopWorkspace;
const repo = path.resolve(__dirname, '../../..');

before(async () => {
  ws = ShopWorkspace.create();
  await ws.train('binary');
});
after(() => ws.remove());

function cli(...args: string[]): Promise<CliRun> {
  return cliInProcess(ws.dir, args);
}

function dnfSpec(name: string, extra: string[] = []): string {
  return ws.predictionSpec(name, [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'output_types: [predictions, embeddings]',
    'destination:',
    '  type: local',
    `  path: out/${name}/{{PARTITION}}.parquet`,
    'num_workers: 2',
    ...extra,
  ]);
}

describe('relgraph predict / jobs / predictions / export', () => {
  let jobId: string;

  it('predict runs the job and prints the summary, outputs and first rows', async () => {
    dnfSpec('dnf');
    const { code, stdout, stderr } = await cli('predict', 'dnf.prediction.yaml', '--head', '3');
    assert.equal(code, 0, stderr);
    jobId = /^(bp-job-\S+):/m.exec(stderr)![1];
    assert.match(stderr, /Predicting: 203 rows on 2 workers/);
    assert.match(stdout, new RegExp(`^DONE ${jobId} in `));
    assert.match(stdout, /entities predicted: 203 +anchor time: 2023-06-01 00:00:00 \(spec\)/);
    assert.match(stdout, /TRUE_PROB: min .* p50 .* max /);
    assert.match(stdout, /timings: Loading model \d+ ms, .*Writing outputs \d+ ms; peak memory \d+ MB\n/);
    assert.match(
      stdout,
      /predictions +parquet +203 rows +out\/dnf_predictions \(2 files: part_000.parquet, part_001.parquet\)/,
    );
    assert.match(stdout, /embeddings +parquet +203 rows +out\/dnf_embeddings/);
    assert.match(
      stdout,
      /First 3 of 203 prediction rows:\nENTITY +ANCHOR_TIMESTAMP +TARGET_PRED +FALSE_PROB +TRUE_PROB\n/,
    );
  });

  it('predict reads each CSV once: the job runs on the rows its validation read, with the output a read of the files gives', async () => {
    dnfSpec('kept');
    dnfSpec('files');
    // A cache of its own: with the files' answers already cached, the validation reads nothing to keep.
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-kept-cache-'));
    try {
      const kept = await cliInProcess(ws.dir, ['predict', 'kept.prediction.yaml', '--head', '0'], undefined, {
        XDG_CACHE_HOME: cache,
      });
      assert.equal(kept.code, 0, kept.stderr);
      const files = await cli('predict', 'files.prediction.yaml', '--head', '0', '--no-data');
      assert.equal(files.code, 0, files.stderr);
      const logOf = async (run: CliRun) => {
        const id = /^(bp-job-\S+):/m.exec(run.stderr)![1];
        return (await cli('jobs', 'logs', id)).stdout;
      };
      assert.match(await logOf(kept), /read once: customers, orders \(the rows the validation before the job read\)/);
      assert.doesNotMatch(await logOf(files), /read once/);
      for (const type of ['predictions', 'embeddings']) {
        for (const part of ['part_000.parquet', 'part_001.parquet']) {
          const bytes = (name: string) => fs.readFileSync(path.join(ws.dir, 'out', `${name}_${type}`, part));
          assert.ok(bytes('kept').equals(bytes('files')), `${type}/${part} byte for byte`);
        }
      }
      assert.deepEqual(
        fs.readdirSync(path.join(cache, 'relgraph', 'job-work')),
        [],
        'the job’s session folder is removed',
      );
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it('jobs list and show report the finished job', async () => {
    const list = await cli('jobs', 'list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(`${jobId} +prediction +DONE +\\d+/\\d+ .* dnf\\.prediction\\.yaml`));
    assert.match(list.stdout, /trainingjob-\S+ +training +DONE/);
    const show = await cli('jobs', 'show', jobId, '--json');
    assert.equal(JSON.parse(show.stdout).summary.num_entities_predicted, 203);
    const logs = await cli('jobs', 'logs', jobId);
    assert.match(logs.stdout, /\[Predicting\] 203 rows on 2 workers\n[\s\S]*DONE\n$/);
  });

  it('predictions prints the output rows (predictions_df), all partitions together', async () => {
    const { code, stdout } = await cli('predictions', jobId, '--format', 'csv');
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'ENTITY,ANCHOR_TIMESTAMP,TARGET_PRED,FALSE_PROB,TRUE_PROB');
    assert.equal(lines.length, 204);
    const entities = lines.slice(1).map((l) => Number(l.split(',')[0]));
    assert.deepEqual(
      entities,
      [...entities].sort((a, b) => a - b),
      'both parts, in entity order',
    );
    const head = await cli('predictions', jobId, '--head', '2', '--output-type', 'embeddings');
    assert.match(head.stdout, /^ENTITY +ANCHOR_TIMESTAMP +EMBEDDING\n.*\[.*, \.\.\. \(\d+\)\]\n/);
    assert.match(head.stdout, /\(2 of 203 rows; 2 files under /);
  });

  it('export writes a job output elsewhere with the same naming, atomically', async () => {
    const { code, stdout } = await cli(
      'export',
      jobId,
      '--output-type',
      'predictions',
      '--destination',
      'exported/dnf.csv',
    );
    assert.equal(code, 0);
    assert.match(stdout, /exported 203 rows of predictions to exported\/dnf_predictions\.csv/);
    assert.deepEqual(fs.readdirSync(ws.path('exported')).sort(), [
      '.dnf_predictions.csv.relgraph-output.json',
      'dnf_predictions.csv',
    ]);
    const remote = await cli('export', jobId, '--output-type', 'predictions', '--destination', 's3://b/x.parquet');
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /remote location: only the Kumo backend writes there/);
  });

  it('predict refuses a spec with validation errors and prints them', async () => {
    ws.predictionSpec('bad', ['training_job: binary.training.yaml', 'anchor_time: 2023-06-01']);
    const before = fs.readdirSync(ws.store.jobsDir).length;
    const { code, stderr } = await cli('predict', 'bad.prediction.yaml');
    assert.equal(code, 1);
    assert.match(stderr, /bad\.prediction\.yaml:\d+:\d+ error threshold-required /);
    assert.match(stderr, /has errors \(above\); fix them and run again/);
    assert.equal(fs.readdirSync(ws.store.jobsDir).length, before, 'no job created');
  });

  it('a killed predict process leaves no output, and the next jobs list marks its job FAILED', async () => {
    dnfSpec('killed');
    const child = spawnPredict('killed.prediction.yaml');
    const id = await whenPredicting(child, 'killed.prediction.yaml');
    child.process.kill('SIGKILL');
    await child.exited;
    const killed = ws.store.get(id)!;
    assert.equal(killed.status, 'RUNNING', 'nobody has looked yet');
    assert.ok(
      (killed.scratchPaths ?? []).length > 0,
      'it had temporary files (its work folder: tables and spill files)',
    );
    const list = await cli('jobs', 'list');
    assert.match(list.stdout, new RegExp(`${id} +prediction +FAILED`));
    const record = ws.store.get(id)!;
    assert.match(record.error!.message, /exited without finishing it during 'Predicting' \(killed or crashed\)/);
    assert.equal(fs.existsSync(ws.path('out/killed_predictions')), false);
    assert.equal(fs.existsSync(ws.path('out/killed_embeddings')), false);
    for (const scratch of killed.scratchPaths ?? []) assert.equal(fs.existsSync(scratch), false, `${scratch} removed`);
    assert.deepEqual(hiddenFiles(), [], 'no temporary files');
  });

  it('jobs cancel stops a running predict process: CANCELLED, nothing written', async () => {
    dnfSpec('stopped');
    const child = spawnPredict('stopped.prediction.yaml');
    const id = await whenPredicting(child, 'stopped.prediction.yaml');
    const cancel = await cli('jobs', 'cancel', id);
    assert.match(cancel.stdout, /cancel requested/);
    assert.equal(await child.exited, 1);
    const record = ws.store.get(id)!;
    assert.equal(record.status, 'CANCELLED');
    assert.match(record.error!.message, /relgraph jobs cancel/);
    assert.match(child.stderr(), new RegExp(`CANCELLED ${id} during '(Predicting|Writing outputs)'`));
    assert.equal(fs.existsSync(ws.path('out/stopped_predictions')), false);
    assert.deepEqual(hiddenFiles(), []);
    assert.equal(fs.existsSync(ws.store.cancelMarkerPath(id)), false);
  });
});

/** `relgraph predict` from the TypeScript sources, in a child process of its own. */
function spawnPredict(spec: string): { process: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join(repo, 'bin/relgraph.js'), 'predict', spec, '--no-data'], {
    cwd: ws.dir,
    env: { ...process.env, RELGRAPH_FROM_SOURCE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, exited, stderr: () => stderr };
}

/** Resolves with the job id once the child's job record shows its workers predicting. */
function whenPredicting(child: ReturnType<typeof spawnPredict>, spec: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const job = ws.store.list().find((r) => r.spec.path.endsWith(spec));
      if (job?.eventLog.some((e) => e.stage === 'Predicting')) {
        clearInterval(poll);
        resolve(job.id);
      }
    }, 5);
    void child.exited.then(() => {
      clearInterval(poll);
      reject(new Error(`predict exited before it was predicting: ${child.stderr()}`));
    });
  });
}

function hiddenFiles(): string[] {
  return fs.existsSync(ws.path('out')) ? fs.readdirSync(ws.path('out')).filter((f) => f.startsWith('.')) : [];
}
