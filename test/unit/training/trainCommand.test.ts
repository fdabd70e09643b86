import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../cli/main';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { LocalJobStore } from '../../../backend/local/LocalJobStore';
import { cancelLocalJob } from '../../../backend/local/cancelLocalJob';
import { readTrainingJobMetadata } from '../../../data/jobs/readTrainingJobMetadata';
import { readModelArtifact } from '../../../engine/training/ModelArtifact';
import { runTrainingJob } from '../../../engine/training/TrainingJob';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import type { TrainingSpec } from '../../../core/spec/SpecModel';
import { writeSyntheticShop } from './syntheticShop';

const GRAPH = `kind: graph
tables:
  users:
    source: users.csv
    primary_key: user_id
    time_column: signup
  orders:
    source: orders.csv
    primary_key: order_id
    time_column: ts
  stores:
    source: stores.csv
    primary_key: store_id
edges:
  - { src_table: orders, fkey: user_id, dst_table: users }
  - { src_table: orders, fkey: store_id, dst_table: stores }
`;

const TRAINING = `kind: training
graph: shop.graph.yaml
query: PREDICT SUM(orders.amount, 0, 30, days) > 100 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0
train:
  start_time: 2023-10-01
  end_time: 2024-06-01
  timeframe_step: 30
model:
  run_mode: fast
  num_trees: 25
`;

async function cli(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('relgraph train', () => {
  let dir: string;

  before(async () => {
    dir = await writeSyntheticShop(400);
    fs.writeFileSync(path.join(dir, 'shop.graph.yaml'), GRAPH);
    fs.writeFileSync(path.join(dir, 'spend.training.yaml'), TRAINING);
    fs.writeFileSync(
      path.join(dir, 'always.training.yaml'),
      TRAINING.replace('SUM(orders.amount, 0, 30, days) > 100', 'COUNT(orders.*, 0, 30, days) >= 0'),
    );
    fs.writeFileSync(
      path.join(dir, 'broken.training.yaml'),
      TRAINING.replace('FOR EACH users.user_id', 'FOR EACH customers.user_id'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains, prints the stages, the metrics and the job id, and records the job with its model', async () => {
    const { code, stdout, stderr } = await cli(['train', 'spend.training.yaml'], dir);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /Building training table/);
    assert.match(stderr, /Training/);
    assert.match(stdout, /DONE trainingjob-\S+ in [\d.]+ s \(binary_classification, run_mode fast\)/);
    assert.match(stdout, /validation \(\d+ rows\): AUROC 0\.\d{4}/);
    assert.match(stdout, /peak memory: \d+ MB/);
    const id = /job id: (trainingjob-\S+)/.exec(stdout)![1];

    const record = new LocalJobStore(dir).require(id);
    assert.equal(record.status, 'DONE');
    assert.equal(record.kind, 'training');
    const stages = record.eventLog.map((e) => e.stage);
    assert.deepEqual(stages.slice(0, 4), [
      'Loading tables',
      'Building training table',
      'Building features',
      'Training',
    ]);
    const model = record.artifacts.find((a) => a.type === 'model')!;
    const artifact = readModelArtifact(model.path);
    assert.equal(artifact.jobId, id);
    assert.equal(artifact.taskType, 'binary_classification');

    const summary = record.summary as Record<string, unknown>;
    assert.ok(typeof (summary.validation_metrics as Record<string, number>).auroc === 'number');
    assert.ok((summary.peak_rss_mb as number) > 0);
    assert.equal(summary.training_table_sampling, undefined, 'fewer pairs than the row limit: no sampling');
    const metadata = readTrainingJobMetadata(id, path.join(dir, 'any.prediction.yaml'));
    assert.ok(metadata, 'prediction validation can read the job');
    assert.deepEqual(metadata.tables.map((t) => t.name).sort(), ['orders', 'stores', 'users']);
    const users = metadata.tables.find((t) => t.name === 'users')!;
    assert.deepEqual(
      users.columns.find((c) => c.name === 'country'),
      { name: 'country', dtype: 'string', stype: 'categorical' },
    );
    assert.equal(metadata.taskType, 'binary_classification');

    // The report: the models, the feature families, the trials; the holdout predictions as an artifact.
    assert.match(stdout, /models: \d+ GBDT/);
    assert.match(stdout, /features kept\/derived by family: .*target history/);
    assert.match(stdout, /trials \(\d+, validation AUROC; \* = kept\)/);
    assert.ok(Array.isArray(summary.trials) && (summary.automl_experiments_completed as number) > 0);
    const holdout = record.artifacts.find((a) => a.type === 'validation_predictions')!;
    assert.ok(fs.existsSync(holdout.path));
    // The work folder (the loaded tables' database file) is gone with the job.
    assert.deepEqual(fs.readdirSync(record.artifactDir).sort(), ['model.json', 'validation_predictions.parquet']);
    assert.equal(holdout.rows, (summary.validation_metrics as { rows: number }).rows);

    // `relgraph jobs show` prints the same report, readable: top features with their share, the trials.
    const shown = await cli(['jobs', 'show', id], dir);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /validation \(\d+ rows\): AUROC 0\.\d{4}/);
    assert.match(shown.stdout, /top features \(share of the trees' gain\): \S+ \d+\.\d%/);
    assert.match(shown.stdout, /trials \(\d+, validation AUROC; \* = kept\):\n +\* /);
    assert.match(shown.stdout, new RegExp(`summary: +relgraph jobs show ${id} --json`));
    assert.doesNotMatch(shown.stdout, /"top_features"/);

    // A record whose summary does not have the engine's shape (records are untrusted) is shown as JSON instead.
    const file = new LocalJobStore(dir).recordPath(id);
    const saved = fs.readFileSync(file, 'utf8');
    try {
      const crafted = JSON.parse(saved) as { summary: Record<string, unknown> };
      crafted.summary.validation_metrics = { rows: 'many' };
      fs.writeFileSync(file, JSON.stringify(crafted));
      const raw = await cli(['jobs', 'show', id], dir);
      assert.equal(raw.code, 0, raw.stderr);
      assert.match(raw.stdout, /summary:\n +\{/);
      assert.match(raw.stdout, /"rows": "many"/);
    } finally {
      fs.writeFileSync(file, saved);
    }
  });

  it('a target with one label class ends FAILED before any feature is built, saying why', async () => {
    const { code, stderr } = await cli(['train', 'always.training.yaml'], dir);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /FAILED trainingjob-\S+ during 'Building training table': the training rows have one label class \(every one of the \d+ training rows is true\)/,
    );
    const record = new LocalJobStore(dir).list()[0];
    assert.equal(record.status, 'FAILED');
    assert.ok(!record.eventLog.some((e) => e.stage === 'Building features'));
    assert.deepEqual(record.artifacts, []);
  });

  it('--json prints the finished job record', async () => {
    const { code, stdout } = await cli(['train', 'spend.training.yaml', '--json'], dir);
    assert.equal(code, 0);
    const record = JSON.parse(stdout) as JobRecord;
    assert.equal(record.status, 'DONE');
    assert.match(record.id, /^trainingjob-/);
  });

  it('trains on the rows its validation read (one read of each CSV) the model a read of the files gives', async () => {
    // A cache of its own: with the files' answers already cached, the validation reads nothing to keep.
    const cache = fs.mkdtempSync(path.join(dir, 'cache-'));
    const kept = await cli(['train', 'spend.training.yaml', '--json'], dir, { XDG_CACHE_HOME: cache });
    const files = await cli(['train', 'spend.training.yaml', '--json', '--no-data'], dir);
    const modelOf = (stdout: string) => {
      const record = JSON.parse(stdout) as JobRecord;
      assert.equal(record.status, 'DONE');
      const { model, featurePlan, threshold } = readModelArtifact(path.join(record.artifactDir, 'model.json'));
      return { model, featurePlan, threshold, log: fs.readFileSync(record.logPath, 'utf8') };
    };
    const [a, b] = [modelOf(kept.stdout), modelOf(files.stdout)];
    // stores is not read by the training spec's checks (its graph file's own validation profiles it), so the job
    // reads its file, once.
    assert.match(a.log, /read once: users, orders \(the rows the validation before the job read\)/);
    assert.doesNotMatch(b.log, /read once/);
    assert.deepEqual([a.model, a.featurePlan, a.threshold], [b.model, b.featurePlan, b.threshold]);
    assert.deepEqual(fs.readdirSync(path.join(cache, 'relgraph', 'job-work')), [], 'the session folder is removed');
  });

  it('refuses a spec with errors, printing the diagnostics, and starts no job', async () => {
    const before = new LocalJobStore(dir).list().length;
    const { code, stderr } = await cli(['train', 'broken.training.yaml', '--quiet'], dir);
    assert.equal(code, 1);
    assert.match(stderr, /pql-unknown-table/);
    assert.match(stderr, /has errors/);
    assert.equal(new LocalJobStore(dir).list().length, before);
  });

  it('`relgraph jobs cancel` during the GBDT rounds ends the job CANCELLED, with no model', async () => {
    const specPath = path.join(dir, 'spend.training.yaml');
    const host = new NodeSpecHost();
    const validation = validateSpecFile(specPath, host);
    const store = new LocalJobStore(dir);
    let tablesFile: string | undefined;
    let tablesFileExisted = false;
    const record = await runTrainingJob(
      {
        spec: validation.spec as TrainingSpec,
        graph: validation.graph!,
        query: validation.query!,
        taskType: validation.taskType!,
        resolveSource: (p, n) => host.resolveSource(p, n),
      },
      {
        store,
        // What `relgraph jobs cancel <id>` does from another process: a cancel marker.
        onStage: (stage) => {
          if (stage !== 'Training') return;
          const job = store.list()[0];
          tablesFile = path.join(job.artifactDir, 'work', 'tables.duckdb');
          tablesFileExisted = fs.existsSync(tablesFile);
          cancelLocalJob(store, job.id);
        },
      },
    );
    assert.equal(record.status, 'CANCELLED', record.error?.message);
    assert.equal(record.error?.stage, 'Training');
    assert.deepEqual(record.artifacts, []);
    // The loaded tables lived in the job's work folder (bounded memory), which the cancel removed.
    assert.ok(tablesFileExisted, `${tablesFile} existed while the job ran`);
    assert.ok(!fs.existsSync(path.dirname(tablesFile!)));
    assert.deepEqual(record.scratchPaths ?? [], []);
  });

  it('bad usage exits 2', async () => {
    assert.equal((await cli(['train'], dir)).code, 2);
    assert.equal((await cli(['train', 'a.training.yaml', '--frobnicate'], dir)).code, 2);
  });
});
