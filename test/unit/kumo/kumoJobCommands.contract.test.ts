import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeLocalJobRecord } from '../../helpers/localJobRecords';
import { addJobFixtures } from '../../kumo/kumoJobFixtures';
import { closedPort, countRows, KumoTestWorld, predictionPartitions, SECRET_KEY } from '../../kumo/kumoTestWorld';

/**
 * Issue 10: the job commands every user knows (`relgraph jobs list|show|cancel|logs`, `predictions`,
 * `export`) answer for Kumo jobs (`kumo:<id>`) beside the local engine's, through the JobBackend
 * interface. The real CLI runs against the Kumo contract stand-in server (Kumo's cloud cannot be reached
 * from here) and a workspace holding local job records as the job store writes them.
 */
let world: KumoTestWorld;
const LOCAL_PREDICTION = 'bp-job-20240305-101500-a1b2c3';
const LOCAL_FAILED = 'bp-job-20240301-080000-d4e5f6';

function writeLocalRecord(id: string, overrides: Record<string, unknown>): void {
  writeLocalJobRecord(world.dir, id, {
    spec: { path: path.join(world.dir, 'dnf.prediction.yaml'), name: 'dnf', sha256: '' },
    ...overrides,
  });
}

const idsOf = (stdout: string) => [...stdout.matchAll(/^(\S+-\S+)/gm)].map((m) => m[1]);

before(async () => {
  world = await KumoTestWorld.create();
  const server = world.server;
  addJobFixtures(server, await predictionPartitions(30, 3));
  server.addJob({
    id: 'bp-job-stages',
    kind: 'prediction',
    createdAt: '2024-02-15T10:00:00+00:00',
    steps: [
      { status: 'RUNNING', stage: 'Loading the graph' },
      { status: 'RUNNING', stage: 'Predicting' },
      { status: 'DONE', stage: 'Writing outputs' },
    ],
  });
  const output = world.write('out/dnf_predictions.csv', 'ENTITY,TARGET_PRED\n2,false\n1,true\n3,true\n');
  writeLocalRecord(LOCAL_PREDICTION, {
    createdAt: '2024-03-05T10:15:00.000Z',
    outputPaths: [output],
    artifacts: [{ type: 'predictions', path: output, format: 'csv', files: [output], rows: 3 }],
  });
  writeLocalRecord(LOCAL_FAILED, {
    createdAt: '2024-03-01T08:00:00.000Z',
    status: 'FAILED',
    error: { message: 'the graph has no rows to predict', stage: 'predict' },
  });
});

// Whatever the tests did, the key appears in no output and no file, and nothing undocumented was sent.
after(() => world.removeCheckingNothingLeaked());

describe('relgraph jobs over both backends (Kumo contract stand-in)', () => {
  it('jobs list with KUMO_API_URL set lists local and Kumo jobs in one table, newest first (Kumo contract stand-in)', async () => {
    const run = await world.cli(['jobs', 'list']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^ID +KIND +STATUS +PROGRESS +CREATED \(UTC\) +SPEC +BACKEND\n/);
    assert.deepEqual(idsOf(run.stdout), [
      LOCAL_PREDICTION,
      'kumo:bp-job-running',
      'kumo:bp-job-failed',
      'kumo:bp-job-done',
      LOCAL_FAILED,
      'kumo:bp-job-stages',
      'kumo:trainingjob-1',
    ]);
    assert.match(
      run.stdout,
      new RegExp(`${LOCAL_PREDICTION} +prediction +DONE +2024-03-05 10:15:00 +dnf.prediction.yaml +local\\n`),
    );
    assert.match(
      run.stdout,
      /kumo:bp-job-done +prediction +DONE +2024-03-02 10:00:00 +model kumo:trainingjob-1 +kumo\n/,
    );
    const all = await world.cli(['jobs', 'list', '--backend', 'all']);
    assert.equal(all.stdout, run.stdout);
  });

  it('--backend local and --backend kumo list one backend; filters apply to both (Kumo contract stand-in)', async () => {
    const local = await world.cli(['jobs', 'list', '--backend', 'local']);
    assert.equal(local.code, 0, local.stderr);
    assert.deepEqual(idsOf(local.stdout), [LOCAL_PREDICTION, LOCAL_FAILED]);
    const kumo = await world.cli(['jobs', 'list', '--backend', 'kumo', '--kind', 'training']);
    assert.equal(kumo.code, 0, kumo.stderr);
    assert.deepEqual(idsOf(kumo.stdout), ['kumo:trainingjob-1']);
    const failed = await world.cli(['jobs', 'list', '--status', 'FAILED', '--kind', 'prediction']);
    assert.deepEqual(idsOf(failed.stdout), ['kumo:bp-job-failed', LOCAL_FAILED]);
    assert.match(world.server.requestsTo('GET', /^\/prediction_jobs$/).at(-1)!.query, /job_status=FAILED/);
    const json = JSON.parse((await world.cli(['jobs', 'list', '--limit', '1', '--json'])).stdout);
    assert.deepEqual(
      json.map((j: { ref: string; backend: string }) => [j.ref, j.backend]),
      [
        [LOCAL_PREDICTION, 'local'],
        ['kumo:bp-job-running', 'kumo'],
      ],
      'at most one job per backend',
    );
  });

  it('without KUMO_API_URL, lists are local and --backend kumo says what to set (Kumo contract stand-in)', async () => {
    const unset = { KUMO_API_URL: undefined, KUMO_API_KEY: undefined };
    const list = await world.cli(['jobs', 'list'], { env: unset });
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(idsOf(list.stdout), [LOCAL_PREDICTION, LOCAL_FAILED]);
    const kumo = await world.cli(['jobs', 'list', '--backend', 'kumo'], { env: unset });
    assert.equal(kumo.code, 2);
    assert.match(kumo.stderr, /set KUMO_API_URL and KUMO_API_KEY, and check them with 'relgraph kumo status'/);
    const show = await world.cli(['jobs', 'show', 'kumo:bp-job-done'], { env: unset });
    assert.equal(show.code, 2);
    assert.match(show.stderr, /kumo:bp-job-done is a Kumo job, but the Kumo backend is not available here/);
  });

  it('an unreachable Kumo leaves the local jobs listed, with one warning line, exit code 0 (Kumo contract stand-in)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/api`;
    const run = await world.cli(['jobs', 'list'], { env: { KUMO_API_URL: url } });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(idsOf(run.stdout), [LOCAL_PREDICTION, LOCAL_FAILED]);
    const warnings = run.stderr.split('\n').filter((l) => !/^ {2}Kumo: .* failed \(.*\); attempt \d+/.test(l) && l);
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0], /^relgraph jobs: could not list Kumo \(127\.0\.0\.1:\d+\): .*127\.0\.0\.1/);
    // Asked for by name, Kumo's failure is the command's.
    const kumo = await world.cli(['jobs', 'list', '--backend', 'kumo'], { env: { KUMO_API_URL: url } });
    assert.equal(kumo.code, 1);
    // A URL without a key: the same, naming what to set.
    const noKey = await world.cli(['jobs', 'list'], { env: { KUMO_API_KEY: undefined } });
    assert.equal(noKey.code, 0);
    assert.deepEqual(idsOf(noKey.stdout), [LOCAL_PREDICTION, LOCAL_FAILED]);
    assert.match(noKey.stderr, /^relgraph jobs: could not list Kumo: KUMO_API_KEY is not set: create an API key/);
  });

  it("jobs show of a failed Kumo job prints Kumo's validation errors and warnings (Kumo contract stand-in)", async () => {
    const failed = await world.cli(['jobs', 'show', 'kumo:bp-job-failed']);
    assert.equal(failed.code, 0, failed.stderr);
    assert.match(failed.stdout, /^kumo:bp-job-failed {2}batch_prediction {2}FAILED\n/);
    assert.match(
      failed.stdout,
      /\n {2}error: No rows to predict: Every customers\.churned value is set; leave the rows to predict empty\.\n/,
    );
    assert.match(failed.stdout, /\n {2}warning: Stale graph: The graph was refreshed 40 days ago\.\n/);
    assert.equal(
      failed.stdout,
      (await world.cli(['kumo', 'show', 'kumo:bp-job-failed'])).stdout,
      'the same as kumo show',
    );

    const running = await world.cli(['jobs', 'show', 'kumo:bp-job-running']);
    assert.match(running.stdout, /progress: 1\/4 \(25%\)/);
    const json = JSON.parse((await world.cli(['jobs', 'show', 'kumo:bp-job-failed', '--json'])).stdout);
    assert.deepEqual([json.ref, json.backend, json.status], ['kumo:bp-job-failed', 'kumo', 'FAILED']);
    assert.equal(json.validation.errors[0].title, 'No rows to predict');

    const missing = await world.cli(['jobs', 'show', 'kumo:bp-job-nope']);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^relgraph jobs show: no such job bp-job-nope on http:\/\/127\.0\.0\.1:\d+\/api \(HTTP 404 [^\n]*\)\n$/,
    );
  });

  it("jobs logs prints Kumo's event log, and --follow prints each stage once until the job ends (Kumo contract stand-in)", async () => {
    const logs = await world.cli(['jobs', 'logs', 'kumo:bp-job-failed']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(
      logs.stdout,
      /Generating prediction table\nerror: No rows to predict: .*\nwarning: Stale graph: .*\nFAILED: /,
    );

    const follow = await world.cli(['jobs', 'logs', 'kumo:bp-job-stages', '--follow']);
    assert.equal(follow.code, 0, follow.stderr);
    const stages = follow.stdout.split('\n').filter(Boolean);
    for (const stage of ['Loading the graph', 'Predicting', 'Writing outputs'])
      assert.equal(stages.filter((l) => l.endsWith(`  ${stage}`)).length, 1, follow.stdout);
    assert.equal(stages.at(-1), 'DONE', follow.stdout);
    assert.ok(stages.indexOf('RUNNING') >= 0 && stages.indexOf('RUNNING') < stages.length - 1, follow.stdout);
  });

  it('jobs cancel asks Kumo to stop a running job and leaves a finished one alone (Kumo contract stand-in)', async () => {
    const done = await world.cli(['jobs', 'cancel', 'kumo:bp-job-done']);
    assert.equal(done.stdout, 'kumo:bp-job-done: the job had already ended (DONE)\n');
    assert.equal(world.server.requestsTo('POST', /bp-job-done\/cancel/).length, 0);
    const run = await world.cli(['jobs', 'cancel', 'kumo:bp-job-running']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'kumo:bp-job-running: cancel requested: Kumo stops the job and it ends CANCELLED\n');
    assert.equal(world.server.requestsTo('POST', /^\/prediction_jobs\/bp-job-running\/cancel$/).length, 1);
  });
});

describe('relgraph predictions and export of Kumo jobs (Kumo contract stand-in)', () => {
  it('predictions kumo:<id> --head 3 downloads one partition of three (Kumo contract stand-in)', async () => {
    const before = world.server.requestsTo('GET', /^\/presigned\//).length;
    const run = await world.cli(['predictions', 'kumo:bp-job-done', '--head', '3']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ENTITY +TIMESTAMP +TARGET_PRED +False_PROB +True_PROB\n/);
    assert.equal(run.stdout.trim().split('\n').length, 5, run.stdout);
    assert.match(run.stdout, /\(first 3 rows; read 1 of 3 partitions\)\n$/);
    assert.equal(world.server.requestsTo('GET', /^\/presigned\//).length - before, 1);
    const alias = await world.cli(['kumo', 'predictions', 'kumo:bp-job-done', '--head', '3']);
    assert.equal(alias.stdout, run.stdout, 'relgraph kumo predictions prints the same');
    assert.ok(world.server.requestsTo('GET', /^\/presigned\//).every((r) => !r.hadCredentials));
  });

  it('predictions kumo:<id> --out file.parquet writes every partition; --head limits it (Kumo contract stand-in)', async () => {
    const run = await world.cli(['predictions', 'kumo:bp-job-done', '--out', 'dl/preds.parquet']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'Wrote 30 rows of kumo:bp-job-done predictions to dl/preds.parquet\n');
    assert.equal(await countRows(path.join(world.dir, 'dl', 'preds.parquet')), 30);
    const head = await world.cli(['predictions', 'kumo:bp-job-done', '--head', '3', '--out', 'dl/head.csv']);
    assert.equal(head.code, 0, head.stderr);
    assert.equal(
      fs
        .readFileSync(path.join(world.dir, 'dl', 'head.csv'), 'utf8')
        .trim()
        .split('\n').length,
      4,
    );
    assert.deepEqual(fs.readdirSync(path.join(world.dir, 'dl')).sort(), ['head.csv', 'preds.parquet']);
  });

  it('predictions of a local job: the same options, --out included (Kumo contract stand-in)', async () => {
    const run = await world.cli(['predictions', LOCAL_PREDICTION, '--head', '2']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ENTITY +TARGET_PRED\n +1 +true\n +2 +false\n\(2 of 3 rows; 1 file under /);
    const out = await world.cli(['predictions', LOCAL_PREDICTION, '--out', 'dl/local.parquet']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr, `Wrote 3 rows of ${LOCAL_PREDICTION} predictions to dl/local.parquet\n`);
    assert.equal(await countRows(path.join(world.dir, 'dl', 'local.parquet')), 3);
  });

  it('predictions kumo:<id> --output-type embeddings reads get_embedding_df_urls (Kumo contract stand-in)', async () => {
    const none = await world.cli(['predictions', 'kumo:bp-job-done', '--output-type', 'embeddings']);
    assert.equal(none.code, 1);
    assert.equal(none.stderr, 'kumo:bp-job-done has no embeddings\n');
    world.server.addJob({
      id: 'bp-job-embeddings',
      kind: 'prediction',
      steps: [{ status: 'DONE', stage: 'Predicting' }],
      createdAt: '2024-03-06T10:00:00+00:00',
      result: { num_entities_predicted: 8 },
      partitions: { predictions: await predictionPartitions(8, 2), embeddings: await predictionPartitions(8, 2) },
    });
    const before = world.server.requestsTo('GET', /^\/presigned\//).length;
    const run = await world.cli([
      'predictions',
      'kumo:bp-job-embeddings',
      '--output-type',
      'embeddings',
      '--head',
      '2',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(first 2 rows; read 1 of 2 partitions\)\n$/);
    const downloads = world.server.requestsTo('GET', /^\/presigned\//).slice(before);
    assert.deepEqual(
      downloads.map((r) => r.path),
      ['/presigned/bp-job-embeddings/embeddings/part_000.parquet'],
    );
    assert.ok(downloads.every((r) => !r.hadCredentials));
    assert.equal(
      world.server.requestsTo('GET', /^\/prediction_jobs\/bp-job-embeddings\/get_embedding_df_urls$/).length,
      1,
    );
  });

  it('predictions of a failed Kumo job says it has no outputs (Kumo contract stand-in)', async () => {
    const run = await world.cli(['predictions', 'kumo:bp-job-failed']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^relgraph predictions: kumo:bp-job-failed is FAILED .*: it has no outputs\n$/);
  });

  it('export kumo:<id> copies an output to S3 or a warehouse table with POST /artifact (Kumo contract stand-in)', async () => {
    const posts = world.server.requestsTo('POST', /^\/artifact$/).length;
    const s3 = await world.cli([
      'export',
      'kumo:bp-job-done',
      '--output-type',
      'predictions',
      '--destination',
      's3://acme-bucket/preds/dnf.parquet',
    ]);
    assert.equal(s3.code, 0, s3.stderr);
    assert.match(
      s3.stdout,
      /^export kumo:artifact-export-\d+ started: Kumo copies the predictions of kumo:bp-job-done\n$/,
    );
    const [s3Body] = world.server.requestsTo('POST', /^\/artifact$/).slice(posts);
    assert.deepEqual(s3Body.body, {
      job_id: 'bp-job-done',
      prediction_output: {
        storage_type: 'S3',
        artifact_type: 'PREDICTIONS',
        file_path: 's3://acme-bucket/preds/dnf.parquet',
        extra_fields: [],
      },
    });
    const table = await world.cli([
      'export',
      'kumo:bp-job-done',
      '--output-type',
      'predictions',
      '--storage',
      'snowflake',
      '--connector',
      'sf',
      '--table',
      'PREDS',
    ]);
    assert.equal(table.code, 0, table.stderr);
    assert.equal(world.server.requestsTo('POST', /^\/artifact$/).length, posts + 2);
  });

  it('export refuses what the backend cannot write: a Kumo job to a file here, a local job to S3 (Kumo contract stand-in)', async () => {
    const file = await world.cli([
      'export',
      'kumo:bp-job-done',
      '--output-type',
      'predictions',
      '--destination',
      'x.csv',
    ]);
    assert.equal(file.code, 2);
    assert.match(file.stderr, /relgraph predictions kumo:bp-job-done --out <file>/);
    const s3 = await world.cli([
      'export',
      LOCAL_PREDICTION,
      '--output-type',
      'predictions',
      '--destination',
      's3://b/x',
    ]);
    assert.equal(s3.code, 2);
    assert.match(s3.stderr, /'s3:\/\/b\/x' is a remote location: only the Kumo backend writes there/);
    const failed = await world.cli([
      'export',
      'kumo:bp-job-failed',
      '--output-type',
      'predictions',
      '--destination',
      's3://b/x',
    ]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /FAILED: only a DONE batch prediction can be exported/);
  });

  it('the API key appears in no output of these commands and in no file they wrote (Kumo contract stand-in)', () => {
    assert.ok(world.outputs.length > 40, 'every command above ran');
    assert.deepEqual(
      world.outputs.filter((o) => o.includes(SECRET_KEY) || o.includes(SECRET_KEY.slice(5, 20))),
      [],
    );
    assert.deepEqual(world.filesWithKey(), []);
    // The key was sent, to the Kumo API only: the stand-in refuses requests without it and downloads with it.
    assert.ok(world.server.requestsTo('GET', /^\/prediction_jobs$/).length > 0);
    assert.ok(world.server.requestsTo('GET', /^\/presigned\//).every((r) => !r.hadCredentials));
  });
});
