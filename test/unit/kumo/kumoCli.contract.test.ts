import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addJobFixtures } from '../../kumo/kumoJobFixtures';
import { closedPort, countRows, KumoTestWorld, predictionPartitions } from '../../kumo/kumoTestWorld';

/**
 * The real CLI (its in-process entry, with the environment a user sets) against the Kumo contract
 * stand-in server: a stand-in because Kumo's cloud cannot be reached from here. The server is strict,
 * so every test also proves the client sent only what kumo-semantics.md §2 documents.
 */
let world: KumoTestWorld;
let partitions: Buffer[];

before(async () => {
  world = await KumoTestWorld.create();
  partitions = await predictionPartitions(30, 3);
  addJobFixtures(world.server, partitions);
});

// Whatever the tests did, the key appears in no output and no file, and nothing undocumented was sent.
after(() => world.removeCheckingNothingLeaked());

describe('relgraph kumo against the Kumo contract stand-in', () => {
  it('status checks the key with GET /connectors', async () => {
    const run = await world.cli(['kumo', 'status']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^Connected to Kumo at ${world.server.url} \\(1 connectors\\)\\n`));
    assert.match(run.stdout, /No pulled training graphs/);
  });

  it('jobs lists training and prediction jobs newest first, with status, kind, limit and tag filters', async () => {
    const all = await world.cli(['kumo', 'jobs']);
    assert.equal(all.code, 0, all.stderr);
    const ids = [...all.stdout.matchAll(/^(kumo:\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(ids, ['kumo:bp-job-running', 'kumo:bp-job-failed', 'kumo:bp-job-done', 'kumo:trainingjob-1']);
    assert.match(all.stdout, /kumo:bp-job-done +prediction +DONE +2024-03-02 10:00:00 +model kumo:trainingjob-1/);

    const failed = await world.cli(['kumo', 'jobs', '--status', 'FAILED', '--kind', 'prediction']);
    assert.deepEqual(
      [...failed.stdout.matchAll(/^(kumo:\S+)/gm)].map((m) => m[1]),
      ['kumo:bp-job-failed'],
    );
    assert.match(world.server.requestsTo('GET', /^\/prediction_jobs$/).at(-1)!.query, /job_status=FAILED/);

    const tagged = await world.cli(['kumo', 'jobs', '--tag', 'team=growth', '--limit', '5', '--json']);
    const listing = JSON.parse(tagged.stdout);
    assert.deepEqual(
      listing.jobs.map((j: { ref: { id: string } }) => j.ref.id),
      ['bp-job-done'],
    );
    assert.match(world.server.requestsTo('GET', /^\/training_jobs$/).at(-1)!.query, /limit=5&team=growth/);
  });

  it('show prints status, stages, progress of a running job, and the validation of a failed one', async () => {
    const running = await world.cli(['kumo', 'show', 'kumo:bp-job-running']);
    assert.equal(running.code, 0, running.stderr);
    assert.match(running.stdout, /^kumo:bp-job-running {2}batch_prediction {2}RUNNING\n/);
    assert.match(running.stdout, /progress: 1\/4 \(25%\)/);
    assert.match(running.stdout, /tracking: https:\/\/standin\.kumoai\.cloud\/jobs\/bp-job-running/);

    const failed = await world.cli(['kumo', 'show', 'kumo:bp-job-failed']);
    assert.match(failed.stdout, /FAILED/);
    assert.match(failed.stdout, /error: No rows to predict: Every customers\.churned value is set/);
    assert.match(failed.stdout, /warning: Stale graph: The graph was refreshed 40 days ago\./);
    const logs = await world.cli(['kumo', 'logs', 'bp-job-failed']);
    assert.match(
      logs.stdout,
      /Generating prediction table\n.*error: No rows to predict[\s\S]*FAILED: No rows to predict/,
    );
  });

  it('cancel asks Kumo to stop a running job, and leaves a finished one alone', async () => {
    const cancel = await world.cli(['kumo', 'cancel', 'kumo:bp-job-running']);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stdout, /kumo:bp-job-running: cancel requested/);
    assert.equal(world.server.requestsTo('POST', /^\/prediction_jobs\/bp-job-running\/cancel$/).length, 1);
    const after = await world.cli(['kumo', 'show', 'kumo:bp-job-running', '--json']);
    assert.equal(JSON.parse(after.stdout).status, 'CANCELLED');
    const done = await world.cli(['kumo', 'cancel', 'kumo:bp-job-done']);
    assert.match(done.stdout, /already ended \(DONE\)/);
    assert.equal(world.server.requestsTo('POST', /bp-job-done\/cancel/).length, 0);
  });

  it('predictions --head downloads only the partitions it needs; without it, every partition', async () => {
    const before = world.server.requestsTo('GET', /^\/presigned\//).length;
    const head = await world.cli(['kumo', 'predictions', 'kumo:bp-job-done', '--head', '4']);
    assert.equal(head.code, 0, head.stderr);
    assert.match(head.stdout, /^ENTITY +TIMESTAMP +TARGET_PRED +False_PROB +True_PROB\n +0 +2010-01-01/);
    assert.match(head.stdout, /\(first 4 rows; read 1 of 3 partitions\)/);
    assert.equal(world.server.requestsTo('GET', /^\/presigned\//).length - before, 1, 'one partition downloaded');

    const all = await world.cli(['kumo', 'predictions', 'kumo:bp-job-done', '--format', 'csv']);
    const lines = all.stdout.trim().split('\n');
    assert.equal(lines[0], 'ENTITY,TIMESTAMP,TARGET_PRED,False_PROB,True_PROB');
    assert.equal(lines.length, 31);
    assert.deepEqual(
      lines.slice(1, 4).map((l) => l.split(',')[0]),
      ['0', '1', '2'],
      'all partitions, in entity order',
    );

    const out = await world.cli(['kumo', 'predictions', 'kumo:bp-job-done', '--out', 'out/preds.parquet']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await countRows(path.join(world.dir, 'out', 'preds.parquet')), 30);
    assert.deepEqual(fs.readdirSync(path.join(world.dir, 'out')), ['preds.parquet'], 'no temporary file left');
    // Presigned downloads carry no Kumo credentials (the stand-in refuses those that do).
    assert.ok(world.server.requestsTo('GET', /^\/presigned\//).every((r) => !r.hadCredentials));
  });

  it('the stand-in refuses a presigned download that carries the key, so the downloads above carried none', async () => {
    const url = `${world.server.origin}/presigned/bp-job-done/predictions/part_000.parquet?X-Amz-Signature=sig0`;
    assert.equal((await fetch(url)).status, 200);
    const withKey = await fetch(url, { headers: { 'X-API-Key': 'anything' } });
    assert.equal(withKey.status, 403);
    assert.match(world.server.violations.pop() ?? '', /a presigned download carried Kumo credentials/);
  });

  it('export copies an output with POST /artifact and waits on GET /artifact/{id}', async () => {
    const run = await world.cli([
      'kumo',
      'export',
      'kumo:bp-job-done',
      '--storage',
      'snowflake',
      '--connector',
      'sf',
      '--table',
      'PREDS',
      '--wait',
      '--interval',
      '0.01',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /export kumo:artifact-export-1 started/);
    assert.match(run.stdout, /export kumo:artifact-export-1 DONE/);
    assert.deepEqual(world.server.requestsTo('POST', /^\/artifact$/)[0].body, {
      job_id: 'bp-job-done',
      prediction_output: {
        storage_type: 'SNOWFLAKE',
        artifact_type: 'PREDICTIONS',
        connector_id: 'sf',
        table_name: 'PREDS',
        extra_fields: [],
        write_mode: 'OVERWRITE',
      },
    });
    const refused = await world.cli(['kumo', 'export', 'kumo:bp-job-failed', '--path', 's3://b/x.parquet']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /FAILED: only a DONE batch prediction can be exported/);
  });
});

describe('relgraph predict with a Kumo model, against the Kumo contract stand-in', () => {
  before(() => {
    world.server.launch = {
      partitions: { predictions: partitions },
      numEntities: 30,
      warnings: [{ title: 'Anchor time', message: 'Kumo refreshes the graph first.' }],
    };
    world.write(
      'dnf.prediction.yaml',
      [
        'kind: prediction',
        'training_job: kumo:trainingjob-1',
        'anchor_time: 2010-01-01',
        'binary_classification_threshold: 0.5',
        'num_workers: 2',
        'destination:',
        '  type: local',
        '  path: out/dnf.parquet',
        '',
      ].join('\n'),
    );
  });

  it('on the training graph: POST /prediction_jobs with every setting, followed to DONE, outputs downloaded', async () => {
    const run = await world.cli([
      'predict',
      'dnf.prediction.yaml',
      '--interval',
      '0.01',
      '--tag',
      'team=growth',
      '--head',
      '3',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /through its REST API: no graph: the training graph/);
    assert.match(run.stderr, /kumo:bp-job-standin-1: accepted by Kumo/);
    assert.match(run.stderr, /warning: Anchor time: Kumo refreshes the graph first\./);
    assert.match(
      run.stderr,
      /kumo:bp-job-standin-1 QUEUED\n[\s\S]*kumo:bp-job-standin-1 RUNNING\n {2}Predicting\n {2}Predicting: 1\/2 \(50%\)\n[\s\S]*kumo:bp-job-standin-1 DONE/,
    );
    assert.match(
      run.stdout,
      /^DONE kumo:bp-job-standin-1 in [\d.]+ s \(model kumo:trainingjob-1\)\n {2}entities predicted: 30\n/,
    );
    assert.match(run.stdout, /predictions +parquet 30 rows +out\/dnf_predictions\.parquet/);
    assert.match(run.stdout, /First 3 prediction rows:\nENTITY/);
    assert.equal(await countRows(path.join(world.dir, 'out', 'dnf_predictions.parquet')), 30);
    // Marked as the job's, as local outputs are: the next run of the spec may replace it (and nothing else).
    const marker = JSON.parse(
      fs.readFileSync(path.join(world.dir, 'out', '.dnf_predictions.parquet.relgraph-output.json'), 'utf8'),
    );
    assert.deepEqual(
      [marker.jobId, marker.outputType, marker.files],
      ['bp-job-standin-1', 'predictions', ['dnf_predictions.parquet']],
    );
    assert.deepEqual(world.server.requestsTo('POST', /^\/prediction_jobs$/)[0].body, {
      job_tags: { team: 'growth' },
      model_training_job_id: 'trainingjob-1',
      predict_options: { binary_classification_threshold: 0.5, num_classes_to_return: null, num_workers: 2 },
      outputs: [{ storage_type: 'LOCAL', artifact_type: 'PREDICTIONS', extra_fields: [] }],
      graph_snapshot_id: null,
      pred_table_job_id: null,
      pred_table_path: null,
      prediction_time: '2010-01-01T00:00:00',
      explanations: false,
      data_backend_session_id: null,
    });
  });

  it('--detach returns once Kumo accepted the job', async () => {
    const posts = world.server.requestsTo('POST', /^\/prediction_jobs$/).length;
    const run = await world.cli(['predict', 'dnf.prediction.yaml', '--detach', '--workers', '4']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'kumo:bp-job-standin-2\n');
    assert.match(run.stderr, /Follow it with 'relgraph kumo follow kumo:bp-job-standin-2'/);
    const body = world.server.requestsTo('POST', /^\/prediction_jobs$/)[posts].body as {
      predict_options: { num_workers: number };
    };
    assert.equal(body.predict_options.num_workers, 4, '--workers overrides num_workers');
    const follow = await world.cli(['kumo', 'follow', 'kumo:bp-job-standin-2', '--interval', '0.01']);
    assert.equal(follow.code, 0, follow.stderr);
    assert.match(follow.stdout, /^DONE kumo:bp-job-standin-2/);
  });

  it("a refused launch shows Kumo's errors and exits 1", async () => {
    world.server.launch = {
      refuseWith: [{ title: 'Graph refresh failed', message: 'Table ORDERS is not readable by connector sf.' }],
    };
    const run = await world.cli(['predict', 'dnf.prediction.yaml', '--interval', '0.01']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Kumo refused the batch prediction of dnf\.prediction\.yaml:\n {2}error: Graph refresh failed: Table ORDERS is not readable by connector sf\./,
    );
  });

  it('a local download outside the workspace is refused before Kumo is asked, unless overwrite: true', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-kumo-outside-'));
    try {
      const lines = [
        'kind: prediction',
        'training_job: kumo:trainingjob-1',
        'anchor_time: 2010-01-01',
        'binary_classification_threshold: 0.5',
        'destination:',
        '  type: local',
        `  path: "${path.join(outside, 'dnf.parquet')}"`,
        '',
      ];
      world.write('far.prediction.yaml', lines.join('\n'));
      const posts = world.server.requestsTo('POST', /^\/prediction_jobs$/).length;
      const run = await world.cli(['predict', 'far.prediction.yaml', '--interval', '0.01']);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /far\.prediction\.yaml:7: the predictions would be written to \S+dnf_predictions\.parquet, outside the spec's workspace folder/,
      );
      assert.equal(world.server.requestsTo('POST', /^\/prediction_jobs$/).length, posts, 'Kumo was not asked');
      assert.deepEqual(fs.readdirSync(outside), []);

      world.server.launch = { partitions: { predictions: partitions }, numEntities: 30 };
      world.write('far.prediction.yaml', [...lines.slice(0, -1), '  overwrite: true', ''].join('\n'));
      const allowed = await world.cli(['predict', 'far.prediction.yaml', '--interval', '0.01', '--head', '0']);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.equal(await countRows(path.join(outside, 'dnf_predictions.parquet')), 30);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("a job that fails is reported with Kumo's validation errors and warnings", async () => {
    world.server.launch = {
      steps: [
        { status: 'RUNNING', stage: 'Generating prediction table' },
        {
          status: 'FAILED',
          stage: 'Generating prediction table',
          validation: {
            errors: [{ title: 'No rows to predict', message: 'Every target is set.' }],
            warnings: [{ title: 'Late anchor', message: 'after the data' }],
          },
        },
      ],
    };
    const run = await world.cli(['predict', 'dnf.prediction.yaml', '--interval', '0.01']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /FAILED kumo:bp-job-standin-\d+: No rows to predict: Every target is set\.\n {2}error: No rows to predict: Every target is set\.\n {2}warning: Late anchor: after the data/,
    );
  });

  it('Ctrl+C while following detaches, leaves the job running and says how to cancel it', async () => {
    world.server.launch = {
      steps: Array.from({ length: 10_000 }, () => ({
        status: 'RUNNING',
        stage: 'Predicting',
        progress: [1, 9] as [number, number],
      })),
    };
    const controller = new AbortController();
    const cancels = world.server.requestsTo('POST', /cancel$/).length;
    const progressPolls = () =>
      world.server.requestsTo('GET', /^\/prediction_jobs\/bp-job-standin-\d+\/progress$/).length;
    const polledBefore = progressPolls();
    const running = world.cli(['predict', 'dnf.prediction.yaml', '--interval', '0.01'], { signal: controller.signal });
    // Ctrl+C once the CLI is following the launched job (it has polled its progress a few times).
    let ended = false;
    void running.then(() => (ended = true));
    while (!ended && progressPolls() < polledBefore + 2) await new Promise((resolve) => setTimeout(resolve, 20));
    // Not an assertion message: that template is evaluated first, and awaiting the CLI there waits forever.
    if (ended) assert.fail(`the CLI ended before it followed the job: ${(await running).stderr}`);
    controller.abort(new Error('interrupted by SIGINT'));
    const run = await running;
    assert.equal(run.code, 130);
    assert.match(
      run.stderr,
      /Detached: (kumo:bp-job-standin-\d+) keeps running on Kumo\. Follow it again with 'relgraph kumo follow \1'; cancel it with 'relgraph kumo cancel \1'\./,
    );
    assert.equal(world.server.requestsTo('POST', /cancel$/).length, cancels, 'the job was not cancelled');
  });
});

describe('Kumo failures as a user meets them (contract stand-in)', () => {
  it('401: the key was refused, with what to do and without the key', async () => {
    const run = await world.cli(['kumo', 'status'], { env: { KUMO_API_KEY: 'acme:wrong-key-123' } });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Kumo refused the API key \(HTTP 401 for GET \/connectors on http:\/\/127\.0\.0\.1:\d+\/api\)[^\n]*Create a new one in Kumo's settings \(API keys\) and set KUMO_API_KEY/,
    );
    assert.doesNotMatch(run.stderr + run.stdout, /wrong-key-123/);
  });

  it('404 on a job id: no such job on that Kumo', async () => {
    const run = await world.cli(['kumo', 'show', 'kumo:bp-job-nope']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no such job bp-job-nope on http:\/\/127\.0\.0\.1:\d+\/api/);
  });

  it('429 and 503 are retried with backoff (and Retry-After), then the answer is used', async () => {
    world.server.fail({
      method: 'GET',
      path: /^\/prediction_jobs\/bp-job-done$/,
      status: 429,
      retryAfter: '0',
      times: 2,
    });
    world.server.fail({ method: 'GET', path: /^\/prediction_jobs\/bp-job-done$/, status: 503, times: 2 });
    const before = world.server.requestsTo('GET', /^\/prediction_jobs\/bp-job-done$/).length;
    const run = await world.cli(['kumo', 'show', 'kumo:bp-job-done']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /DONE/);
    assert.equal(world.server.requestsTo('GET', /^\/prediction_jobs\/bp-job-done$/).length - before, 5);
    assert.match(
      run.stderr,
      /GET \/prediction_jobs\/bp-job-done failed \(HTTP 429: stand-in fault 429\); attempt 2 in 0\.0 s/,
    );
    assert.match(run.stderr, /failed \(HTTP 503: stand-in fault 503\); attempt 5/);
  });

  it('a 503 that lasts gives up after the SDK budget (5 retries) and says so', async () => {
    world.server.fail({ method: 'GET', path: /^\/connectors$/, status: 503, times: 100 });
    const run = await world.cli(['kumo', 'status']);
    world.server.clearFaults();
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Kumo did not serve GET \/connectors on http:\/\/127\.0\.0\.1:\d+\/api: HTTP 503: stand-in fault 503 after 6 attempts\. Kumo may be busy or down: try again later\./,
    );
  });

  it('a connection reset is retried for a read; a launch is not sent twice', async () => {
    world.server.fail({ method: 'GET', path: /^\/prediction_jobs\/bp-job-done$/, reset: true, times: 1 });
    const read = await world.cli(['kumo', 'show', 'kumo:bp-job-done']);
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stderr, /failed \((connection reset|ECONNRESET|other side closed)\); attempt 2/);

    world.server.launch = {};
    world.server.fail({ method: 'POST', path: /^\/prediction_jobs$/, reset: true, times: 1 });
    const posts = world.server.requestsTo('POST', /^\/prediction_jobs$/).length;
    const launch = await world.cli(['predict', 'dnf.prediction.yaml', '--detach']);
    assert.equal(launch.code, 1);
    assert.match(
      launch.stderr,
      /The connection to Kumo broke during POST \/prediction_jobs[^\n]*Kumo may have acted on it: check `relgraph kumo jobs list`/,
    );
    assert.equal(world.server.requestsTo('POST', /^\/prediction_jobs$/).length - posts, 1);
  });

  it('a slow server hits the per-request time limit, is retried, then reported', async () => {
    world.server.fail({ method: 'GET', path: /^\/prediction_jobs\/bp-job-done$/, delayMs: 600, times: 4 });
    const run = await world.cli(['kumo', 'show', 'kumo:bp-job-done'], { env: { RELGRAPH_KUMO_TIMEOUT_MS: '150' } });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Kumo did not answer GET \/prediction_jobs\/bp-job-done on http:\/\/127\.0\.0\.1:\d+\/api within 0\.1 s after 4 attempts\. Check your network, or allow more time with RELGRAPH_KUMO_TIMEOUT_MS\./,
    );
    await new Promise((resolve) => setTimeout(resolve, 700)); // let the slow answers drain
  });

  it('an unreachable Kumo is named, with the URL to check', async () => {
    const port = await closedPort();
    const run = await world.cli(['kumo', 'jobs'], { env: { KUMO_API_URL: `http://127.0.0.1:${port}/api` } });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `Cannot reach Kumo at http://127\\.0\\.0\\.1:${port}/api \\(ECONNREFUSED\\) after 4 attempts\\. Check KUMO_API_URL`,
      ),
    );
  });

  it('without KUMO_API_URL / KUMO_API_KEY, says what to set', async () => {
    const run = await world.cli(['kumo', 'status'], { env: { KUMO_API_URL: '', KUMO_API_KEY: '' } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Kumo is not configured: set KUMO_API_URL/);
  });
});
