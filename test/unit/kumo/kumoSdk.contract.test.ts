import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KumoTestWorld, predictionPartitions, SECRET_KEY } from '../../kumo/kumoTestWorld';
import { CUSTOMER_COLUMNS, ORDER_COLUMNS, SHOP_BINARY_JOB, SHOP_CONNECTORS } from '../../kumo/shopKumoState';

/**
 * `relgraph kumo pull`, `relgraph kumo script` and predictions on another graph, run with the user's
 * Python against the kumoai contract stand-in (test/kumo/python: the argument names of the real SDK
 * only, every call recorded) and the Kumo contract stand-in server. Stand-ins, because neither Kumo's
 * SDK nor its cloud can be reached from here.
 */
let world: KumoTestWorld;

function python(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const STATE = {
  training_jobs: { 'trainingjob-shop': SHOP_BINARY_JOB },
  connectors: {
    ...SHOP_CONNECTORS,
    lake: {
      class: 'DatabricksConnector',
      tables: { CUSTOMERS: { columns: CUSTOMER_COLUMNS }, ORDERS: { columns: ORDER_COLUMNS } },
    },
  },
};

const NEW_GRAPH_SPEC = [
  'kind: prediction',
  'training_job: kumo:trainingjob-shop',
  'anchor_time: 2024-06-01',
  'binary_classification_threshold: 0.35',
  'num_workers: 2',
  'graph:',
  '  tables:',
  '    customers:',
  '      source: { connector: shop_sf, table: CUSTOMERS_2024 }',
  '      primary_key: customer_id',
  '      columns:',
  '        country: { stype: text }',
  '    orders:',
  '      source: { connector: shop_sf, table: ORDERS_2024 }',
  '      primary_key: order_id',
  '      time_column: ts',
  '  edges:',
  '    - { src_table: orders, fkey: customer_id, dst_table: customers }',
  'destination: { type: snowflake, connector: warehouse_out, table: CHURN_2024, write_mode: append }',
  '',
].join('\n');

before(async () => {
  world = await KumoTestWorld.create();
  world.standinState(STATE);
  world.server.addJob({
    id: 'trainingjob-shop',
    kind: 'training',
    steps: [{ status: 'DONE', stage: 'Training' }],
    createdAt: '2024-02-01T09:00:00+00:00',
  });
  world.server.launch = { partitions: { predictions: await predictionPartitions(12, 2) }, numEntities: 12 };
});

// Whatever the tests did, the key appears in no output and no file, and nothing undocumented was sent.
after(() => world.removeCheckingNothingLeaked());

describe('relgraph kumo pull (kumoai contract stand-in)', () => {
  const cache = () => path.join(world.dir, '.relgraph', 'kumo', 'trainingjob-shop.json');

  it("caches the training job's query and graph from PredictiveQuery.load_from_training_job", async () => {
    const run = await world.cli(['kumo', 'pull', 'kumo:trainingjob-shop']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Pulled kumo:trainingjob-shop \(binary_classification\): 2 tables, 7 columns, 1 edges\n/);
    assert.match(run.stdout, /cached: \.relgraph\/kumo\/trainingjob-shop\.json/);
    const pulled = JSON.parse(fs.readFileSync(cache(), 'utf8'));
    assert.equal(pulled.query, STATE.training_jobs['trainingjob-shop'].query);
    assert.equal(pulled.kumoHost, new URL(world.server.url).host);
    assert.deepEqual(pulled.tables[1], {
      name: 'orders',
      primaryKey: 'order_id',
      timeColumn: 'ts',
      columns: ORDER_COLUMNS,
      source: { connector: 'shop_sf', connectorType: 'SnowflakeConnector', table: 'ORDERS' },
    });
    assert.deepEqual(pulled.edges, [{ srcTable: 'orders', fkey: 'customer_id', dstTable: 'customers' }]);
    const calls = world.standinCalls().map((c) => c.call);
    assert.deepEqual(calls.slice(0, 2), ['init', 'PredictiveQuery.load_from_training_job']);
    assert.equal(world.standinCalls()[0].args.api_key_from_environment, true);
  });

  it('keeps a current copy, and pulls again when Kumo changed the job since, or with --force', async () => {
    const again = await world.cli(['kumo', 'pull', 'kumo:trainingjob-shop']);
    assert.match(again.stdout, /^kumo:trainingjob-shop is up to date \(pulled /);
    const stale = JSON.parse(fs.readFileSync(cache(), 'utf8'));
    fs.writeFileSync(
      cache(),
      JSON.stringify({ ...stale, pulledAt: '2024-01-01T00:00:00.000Z', jobUpdatedAt: '2024-01-01T00:00:00.000Z' }),
    );
    const refreshed = await world.cli(['kumo', 'pull', 'kumo:trainingjob-shop']);
    assert.match(
      refreshed.stderr,
      /kumo:trainingjob-shop changed on Kumo since it was pulled \(2024-01-01T00:00:00\.000Z\): pulling it again/,
    );
    assert.match(refreshed.stdout, /^Pulled kumo:trainingjob-shop/);
    const forced = await world.cli(['kumo', 'pull', 'trainingjob-shop', '--force']);
    assert.match(forced.stdout, /^Pulled/);
    const status = await world.cli(['kumo', 'status']);
    assert.match(status.stdout, /Pulled training graphs:\n {2}kumo:trainingjob-shop {2}pulled \S+ {2}current/);
  });

  it('says exactly what to install, and which Python it tried, when kumoai is not importable', async () => {
    const run = await world.cli(['kumo', 'pull', 'kumo:trainingjob-shop', '--force'], { env: { PYTHONPATH: '' } });
    assert.equal(run.code, 1);
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8',
    }).stdout.trim();
    assert.match(
      run.stderr,
      new RegExp(
        `Kumo's Python SDK is not importable by ${python.replace(/[.]/g, '\\.')} \\(python3 on PATH\\): ModuleNotFoundError: No module named 'kumoai'\\. Install it into that Python with '${python.replace(/[.]/g, '\\.')} -m pip install kumoai'`,
      ),
    );
    const missing = await world.cli([
      'kumo',
      'pull',
      'kumo:trainingjob-shop',
      '--force',
      '--python',
      '/nonexistent/python3',
    ]);
    assert.match(
      missing.stderr,
      /No Python at '\/nonexistent\/python3' \(--python\)\. Install Python 3 with Kumo's SDK \(pip install kumoai\)/,
    );
    const chosen = await world.cli(['kumo', 'pull', 'kumo:trainingjob-shop', '--force'], {
      env: { KUMO_PYTHON: '/nonexistent/py' },
    });
    assert.match(chosen.stderr, /No Python at '\/nonexistent\/py' \(KUMO_PYTHON\)/);
  });

  it('refuses a job Kumo does not have, and a batch prediction job', async () => {
    const unknown = await world.cli(['kumo', 'pull', 'kumo:trainingjob-nope']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no such job trainingjob-nope on http:\/\/127\.0\.0\.1:\d+\/api/);
  });
});

describe('predicting on another graph: the generated SDK script (kumoai contract stand-in)', () => {
  before(() => world.write('new.prediction.yaml', NEW_GRAPH_SPEC));

  it("relgraph kumo script writes Kumo's recipe: readable, commented, without any secret", async () => {
    const run = await world.cli([
      'kumo',
      'script',
      'new.prediction.yaml',
      '-o',
      'predict_new.py',
      '--tag',
      'team=growth',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Wrote predict_new\.py: run it with KUMO_API_URL and KUMO_API_KEY set/);
    const script = fs.readFileSync(path.join(world.dir, 'predict_new.py'), 'utf8');
    assert.doesNotMatch(script, new RegExp(SECRET_KEY));
    assert.doesNotMatch(script, /127\.0\.0\.1/, 'not even the URL: both come from the environment');
    assert.match(script, /kumoai\.init\(url=os\.environ\["KUMO_API_URL"\], api_key=os\.environ\["KUMO_API_KEY"\]\)/);
    assert.match(script, /^connector_shop_sf = SnowflakeConnector\.get_by_name\("shop_sf"\)$/m);
    assert.match(
      script,
      /source_table=connector_shop_sf\.table\("ORDERS_2024"\),\n {4}columns=\["order_id", "customer_id", "ts", "amount"\], {2}# the columns the model was trained on/,
    );
    assert.match(script, /^table_customers\.column\("country"\)\.stype = "text"$/m, "the spec's override");
    assert.match(script, /^# 3\. The graph\. Its keys must be the training graph's table names/m);
    const check = spawnSync('python3', ['-m', 'py_compile', path.join(world.dir, 'predict_new.py')], {
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, check.stderr);
  });

  it('runs with the SDK stand-in: every call is one the real SDK takes, and Kumo gets the job', async () => {
    const before = world.standinCalls().length;
    // Not spawnSync: the contract server answers from this very process.
    const run = await python(['predict_new.py'], {
      cwd: world.dir,
      env: { ...world.env, KUMOAI_STANDIN_POLL_S: '0.01' },
    });
    world.outputs.push(run.stdout, run.stderr);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Kumo batch prediction job: (bp-job-standin-\d+)\n\{'num_entities_predicted': 12\}\n$/);
    const calls = world.standinCalls().slice(before);
    assert.deepEqual(
      calls.map((c) => c.call),
      [
        'init',
        'PredictiveQuery.load_from_training_job',
        'SnowflakeConnector.get_by_name',
        'SnowflakeConnector.get_by_name',
        'SnowflakeConnector.table',
        'Table.from_source_table',
        'Table.infer_metadata',
        'SnowflakeConnector.table',
        'Table.from_source_table',
        'Table.infer_metadata',
        'Graph',
        'PredictiveQuery.suggest_prediction_table_plan',
        'PredictiveQuery.generate_prediction_table',
        'Trainer.load',
        'Trainer.predict',
        'BatchPredictionJob.attach',
      ],
    );
    const args = (name: string) => calls.find((c) => c.call === name)!.args;
    assert.deepEqual(args('Graph').tables, {
      customers: { source: 'CUSTOMERS_2024', connector: 'shop_sf' },
      orders: { source: 'ORDERS_2024', connector: 'shop_sf' },
    });
    assert.equal(args('PredictiveQuery.generate_prediction_table').anchor_time, '2024-06-01T00:00:00');
    const predict = args('Trainer.predict');
    assert.equal(predict.training_job_id, 'trainingjob-shop');
    assert.equal(predict.binary_classification_threshold, 0.35);
    assert.equal(predict.num_workers, 2);
    assert.deepEqual(predict.custom_tags, { team: 'growth' });
    assert.deepEqual((predict.output_config as { output_types: string[] }).output_types, ['predictions']);
    // What the stand-in SDK sent Kumo passed the contract server's BatchPredictionRequest checks.
    const body = world.server.requestsTo('POST', /^\/prediction_jobs$/).at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(body.outputs, [
      {
        storage_type: 'SNOWFLAKE',
        artifact_type: 'PREDICTIONS',
        connector_id: 'warehouse_out',
        table_name: 'CHURN_2024_predictions',
        extra_fields: ['JOB_TIMESTAMP'],
        write_mode: 'APPEND',
      },
    ]);
    assert.match(String(body.pred_table_job_id), /^gen-predtable-job-standin-/);
  });

  it("relgraph predict runs the script with the user's Python, streams its output, then follows the job", async () => {
    const run = await world.cli(['predict', 'new.prediction.yaml', '--interval', '0.01', '--head', '2']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /with Kumo's Python SDK: the graph differs from the training graph/);
    assert.match(run.stderr, /^ {2}\| Kumo batch prediction job: (bp-job-standin-\d+)\n(kumo:\1): accepted by Kumo/m);
    assert.match(run.stdout, /^DONE kumo:bp-job-standin-\d+/);
    assert.match(run.stdout, /First 2 prediction rows:/);
  });

  it('relgraph predict pulls again a training graph Kumo changed since the pull, before checking the spec', async () => {
    const cache = path.join(world.dir, '.relgraph', 'kumo', 'trainingjob-shop.json');
    const pulled = JSON.parse(fs.readFileSync(cache, 'utf8'));
    const old = '2024-01-01T00:00:00.000Z';
    fs.writeFileSync(cache, JSON.stringify({ ...pulled, pulledAt: old, jobUpdatedAt: old }));
    const run = await world.cli(['predict', 'new.prediction.yaml', '--detach']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^kumo:trainingjob-shop changed on Kumo since it was pulled \(2024-01-01T00:00:00\.000Z\): pulling it again\n {2}pulled again: \.relgraph\/kumo\/trainingjob-shop\.json\n/m,
    );
    assert.match(run.stderr, /with Kumo's Python SDK: the graph differs from the training graph/);
    assert.match(run.stdout, /^kumo:bp-job-standin-\d+\n$/);
    const refreshed = JSON.parse(fs.readFileSync(cache, 'utf8'));
    assert.notEqual(refreshed.pulledAt, old);
    assert.notEqual(refreshed.jobUpdatedAt, old);
    // Current now: the next run checks against the copy without pulling.
    const again = await world.cli(['predict', 'new.prediction.yaml', '--detach']);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /pulling it again|pulled again/);
  });

  it('other settings: a connector of unknown kind, an excluded column, a prediction table, S3 outputs', async () => {
    world.write(
      'lake.prediction.yaml',
      NEW_GRAPH_SPEC.replace('training_job: kumo:trainingjob-shop', 'training_job: kumo:trainingjob-unpulled')
        .replace(/shop_sf, table: (\w+)_2024/g, 'lake, table: $1')
        .replace('        country: { stype: text }', '        segment: { exclude: true }')
        .replace('anchor_time: 2024-06-01', 'prediction_table: s3://bucket/entities.parquet')
        .replace(
          /destination: .*/,
          'destination: { type: s3, path: "s3://bucket/preds/lake/{{PARTITION}}.parquet" }\noutput_types: [predictions, embeddings]',
        ),
    );
    world.server.addJob({ id: 'trainingjob-unpulled', kind: 'training', steps: [{ status: 'DONE' }] });
    world.standinState({
      ...STATE,
      training_jobs: { ...STATE.training_jobs, 'trainingjob-unpulled': STATE.training_jobs['trainingjob-shop'] },
    });
    const script = await world.cli(['kumo', 'script', 'lake.prediction.yaml', '-o', 'lake.py']);
    assert.equal(script.code, 0, script.stderr);
    const text = fs.readFileSync(path.join(world.dir, 'lake.py'), 'utf8');
    assert.match(text, /^connector_lake = load_connector\("lake"\)$/m, 'a connector the training graph did not use');
    assert.match(text, /columns=\[c for c in source_customers\.column_dict if c not in \{"segment"\}\]/);
    assert.match(text, /prediction_table = PredictionTable\(table_data_path="s3:\/\/bucket\/entities\.parquet"\)/);
    assert.match(
      text,
      /output_connector=S3Connector\(root_dir="s3:\/\/bucket\/preds"\),\n {8}output_table_name="lake",/,
    );
    const before = world.standinCalls().length;
    const run = await python(['lake.py', '--detach'], { cwd: world.dir, env: world.env });
    world.outputs.push(run.stdout, run.stderr);
    assert.equal(run.status, 0, run.stderr);
    const calls = world.standinCalls().slice(before);
    assert.deepEqual(
      calls.filter((c) => c.call.endsWith('get_by_name')).map((c) => c.call),
      ['SnowflakeConnector.get_by_name', 'DatabricksConnector.get_by_name'],
    );
    assert.deepEqual(calls.find((c) => c.call === 'Table.from_source_table')!.args.columns, ['customer_id', 'country']);
    const body = world.server.requestsTo('POST', /^\/prediction_jobs$/).at(-1)!.body as Record<string, unknown>;
    assert.equal(body.pred_table_path, 's3://bucket/entities.parquet');
    assert.deepEqual(
      (body.outputs as { file_path: string }[]).map((o) => o.file_path),
      ['s3://bucket/preds/lake_embeddings', 's3://bucket/preds/lake_predictions'],
    );
  });

  it('a graph of local files cannot run on Kumo: refused, naming the table', async () => {
    world.write('data/customers.csv', 'customer_id\n1\n');
    world.write(
      'files.prediction.yaml',
      NEW_GRAPH_SPEC.replace('source: { connector: shop_sf, table: CUSTOMERS_2024 }', 'source: data/customers.csv'),
    );
    const script = await world.cli(['kumo', 'script', 'files.prediction.yaml']);
    assert.equal(script.code, 1);
    assert.match(
      script.stderr,
      /table 'customers' reads 'data\/customers\.csv', a file on this machine, which Kumo cannot read/,
    );
    const predict = await world.cli(['predict', 'files.prediction.yaml', '--no-data']);
    assert.equal(predict.code, 1);
    assert.match(predict.stderr, /cannot run on Kumo: table 'customers' reads/);
  });
});
