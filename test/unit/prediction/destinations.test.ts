import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliInProcess, type CliRun } from '../../helpers/cliInProcess';
import { DestinationError } from '../../../core/destinations/OutputTarget';
import { LspTestClient } from '../server/lspTestClient';
import { SHOP_FILES } from '../server/shopWorkspace';
import { filesUnder, leftovers, spawnPredict } from './predictProcess';
import { ShopWorkspace } from './shopFixture';

/**
 * Issue #8 items 3 and 4, issue #9 item 6: where outputs go. A destination outside the project is a
 * warning, one that would replace files Relgraph did not write an error; the job refuses both unless the
 * spec says `overwrite: true`; an output carries a marker naming its job; two running jobs never write
 * one destination.
 */
let ws: ShopWorkspace;
let outside: string;

before(async () => {
  ws = ShopWorkspace.create();
  fs.mkdirSync(ws.path('.git')); // the project folder: outputs outside it are warned about
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-outside-'));
  await ws.train('binary');
});
after(() => {
  ws.remove();
  fs.rmSync(outside, { recursive: true, force: true });
});

function spec(name: string, destination: string[], extra: string[] = []): string {
  return ws.predictionSpec(name, [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'destination:',
    '  type: local',
    ...destination.map((l) => `  ${l}`),
    ...extra,
  ]);
}

function cli(...args: string[]): Promise<CliRun> {
  return cliInProcess(ws.dir, args);
}

describe('files Relgraph did not write are never replaced without overwrite: true', () => {
  it('the issue’s case: a {{PARTITION}} destination outside whose folder holds other files', async () => {
    const victim = path.join(outside, 'victim_predictions');
    fs.mkdirSync(victim, { recursive: true });
    fs.writeFileSync(path.join(victim, 'part_000.parquet'), 'not a parquet file of ours');
    fs.writeFileSync(path.join(victim, 'notes.txt'), 'keep me');
    const file = spec('victim', [
      `path: "${path.relative(ws.dir, path.join(outside, 'victim', '{{PARTITION}}.parquet'))}"`,
    ]);

    const validate = await cli('validate', file, '--format', 'json');
    assert.equal(validate.code, 1);
    const diagnostics = JSON.parse(validate.stdout).files[0].diagnostics as {
      code: string;
      severity: string;
      message: string;
    }[];
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [
        ['destination-outside-workspace', 'warning'],
        ['destination-replaces-foreign-files', 'error'],
      ],
    );
    assert.match(
      diagnostics[1].message,
      /victim_predictions, which Relgraph did not write \(it has no Relgraph output marker\)/,
    );

    const before = ws.store.list().length;
    await assert.rejects(
      ws.predict(file),
      (e: Error) => e instanceof DestinationError && /overwrite: true/.test(e.message),
    );
    assert.equal(ws.store.list().length, before, 'refused before any job exists');
    assert.deepEqual(fs.readdirSync(victim).sort(), ['notes.txt', 'part_000.parquet']);
    assert.equal(fs.readFileSync(path.join(victim, 'notes.txt'), 'utf8'), 'keep me');
  });

  it('a file without a marker is refused; overwrite: true replaces it; then its marker lets re-runs replace it', async () => {
    fs.mkdirSync(ws.path('out'), { recursive: true });
    fs.writeFileSync(ws.path('out/mine_predictions.csv'), 'hand-made\n');
    await assert.rejects(
      ws.predict(spec('mine', ['path: out/mine.csv'])),
      /mine_predictions\.csv, which Relgraph did not write/,
    );
    assert.equal(fs.readFileSync(ws.path('out/mine_predictions.csv'), 'utf8'), 'hand-made\n');

    const forced = await ws.predict(spec('mine', ['path: out/mine.csv', 'overwrite: true']));
    assert.equal(forced.status, 'DONE', forced.error?.message);
    const marker = JSON.parse(fs.readFileSync(ws.path('out/.mine_predictions.csv.relgraph-output.json'), 'utf8'));
    assert.deepEqual(
      { jobId: marker.jobId, outputType: marker.outputType, files: marker.files },
      { jobId: forced.id, outputType: 'predictions', files: ['mine_predictions.csv'] },
    );
    const again = await ws.predict(spec('mine', ['path: out/mine.csv']));
    assert.equal(again.status, 'DONE', 'an output Relgraph wrote is replaced freely');
    assert.deepEqual(leftovers(filesUnder(ws.path('out'))), []);

    // The first job's record no longer points at rows it wrote (#8 item 4): the command says whose they are.
    const rows = await cli('predictions', forced.id);
    assert.equal(rows.code, 1);
    assert.match(rows.stderr, new RegExp(`were replaced by job ${again.id}`));
  });

  it('outputs written before markers existed, as a DONE job of the store recorded them, are replaced like marked ones', async () => {
    // What an older Relgraph left: the output and its job's record, without outputPaths and without a marker.
    const legacyOutput = ws.path('out/legacy_predictions.csv');
    fs.mkdirSync(path.dirname(legacyOutput), { recursive: true });
    fs.writeFileSync(legacyOutput, 'ENTITY,TARGET_PRED\n1,true\n');
    const outsideOutput = path.join(outside, 'legacy_predictions.csv');
    fs.writeFileSync(outsideOutput, 'not ours to replace\n');
    const id = 'bp-job-20200101-000000-01d000';
    const record = {
      formatVersion: 1,
      id,
      kind: 'batch_prediction',
      status: 'DONE',
      createdAt: '2020-01-01T00:00:00.000Z',
      updatedAt: '2020-01-01T00:00:01.000Z',
      spec: { path: ws.path('legacy.prediction.yaml'), name: 'legacy', sha256: '' },
      eventLog: [],
      artifacts: [
        { type: 'predictions', path: legacyOutput, format: 'csv', files: [legacyOutput], rows: 1 },
        // A record naming a path outside the project proves nothing: a repository can ship one.
        { type: 'embeddings', path: outsideOutput, format: 'csv', files: [outsideOutput], rows: 1 },
      ],
      logPath: '',
      artifactDir: '',
      tags: {},
    };
    fs.writeFileSync(path.join(ws.store.jobsDir, `${id}.json`), JSON.stringify(record));
    const file = spec('legacy', ['path: out/legacy.csv']);
    assert.deepEqual(JSON.parse((await cli('validate', file, '--format', 'json')).stdout).files[0].diagnostics, []);
    const again = await ws.predict(file);
    assert.equal(again.status, 'DONE', again.error?.message);
    const marker = JSON.parse(fs.readFileSync(ws.path('out/.legacy_predictions.csv.relgraph-output.json'), 'utf8'));
    assert.equal(marker.jobId, again.id);
    const far = spec('far-legacy', [`path: "${path.join(outside, 'legacy.csv')}"`]);
    await assert.rejects(ws.predict(far), /legacy_predictions\.csv, which Relgraph did not write/);
    assert.equal(fs.readFileSync(outsideOutput, 'utf8'), 'not ours to replace\n');
    fs.rmSync(path.join(ws.store.jobsDir, `${id}.json`));
  });

  it('validate: outside the project is a warning even with overwrite: true; foreign files an error without it', async () => {
    const file = spec('far', [`path: "${path.join(outside, 'far.csv')}"`, 'overwrite: true']);
    const json = JSON.parse((await cli('validate', file, '--format', 'json')).stdout);
    assert.deepEqual(
      json.files[0].diagnostics.map((d: { code: string }) => d.code),
      ['destination-outside-workspace'],
    );
    const inside = spec('near', ['path: out/near.csv']);
    assert.deepEqual(JSON.parse((await cli('validate', inside, '--format', 'json')).stdout).files[0].diagnostics, []);
  });

  it('the language server reports both, the foreign files from its data tier', async () => {
    const client = await LspTestClient.start({
      files: {
        ...SHOP_FILES,
        'out/churn_predictions.csv': 'written by hand\n',
        'churn.prediction.yaml': `${SHOP_FILES['churn.prediction.yaml']}destination:\n  type: local\n  path: out/churn.csv\n`,
        'far.prediction.yaml': `${SHOP_FILES['churn.prediction.yaml']}destination:\n  type: local\n  path: ../elsewhere/churn.csv\n`,
      },
      settings: { dataChecks: { delayMs: 10 } },
    });
    try {
      const foreign = await client.waitForDiagnostics(client.open('churn.prediction.yaml'), (d) =>
        d.some((x) => x.code === 'destination-replaces-foreign-files'),
      );
      const error = foreign.find((d) => d.code === 'destination-replaces-foreign-files')!;
      assert.equal(error.source, 'relgraph-data');
      assert.equal(error.severity, 1);
      const far = await client.waitForDiagnostics(client.open('far.prediction.yaml'), (d) =>
        d.some((x) => x.code === 'destination-outside-workspace'),
      );
      assert.equal(far.find((d) => d.code === 'destination-outside-workspace')!.severity, 2);
    } finally {
      client.dispose();
    }
  });
});

describe('a destination outside the workspace is refused by the job unless overwrite: true', () => {
  it('relgraph predict refuses it before any job exists, naming the spec, the path, the workspace and the fix', async () => {
    const far = path.join(outside, 'far-away');
    const file = spec('far-away', [`path: "${path.join(far, 'preds.csv')}"`]);
    const validate = await cli('validate', file, '--format', 'json');
    assert.equal(validate.code, 0, 'a warning, not an error: the spec is valid');
    const [warning] = JSON.parse(validate.stdout).files[0].diagnostics;
    assert.deepEqual([warning.code, warning.severity], ['destination-outside-workspace', 'warning']);
    assert.match(warning.message, /the job refuses this destination unless it says 'overwrite: true'/);

    const jobs = ws.store.list().length;
    await assert.rejects(ws.predict(file), (e: Error) => {
      assert.ok(e instanceof DestinationError, e.message);
      assert.equal(
        e.message,
        `${file}:7: the predictions would be written to ${path.join(far, 'preds_predictions.csv')}, outside ` +
          `the spec's workspace folder ${ws.dir}. A spec can name any folder on this machine, so the job refuses a ` +
          `destination outside its workspace: point 'destination.path' inside ${ws.dir}, or add 'overwrite: true' ` +
          'to the destination if that folder is where the predictions belong (it also lets the job replace files ' +
          'there that Relgraph did not write)',
      );
      return true;
    });
    const run = await cli('predict', file);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^relgraph predict: \S+far-away\.prediction\.yaml:7: the predictions would be written to \S+preds_predictions\.csv, outside/m,
    );
    assert.equal(ws.store.list().length, jobs, 'refused before any job exists');
    assert.equal(fs.existsSync(far), false, 'nothing written there: no file, marker, lock or folder');
  });

  it('with overwrite: true the job writes there, marked as its output', async () => {
    const far = path.join(outside, 'allowed');
    const file = spec('allowed', [`path: "${path.join(far, 'preds.csv')}"`, 'overwrite: true']);
    const record = await ws.predict(file);
    assert.equal(record.status, 'DONE', record.error?.message);
    assert.deepEqual(fs.readdirSync(far).sort(), [
      '.preds_predictions.csv.relgraph-output.json',
      'preds_predictions.csv',
    ]);
    assert.equal(record.artifacts[0].path, path.join(far, 'preds_predictions.csv'));
  });

  it('a path inside the workspace through a symbolic link to another folder is outside too', async () => {
    const target = path.join(outside, 'linked');
    fs.mkdirSync(target);
    fs.symlinkSync(target, ws.path('shared-out'));
    const file = spec('linked', ['path: shared-out/preds.csv']);
    await assert.rejects(
      ws.predict(file),
      new RegExp(`through a symbolic link: really ${target}/preds_predictions\\.csv\\), outside the spec's workspace`),
    );
    assert.deepEqual(fs.readdirSync(target), []);
    const forced = await ws.predict(spec('linked', ['path: shared-out/preds.csv', 'overwrite: true']));
    assert.equal(forced.status, 'DONE', forced.error?.message);
    assert.ok(fs.existsSync(path.join(target, 'preds_predictions.csv')));
  });
});

describe('two jobs never write one destination', () => {
  it('two concurrent predictions to one destination: one DONE, the other refused naming it', async () => {
    const file = spec('both', ['path: "out/both/{{PARTITION}}.parquet"']);
    const [a, b] = await Promise.all([ws.predict(file), ws.predict(file)]);
    const done = [a, b].filter((r) => r.status === 'DONE');
    const refused = [a, b].filter((r) => r.status === 'FAILED');
    assert.equal(done.length, 1, `${a.status} ${a.error?.message} / ${b.status} ${b.error?.message}`);
    assert.equal(refused.length, 1);
    assert.match(refused[0].error!.message, new RegExp(`is being written by job ${done[0].id} \\(pid ${process.pid}`));
    assert.deepEqual(refused[0].artifacts, []);
    const marker = JSON.parse(fs.readFileSync(ws.path('out/both_predictions/.relgraph-output.json'), 'utf8'));
    assert.equal(marker.jobId, done[0].id, 'the output is the DONE job’s, and its record says so');
    assert.deepEqual(leftovers(filesUnder(ws.path('out'))), []);
  });

  it('two relgraph predict processes: the second is refused while the first runs, naming it', async () => {
    spec('procs', ['path: "out/procs/{{PARTITION}}.parquet"']);
    const first = spawnPredict(ws.dir, 'procs.prediction.yaml');
    await first.stage('Loading tables'); // it holds the destination from before this stage
    // Paused (alive, holding its lock) for as long as the second one takes: the same as a long first job.
    first.child.kill('SIGSTOP');
    let b: number | string;
    try {
      const second = spawnPredict(ws.dir, 'procs.prediction.yaml');
      b = await second.exited;
      assert.match(second.stderr(), new RegExp(`out/procs_predictions is being written by job ${first.jobId()}`));
    } finally {
      first.child.kill('SIGCONT');
    }
    assert.equal(await first.exited, 0, first.stderr());
    assert.equal(b, 1);
    assert.deepEqual(leftovers(filesUnder(ws.path('out'))), []);
  });

  it('a lock whose owner is dead is taken over; one that names no job refuses, naming the lock file', async () => {
    const file = spec('locked', ['path: out/locked.csv']);
    fs.mkdirSync(ws.path('out'), { recursive: true });
    const lock = ws.path('out/.locked_predictions.csv.relgraph-lock');
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
    fs.writeFileSync(
      lock,
      JSON.stringify({
        jobId: 'bp-job-20200101-000000-dead00',
        recordFile: '/nowhere/bp-job-20200101-000000-dead00.json',
        acquiredAt: '2020-01-01T00:00:00.000Z',
        process: { pid: deadPid, hostname: os.hostname() },
      }),
    );
    const taken = await ws.predict(file);
    assert.equal(taken.status, 'DONE', taken.error?.message);
    assert.equal(fs.existsSync(lock), false, 'released when the job ended');
    fs.writeFileSync(lock, 'garbage');
    const refused = await ws.predict(file);
    assert.equal(refused.status, 'FAILED');
    assert.match(
      refused.error!.message,
      /is locked by .*\.locked_predictions\.csv\.relgraph-lock, which does not name a job/,
    );
  });
});

describe('other jobs’ bad records never break predict or validate (#8 item 7)', () => {
  it('a malformed and a crafted record in the store: validate passes, predict is DONE, both are left as they are', async () => {
    const malformed = path.join(ws.store.jobsDir, 'bp-job-20200101-000000-bad001.json');
    const crafted = path.join(ws.store.jobsDir, 'bp-job-20200101-000000-bad002.json');
    fs.writeFileSync(
      malformed,
      JSON.stringify({ formatVersion: 1, id: 'bp-job-20200101-000000-bad001', createdAt: 5 }),
    );
    fs.writeFileSync(
      crafted,
      JSON.stringify({
        formatVersion: 1,
        id: 'bp-job-20200101-000000-bad002',
        status: 'RUNNING',
        scratchPaths: [outside],
      }),
    );
    const file = spec('unaffected', ['path: out/unaffected.csv']);
    const validate = await cli('validate', file);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    const predict = await cli('predict', file, '--head', '0', '--no-data');
    assert.equal(predict.code, 0, predict.stderr);
    assert.match(predict.stdout, /^DONE bp-job-/);
    assert.ok(fs.existsSync(outside), 'the crafted scratch path is untouched');
    assert.ok(fs.existsSync(malformed) && fs.existsSync(crafted), 'records it cannot read are left alone');
  });
});
