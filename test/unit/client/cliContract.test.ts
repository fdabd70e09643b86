import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { jobChildRows, jobDescription } from '../../../client/jobs/jobPresentation';
import type { LoadedJob } from '../../../client/jobs/JobsLoader';
import { jobsLoader } from './jobFixtures';
import { CliError, RelgraphCliWrapper } from '../../../client/jobs/RelgraphCliWrapper';
import { displayState } from '../../../client/jobs/jobText';
import { predictionSpecYaml } from '../../../client/predictions/predictionSpecYaml';
import { wizardModels } from './wizardModels';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { ShopWorkspace } from '../prediction/shopFixture';

const { describeTrainingJob, isUsableTrainingJob, validateSpecText } = wizardModels();

const REPO = path.resolve(__dirname, '../../..');

/**
 * The contract between the jobs views and the engine and CLI, on real jobs: a model trained and a
 * batch prediction run by the engine (the shop fixture), read by the client's loader, and the CLI
 * commands the extension runs (`predictions --format json`, `jobs cancel`), run from source.
 */
describe('jobs commands against the real CLI and engine', () => {
  const cli = new RelgraphCliWrapper({
    cliPath: path.join(REPO, 'bin', 'relgraph.js'),
    nodePath: () => process.execPath,
    env: { RELGRAPH_FROM_SOURCE: '1' },
  });
  let shop: ShopWorkspace;
  let training: LoadedJob;
  let prediction: LoadedJob;

  before(async () => {
    shop = ShopWorkspace.create();
    await shop.train('binary');
    const spec = shop.predictionSpec('p', [
      'training_job: binary.training.yaml',
      'binary_classification_threshold: 0.5',
      'output_types: [predictions, embeddings]',
      'destination:',
      '  type: local',
      '  path: out/p/{{PARTITION}}.parquet',
      'num_workers: 2',
    ]);
    await shop.predict(spec);
    const jobs = (await jobsLoader([shop.dir]).load()).jobs;
    training = jobs.find((j) => j.record.kind === 'training')!;
    prediction = jobs.find((j) => j.record.kind === 'batch_prediction')!;
  });

  it('reads the records the engine writes, and shows their outcome', () => {
    assert.equal(prediction.record.status, 'DONE');
    assert.match(jobDescription(prediction, Date.now()), /^203 predicted · /);
    const outputs = jobChildRows(prediction, Date.now()).find((r) => r.label === 'Outputs')!;
    assert.deepEqual(
      outputs.children!.map((o) => [o.label, o.contextValue]),
      [
        ['predictions', 'relgraph.jobArtifact.previewable'],
        ['embeddings', 'relgraph.jobArtifact.previewable'],
      ],
    );
  });

  it("shows a training job's validation metrics from the summary the engine writes", () => {
    assert.equal(training.record.status, 'DONE');
    const metrics = jobChildRows(training, Date.now()).find((r) => r.label === 'Metrics');
    assert.ok(metrics, JSON.stringify(training.record.summary));
    assert.ok(metrics.children!.some((m) => m.label === 'auroc' && Number(m.description) > 0.5));
    assert.match(jobDescription(training, Date.now()), /^auroc 0\.\d+ · /);
  });

  it('previews the first rows of the predictions, in the output column order', async () => {
    const rows = await cli.predictionRows(prediction, 'predictions', 100);
    assert.deepEqual(rows.columns, ['ENTITY', 'ANCHOR_TIMESTAMP', 'TARGET_PRED', 'FALSE_PROB', 'TRUE_PROB']);
    assert.equal(rows.rows.length, 100);
    for (const row of rows.rows) {
      assert.equal(typeof row.TRUE_PROB, 'number');
      assert.equal(row.TARGET_PRED, (row.TRUE_PROB as number) >= 0.5);
    }
  });

  it('previews embeddings as vectors', async () => {
    const rows = await cli.predictionRows(prediction, 'embeddings', 3);
    assert.equal(rows.rows.length, 3);
    assert.ok(rows.columns.includes('ENTITY'));
    assert.ok(rows.rows.every((r) => Object.values(r).some((v) => Array.isArray(v) && v.length > 1)));
  });

  it("passes the CLI's reason on when there is nothing to preview", async () => {
    await assert.rejects(cli.predictionRows(training, 'predictions', 5), (error: Error) => {
      assert.ok(error instanceof CliError);
      assert.match(
        error.message,
        /relgraph predictions failed \(exit 1\): .*is a training job, not a batch prediction/,
      );
      return true;
    });
  });

  it('cancels through the CLI: a finished job is left alone, a running one is asked to stop', async () => {
    assert.match(await cli.cancelJob(prediction), /is already DONE/);
    // A live owner that ignores SIGTERM, so the pending cancellation stays visible.
    const owner = spawn(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      await new Promise((resolve) => owner.stdout!.once('data', resolve)); // its SIGTERM handler is in place
      const store = shop.store;
      const running = store.create({
        kind: 'batch_prediction',
        specPath: shop.path('p.prediction.yaml'),
        specName: 'p',
      });
      store.update(running.id, (r) => {
        r.status = 'RUNNING';
        r.process = { pid: owner.pid!, hostname: os.hostname() };
      });
      const loader = jobsLoader([shop.dir]);
      const job = (await loader.load()).jobs.find((j) => j.record.id === running.id)!;
      assert.equal(displayState(job), 'running');
      assert.match(await cli.cancelJob(job), new RegExp(`cancel requested: ${running.id}`));
      const after = (await loader.load()).jobs.find((j) => j.record.id === running.id)!;
      assert.equal(displayState(after), 'cancelling', 'the view shows the pending cancellation from the marker');
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('writes a spec for a finished local training job that validates clean', () => {
    assert.equal(isUsableTrainingJob(training), true);
    const info = describeTrainingJob(training);
    assert.deepEqual(
      [info.kind, info.ref, info.taskType, info.temporal],
      ['local-job', training.record.id, 'binary_classification', true],
    );
    const file = shop.write(
      'from-job.prediction.yaml',
      predictionSpecYaml({
        folder: shop.dir,
        name: 'from-job',
        training: info,
        binaryThreshold: 0.5,
        outputTypes: ['predictions'],
        destination: { type: 'local', layout: 'csv', path: 'out/from-job.csv' },
        numWorkers: 1,
      }),
    );
    const validation = validateSpecFile(file, shop.host);
    assert.deepEqual(
      validation.diagnostics.map((d) => `${d.code}: ${d.message}`),
      [],
    );
    assert.deepEqual(
      validateSpecText(file, fs.readFileSync(file, 'utf8')),
      [],
      'the extension host validates it the same',
    );
    assert.equal(validation.taskType, 'binary_classification');
  });
});
