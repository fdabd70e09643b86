import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSpec } from '../../../core/spec/parseSpec';
import { KumoTestWorld, SECRET_KEY, type CliRun } from '../../kumo/kumoTestWorld';
import { column, SHOP_BINARY_JOB, SHOP_CONNECTORS, SHOP_TRAINING_GRAPH } from '../../kumo/shopKumoState';

/**
 * `relgraph scaffold` for a model trained on Kumo (`--from kumo:<id>`), its sources matched against a
 * Kumo connector's tables (`--connector`), run with the real CLI against the Kumo contract stand-in
 * server and the kumoai contract stand-in package (test/kumo), since neither Kumo's cloud nor its SDK
 * can be reached from here. The scaffolded specs must validate clean and be accepted by `relgraph
 * predict --detach`.
 */
let world: KumoTestWorld;

const STATE = {
  training_jobs: {
    'trainingjob-shop': SHOP_BINARY_JOB,
    'trainingjob-spend': {
      query: 'PREDICT SUM(orders.amount, 0, 30, days) FOR EACH customers.customer_id',
      task_type: 'regression',
      graph: SHOP_TRAINING_GRAPH,
    },
  },
  connectors: {
    ...SHOP_CONNECTORS,
    // A connector the training graph never used, missing a column and a table, and with a key retyped.
    shop_2025: {
      class: 'BigQueryConnector',
      tables: {
        CUSTOMERS: {
          columns: [column('customer_id', 'string', 'ID'), column('segment', 'string', 'categorical')],
        },
        PAYMENTS: {
          columns: [
            column('payment_id', 'int', 'ID'),
            column('customer_id', 'int', 'ID'),
            column('amount', 'float', 'numerical'),
          ],
        },
      },
    },
  },
};

before(async () => {
  world = await KumoTestWorld.create();
  world.standinState(STATE);
  for (const id of ['trainingjob-shop', 'trainingjob-spend']) {
    world.server.addJob({
      id,
      kind: 'training',
      steps: [{ status: 'DONE', stage: 'Training' }],
      createdAt: '2024-02-01T09:00:00+00:00',
    });
  }
});

after(async () => {
  assert.equal(world.outputs.filter((o) => o.includes(SECRET_KEY)).length, 0, 'the key was printed');
  assert.deepEqual(world.filesWithKey(), []);
  assert.deepEqual(world.server.violations, []);
  await world.remove();
});

function scaffoldGraph(jobId: string, ...args: string[]): Promise<CliRun> {
  return world.cli(['scaffold', 'inference-graph', '--from', `kumo:${jobId}`, ...args]);
}

/** `relgraph scaffold prediction --from kumo:<jobId> --graph <graph> <args>` */
function scaffoldPrediction(jobId: string, graph: string, ...args: string[]): Promise<CliRun> {
  return world.cli(['scaffold', 'prediction', '--from', `kumo:${jobId}`, '--graph', graph, ...args]);
}

function read(name: string): string {
  return fs.readFileSync(path.join(world.dir, name), 'utf8');
}

/** The report's decision lines: one per table, and the problems under them. */
function decisions(report: string): string[] {
  return report.split('\n').filter((line) => /^[ !?] [a-z]|^ +- /.test(line));
}

async function validateClean(...files: string[]): Promise<void> {
  const run = await world.cli(['validate', ...files]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, new RegExp(`0 errors, 0 warnings in ${files.length} files?\n`));
}

/** `relgraph predict <spec> --detach`: Kumo accepted the job; the request it got. */
async function predictDetached(spec: string): Promise<Record<string, unknown>> {
  const before = world.server.requestsTo('POST', /^\/prediction_jobs$/).length;
  const run = await world.cli(['predict', spec, '--detach']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^kumo:bp-job-standin-\d+\n$/);
  assert.match(run.stderr, /Launching on Kumo \([^)]+\) with Kumo's Python SDK/);
  const posts = world.server.requestsTo('POST', /^\/prediction_jobs$/);
  assert.equal(posts.length, before + 1);
  return posts[posts.length - 1].body as Record<string, unknown>;
}

describe('relgraph scaffold --from kumo:<id> (Kumo and kumoai contract stand-ins)', () => {
  it('says which command pulls a training graph that is not in the workspace', async () => {
    const run = await scaffoldGraph('trainingjob-shop', '--connector', 'shop_sf');
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^relgraph scaffold: the training graph of kumo:trainingjob-shop is not pulled into this workspace \([^)]+\): run 'relgraph kumo pull kumo:trainingjob-shop' first/,
    );
    assert.deepEqual(world.standinCalls(), [], 'neither the SDK nor Kumo was asked for tables');

    for (const id of ['trainingjob-shop', 'trainingjob-spend']) {
      const pull = await world.cli(['kumo', 'pull', `kumo:${id}`]);
      assert.equal(pull.code, 0, pull.stderr);
    }
  });

  it("matches a connector's new tables by their columns and writes connector sources that validate clean", async () => {
    const callsBefore = world.standinCalls().length;
    const run = await scaffoldGraph(
      'trainingjob-shop',
      '--connector',
      'shop_sf',
      '--tables',
      '*_2024',
      '-o',
      'shop-2024.graph.yaml',
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /^Reading the tables of Kumo connector 'shop_sf' with Kumo's SDK \(python3\)\.\.\.\n/);
    assert.match(
      run.stdout,
      /^Training graph: Kumo training job kumo:trainingjob-shop \(pulled \d{4}-\d\d-\d\d\), 2 tables, 1 edge\nCandidates: 2 of the 4 source tables of Kumo connector shop_sf \(SnowflakeConnector\) named like '\*_2024'\n/,
    );
    assert.deepEqual(decisions(run.stdout), [
      '  customers  CUSTOMERS_2024 (matched by its columns: 3 of 3 columns the model uses)',
      '  orders     ORDERS_2024 (matched by its columns: 4 of 4 columns the model uses)',
    ]);
    assert.match(run.stdout, /Wrote shop-2024\.graph\.yaml: 2 of 2 tables matched cleanly\.\n/);
    assert.match(
      run.stdout,
      /Next: relgraph scaffold prediction --from kumo:trainingjob-shop --graph shop-2024\.graph\.yaml -o shop-2024\.prediction\.yaml\n/,
    );

    // The connector was loaded as the kind the training graph recorded, and only documented calls were made.
    const calls = world.standinCalls().slice(callsBefore);
    assert.deepEqual(
      calls.filter((c) => c.call.endsWith('get_by_name')).map((c) => [c.call, c.args.name]),
      [['SnowflakeConnector.get_by_name', 'shop_sf']],
    );
    assert.ok(calls.some((c) => c.call === 'SnowflakeConnector.table_names'));
    // --tables filters the names before any table's columns are read.
    assert.deepEqual(
      calls.filter((c) => c.call === 'SourceTable.columns').map((c) => c.args.table),
      ['CUSTOMERS_2024', 'ORDERS_2024'],
    );

    const text = read('shop-2024.graph.yaml');
    assert.match(
      text,
      / {2}customers:\n {4}# Matched by its columns: 3 of 3 columns the model uses\.\n {4}source: \{ connector: shop_sf, table: CUSTOMERS_2024 \}\n {4}primary_key: customer_id\n {4}columns:\n {6}segment: categorical\n {6}country: categorical\n/,
    );
    assert.match(
      text,
      / {4}source: \{ connector: shop_sf, table: ORDERS_2024 \}\n {4}primary_key: order_id\n {4}time_column: ts\n/,
    );
    const graph = parseSpec(text, path.join(world.dir, 'shop-2024.graph.yaml')).spec;
    assert.ok(graph?.kind === 'graph');
    assert.deepEqual(
      graph.tables.map((t) => [t.name, t.connectorSource?.connector.value, t.connectorSource?.table.value]),
      [
        ['customers', 'shop_sf', 'CUSTOMERS_2024'],
        ['orders', 'shop_sf', 'ORDERS_2024'],
      ],
    );
    await validateClean('shop-2024.graph.yaml');
  });

  it('scaffolds the binary prediction spec (threshold from the pulled task type) that Kumo accepts', async () => {
    const run = await scaffoldPrediction('trainingjob-shop', 'shop-2024.graph.yaml', '-o', 'shop-2024.prediction.yaml');
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Wrote shop-2024\.prediction\.yaml: binary classification, anchor time inferred by Kumo \(latest orders\.ts\)\.\n/,
    );
    const text = read('shop-2024.prediction.yaml');
    assert.match(text, /\nkind: prediction\ntraining_job: kumo:trainingjob-shop\ngraph: shop-2024\.graph\.yaml\n/);
    assert.match(
      text,
      /# Left out, Kumo sets the anchor time to the latest orders\.ts \(tables behind a Kumo connector/,
    );
    assert.match(text, /\nbinary_classification_threshold: 0\.5 /);
    // On Kumo a local destination is Kumo's "local download": the alternatives name the graph's own warehouse.
    assert.match(
      text,
      /\n# destination: \{ type: snowflake, connector: shop_sf, table: SHOP_2024, write_mode: overwrite \}\n/,
    );
    assert.match(
      text,
      /\ndestination:\n {2}type: local\n {2}path: out\/shop-2024\.csv # written as out\/shop-2024_predictions\.csv\n/,
    );
    await validateClean('shop-2024.graph.yaml', 'shop-2024.prediction.yaml');

    const callsBefore = world.standinCalls().length;
    const request = await predictDetached('shop-2024.prediction.yaml');
    assert.equal(request.model_training_job_id, 'trainingjob-shop');
    assert.deepEqual(request.predict_options, {
      binary_classification_threshold: 0.5,
      num_classes_to_return: null,
      num_workers: 1,
    });
    assert.deepEqual(request.outputs, [{ storage_type: 'LOCAL', artifact_type: 'PREDICTIONS', extra_fields: [] }]);
    const graphCall = world
      .standinCalls()
      .slice(callsBefore)
      .find((c) => c.call === 'Graph');
    assert.deepEqual(graphCall?.args.tables, {
      customers: { source: 'CUSTOMERS_2024', connector: 'shop_sf' },
      orders: { source: 'ORDERS_2024', connector: 'shop_sf' },
    });
  });

  it('tells when the names match the very tables the model was trained on', async () => {
    const run = await scaffoldGraph('trainingjob-shop', '--connector', 'shop_sf', '--json');
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { tables: Record<string, unknown>[]; unused: string[]; text: string };
    assert.deepEqual(
      json.tables.map((t) => [t.table, t.status, t.reason, t.source, t.trainingSource]),
      [
        ['customers', 'matched', 'file-name', { connector: 'shop_sf', table: 'CUSTOMERS' }, true],
        ['orders', 'matched', 'file-name', { connector: 'shop_sf', table: 'ORDERS' }, true],
      ],
    );
    assert.deepEqual(json.unused, ['CUSTOMERS_2024', 'ORDERS_2024']);
    assert.match(
      json.text,
      / {2}customers:\n {4}# Same name as the training source table; it is the table the model was trained on, not new data\.\n {4}source: \{ connector: shop_sf, table: CUSTOMERS \}\n/,
    );
  });

  it("--match picks another of the connector's tables by its name, in any case; --json gives every table's fits", async () => {
    const run = await scaffoldGraph(
      'trainingjob-shop',
      '--connector',
      'shop_sf',
      '--match',
      'customers=customers_2024',
      '--json',
    );
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { tables: Record<string, unknown>[]; unused: string[]; text: string };
    const [customers, orders] = json.tables as {
      reason: string;
      source: unknown;
      description: { reason: string; problems: string[] };
      fits: { candidate: string; source: unknown; matched: number; missing: unknown[] }[];
    }[];
    assert.equal(customers.reason, 'chosen');
    assert.deepEqual(customers.source, { connector: 'shop_sf', table: 'CUSTOMERS_2024' });
    assert.deepEqual(customers.description, {
      source: 'CUSTOMERS_2024',
      reason: 'chosen: 3 of 3 columns the model uses',
      problems: [],
    });
    assert.deepEqual(
      customers.fits.map((f) => [f.candidate, f.matched]),
      [
        ['CUSTOMERS', 3],
        ['CUSTOMERS_2024', 3],
        ['ORDERS', 1],
        ['ORDERS_2024', 1],
      ],
    );
    assert.deepEqual(customers.fits[1].source, { connector: 'shop_sf', table: 'CUSTOMERS_2024' });
    assert.equal(
      (orders as { description: { reason: string } }).description.reason,
      'same name as the training source table; it is the table the model was trained on, not new data',
    );
    assert.deepEqual(json.unused, ['CUSTOMERS', 'ORDERS_2024']);
    assert.match(
      json.text,
      / {2}customers:\n {4}# Chosen: 3 of 3 columns the model uses\.\n {4}source: \{ connector: shop_sf, table: CUSTOMERS_2024 \}\n/,
    );

    const unknown = await scaffoldGraph(
      'trainingjob-shop',
      '--connector',
      'shop_sf',
      '--tables',
      '*_2024',
      '--match',
      'customers=CUSTOMERS',
    );
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /--match customers=CUSTOMERS: Kumo connector shop_sf has no source table CUSTOMERS among the tables scaffold read \(with --tables, only those named like its pattern\)/,
    );
  });

  it('kumo status --json names the connectors each pulled training graph read its tables through', async () => {
    const run = await world.cli(['kumo', 'status', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const graphs = (JSON.parse(run.stdout) as { trainingGraphs: { job: string; connectors: string[] }[] })
      .trainingGraphs;
    assert.deepEqual(graphs.map((g) => [g.job, g.connectors]).sort(), [
      ['kumo:trainingjob-shop', ['shop_sf']],
      ['kumo:trainingjob-spend', ['shop_sf']],
    ]);
  });

  it('reports a connector missing a table and a column, or retyping one, exactly, and the written graph shows them', async () => {
    const run = await scaffoldGraph('trainingjob-shop', '--connector', 'shop_2025', '-o', 'shop-2025.graph.yaml');
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(decisions(run.stdout), [
      '  customers  CUSTOMERS (same name as the training source table)',
      '             - Missing columns the model uses: country (string). Add them to the data (empty values are allowed) or retrain without them.',
      '             - Retyped: customer_id was int, ID in training, is string, ID here; the model would read customers.customer_id differently.',
      '! orders     no match: no source table is named like it and none has its columns',
      '             - It needs a source with the columns order_id (int), customer_id (int), ts (date), amount (float). Closest: PAYMENTS, with customer_id, amount but without order_id, ts.',
    ]);
    assert.match(run.stdout, /Candidates: 2 source tables of Kumo connector shop_2025 \(BigQueryConnector\)\n/);
    assert.match(run.stdout, /0 of 2 tables matched cleanly, 1 matched with column problems, 1 without a source\./);
    // A connector the training graph never used: each kind is asked until one knows the name.
    assert.deepEqual(
      world
        .standinCalls()
        .filter((c) => c.call.endsWith('get_by_name') && c.args.name === 'shop_2025')
        .map((c) => c.call),
      ['SnowflakeConnector.get_by_name', 'DatabricksConnector.get_by_name', 'BigQueryConnector.get_by_name'],
    );

    const text = read('shop-2025.graph.yaml');
    assert.match(
      text,
      / {2}customers:\n {4}# Missing columns the model uses: country \(string\)\. [^\n]*\n( {4}#[^\n]*\n)* {4}source: \{ connector: shop_2025, table: CUSTOMERS \}\n/,
    );
    assert.match(
      text,
      / {2}orders:\n {4}# No match: no source table is named like it [^\n]*\n( {4}#[^\n]*\n)+ {4}source: # to fill in\n/,
    );
    const validate = await world.cli(['validate', 'shop-2025.graph.yaml', '--no-data']);
    assert.equal(validate.code, 1);
    assert.match(validate.stdout, /'tables\.orders\.source' is empty/);
  });

  it('says so when Kumo has no connector of that name', async () => {
    const run = await scaffoldGraph('trainingjob-shop', '--connector', 'shop_sff');
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /relgraph scaffold: Kumo has no connector named 'shop_sff' \(asked as SnowflakeConnector, DatabricksConnector, BigQueryConnector, S3Connector\): SnowflakeConnector: There does not exist/,
    );
  });

  it('scaffolds a regression spec writing to a warehouse table, which Kumo accepts', async () => {
    const graph = await scaffoldGraph(
      'trainingjob-spend',
      '--connector',
      'shop_sf',
      '--tables',
      '*_2024',
      '-o',
      'spend.graph.yaml',
    );
    assert.equal(graph.code, 0, graph.stderr);
    const run = await scaffoldPrediction(
      'trainingjob-spend',
      'spend.graph.yaml',
      '--storage',
      'snowflake',
      '--connector',
      'warehouse_out',
      '--table',
      'SPEND_2024',
      '-o',
      'spend.prediction.yaml',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Wrote spend\.prediction\.yaml: regression, anchor time inferred by Kumo/);
    const text = read('spend.prediction.yaml');
    assert.match(text, /# A regression model: no threshold and no number of classes apply\./);
    assert.doesNotMatch(text, /binary_classification_threshold|num_classes_to_return/);
    assert.match(
      text,
      /\ndestination:\n {2}type: snowflake\n {2}connector: warehouse_out\n {2}table: SPEND_2024 # written as SPEND_2024_predictions\n {2}write_mode: overwrite\n$/,
    );
    await validateClean('spend.graph.yaml', 'spend.prediction.yaml');
    const request = await predictDetached('spend.prediction.yaml');
    assert.equal(request.model_training_job_id, 'trainingjob-spend');
    assert.deepEqual(request.outputs, [
      {
        storage_type: 'SNOWFLAKE',
        artifact_type: 'PREDICTIONS',
        connector_id: 'warehouse_out',
        table_name: 'SPEND_2024_predictions',
        extra_fields: [],
        write_mode: 'OVERWRITE',
      },
    ]);
  });

  it('scaffolds an S3 destination, which Kumo accepts under the name its outputs get', async () => {
    const run = await scaffoldPrediction(
      'trainingjob-shop',
      'shop-2024.graph.yaml',
      '--path',
      's3://bucket/preds/churn.parquet',
      '-o',
      'churn-s3.prediction.yaml',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      read('churn-s3.prediction.yaml'),
      /\ndestination:\n {2}type: s3\n {2}path: s3:\/\/bucket\/preds\/churn\.parquet # Kumo names the predictions churn_predictions\n$/,
    );
    await validateClean('churn-s3.prediction.yaml');
    const request = await predictDetached('churn-s3.prediction.yaml');
    const [output] = request.outputs as Record<string, unknown>[];
    assert.equal(output.storage_type, 'S3');
    assert.match(String(output.file_path), /^s3:\/\/bucket\/preds\/churn_predictions/);
  });

  it('matches local files for a Kumo model too, and says Kumo cannot read them', async () => {
    world.write('files/customers.csv', 'customer_id,segment,country\n1,A,DE\n');
    world.write('files/orders.csv', 'order_id,customer_id,ts,amount\n1,1,2024-01-02,10.5\n');
    const run = await scaffoldGraph('trainingjob-shop', '--data', 'files', '-o', 'files.graph.yaml');
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(decisions(run.stdout), [
      '  customers  files/customers.csv (named after the table)',
      '  orders     files/orders.csv (named after the table)',
    ]);
    assert.match(run.stdout, /Note: Kumo reads tables through its connectors, not files on this machine/);
  });

  it('refuses options that do not fit the model or each other', async () => {
    const cases: [string[], RegExp][] = [
      [['inference-graph', '--from', 'x.training.yaml', '--connector', 'c'], /--connector applies to Kumo models/],
      [
        ['inference-graph', '--from', 'kumo:j', '--connector', 'c', '--data', 'd'],
        /give --data or --connector, not both/,
      ],
      [['inference-graph', '--from', 'kumo:j', '--tables', '*'], /--tables applies with --connector/],
      [['inference-graph', '--from', 'kumo:j', '--storage', 'snowflake'], /--storage applies to prediction/],
      [
        ['prediction', '--from', 'kumo:j', '--graph', 'g.graph.yaml', '--tables', '*'],
        /--tables applies to inference-graph/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await world.cli(['scaffold', ...args]);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
    }
    const destinations: [string[], RegExp][] = [
      [['--path', 'gs://b/x.parquet'], /--path takes a file here or an s3:\/\/ path/],
      [
        ['--storage', 'oracle', '--connector', 'c', '--table', 't'],
        /--storage must be one of snowflake, bigquery, databricks/,
      ],
      [
        ['--storage', 'snowflake', '--connector', 'c'],
        /--storage snowflake needs --connector <name> and --table <table>/,
      ],
      [['--storage', 'databricks', '--connector', 'c', '--table', 't'], /Databricks output tables are 'schema\.table'/],
      [['--connector', 'c'], /--connector applies to an s3:\/\/ --path or to --storage/],
    ];
    for (const [args, message] of destinations) {
      const run = await scaffoldPrediction('trainingjob-shop', 'shop-2024.graph.yaml', ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
    }
  });
});
