import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TrainingGraphMetadata } from '../../../core/spec/TrainingGraphMetadata';
import { KumoTestWorld } from '../../kumo/kumoTestWorld';
import { shopConnectorGraphLines } from '../../kumo/shopKumoState';
import { graphYaml, ShopWorkspace } from '../prediction/shopFixture';
import { LspTestClient } from '../server/lspTestClient';

/**
 * `training_job: kumo:<id>` gets every check a local training graph gets: the same spec is validated
 * against the local training spec, the local training job trained from it, and that job's graph pulled
 * from Kumo (the kumoai and Kumo contract stand-ins serve it), and the diagnostics must agree.
 */
let ws: ShopWorkspace;
let world: KumoTestWorld;
let localJob: string;
const KUMO_JOB = 'trainingjob-kumo-shop';

/** The kumoai stand-in's state: Kumo holds exactly the graph the local engine trained on, behind a connector. */
function standinState(graph: TrainingGraphMetadata): unknown {
  return {
    training_jobs: {
      [KUMO_JOB]: {
        query: graph.query,
        task_type: graph.taskType,
        graph: {
          tables: Object.fromEntries(
            graph.tables.map((t) => [
              t.name,
              {
                source: { connector: 'shop_sf', class: 'SnowflakeConnector', table: t.name.toUpperCase() },
                primary_key: t.primaryKey,
                time_column: t.timeColumn,
                columns: t.columns,
              },
            ]),
          ),
          edges: graph.edges.map((e) => ({ src_table: e.srcTable, fkey: e.fkey, dst_table: e.dstTable })),
        },
      },
    },
    connectors: {},
  };
}

/** An inference graph with one problem of each kind: a missing column, retyped ones, an extra table, a lost edge, no threshold. */
function predictionSpec(trainingJob: string): string {
  return [
    'kind: prediction',
    `training_job: ${trainingJob}`,
    'anchor_time: 2023-06-01',
    'graph:',
    '  tables:',
    '    customers:',
    '      source: data2/customers.csv',
    '      primary_key: customer_id',
    '      columns:',
    '        country: categorical',
    '    orders:',
    '      source: data2/orders.csv',
    '      primary_key: order_id',
    '      time_column: ts',
    '      columns:',
    '        store: categorical',
    '    product:',
    '      source: data2/products.csv',
    '      primary_key: product_id',
    '  edges: []',
    '',
  ].join('\n');
}

before(async () => {
  ws = ShopWorkspace.create();
  // `store` declared categorical: the engine records low-cardinality text as categorical where the data
  // checks default to text (Kumo's default for strings); declaring it keeps both readings the same.
  ws.write(
    'shop.graph.yaml',
    graphYaml('data').replace('    time_column: ts\n', '    time_column: ts\n    columns:\n      store: categorical\n'),
  );
  const job = await ws.train('binary');
  localJob = job.id;
  world = await KumoTestWorld.create();
  world.standinState(standinState((job.summary as { training_graph: TrainingGraphMetadata }).training_graph));
  world.server.addJob({ id: KUMO_JOB, kind: 'training', steps: [{ status: 'DONE', stage: 'Training' }] });
  // The inference data: `segment` dropped, `amount` now text, and a table the model never saw.
  const customers = fs.readFileSync(ws.path('data/customers.csv'), 'utf8').trim().split('\n');
  ws.write(
    'data2/customers.csv',
    customers
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 2)
          .join(','),
      )
      .join('\n') + '\n',
  );
  const orders = fs.readFileSync(ws.path('data/orders.csv'), 'utf8').trim().split('\n');
  ws.write(
    'data2/orders.csv',
    orders.map((l, i) => (i === 0 ? l : l.replace(/,([\d.]+),(\w+)$/, ',$1 EUR,$2'))).join('\n') + '\n',
  );
  ws.write('data2/products.csv', 'product_id,name\n1,pen\n');
});

after(async () => {
  assert.deepEqual(world.server.violations, []);
  ws.remove();
  await world.remove();
});

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: unknown;
}

async function validate(names: string[]): Promise<Map<string, JsonDiagnostic[]>> {
  const run = await world.cli(['validate', '--format', 'json', ...names], { cwd: ws.dir });
  const report = JSON.parse(run.stdout) as { files: { path: string; diagnostics: JsonDiagnostic[] }[] };
  return new Map(report.files.map((f) => [f.path, f.diagnostics]));
}

describe('relgraph validate against a pulled Kumo training graph', () => {
  it('without the pulled graph: one information diagnostic on the training_job line, saying how to fetch it', async () => {
    ws.write('kumo.prediction.yaml', predictionSpec(`kumo:${KUMO_JOB}`));
    const [diagnostic, ...others] = (await validate(['kumo.prediction.yaml'])).get('kumo.prediction.yaml')!;
    assert.deepEqual(
      others.filter((d) => /training|threshold/.test(d.code)),
      [],
      'nothing is compared without the training graph',
    );
    assert.equal(diagnostic.code, 'kumo-training-graph-not-pulled');
    assert.equal(diagnostic.severity, 'information');
    assert.deepEqual(diagnostic.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 40 } });
    assert.match(diagnostic.message, /Run 'relgraph kumo pull kumo:trainingjob-kumo-shop' to check/);
  });

  it('reports the same diagnostics as the local training spec and the local job it trained', async () => {
    const pull = await world.cli(['kumo', 'pull', `kumo:${KUMO_JOB}`], { cwd: ws.dir });
    assert.equal(pull.code, 0, pull.stderr);
    ws.write('spec.prediction.yaml', predictionSpec('binary.training.yaml'));
    ws.write('job.prediction.yaml', predictionSpec(localJob));
    const reports = await validate(['spec.prediction.yaml', 'job.prediction.yaml', 'kumo.prediction.yaml']);
    const kumo = reports.get('kumo.prediction.yaml')!;
    const codes = kumo.map((d) => d.code).sort();
    assert.deepEqual(codes, [
      'table-not-in-training', // product
      'threshold-required',
      'training-column-missing', // customers.segment
      'training-column-type-changed', // orders.amount is text now (orders.customer_id keeps its key role: one cause, the missing edge)
      'training-edge-missing',
    ]);
    // Against the local job: identical but for the job's name in messages.
    const label = (d: JsonDiagnostic) => ({
      ...d,
      message: d.message.replace(/training job (kumo:)?trainingjob-[\w-]+/g, 'training job <T>'),
    });
    assert.deepEqual(kumo.map(label), reports.get('job.prediction.yaml')!.map(label));
    // Against the training spec: the same findings at the same places (messages name the graph file there).
    const place = (d: JsonDiagnostic) => ({ code: d.code, severity: d.severity, range: d.range });
    assert.deepEqual(kumo.map(place), reports.get('spec.prediction.yaml')!.map(place));
    assert.match(
      kumo.find((d) => d.code === 'table-not-in-training')!.message,
      /Table 'product' is not in the training graph \(training job kumo:trainingjob-kumo-shop\)/,
    );
    assert.match(
      kumo.find((d) => d.code === 'training-column-missing')!.message,
      /Column 'segment' of table 'customers' is used by the model \(training job kumo:trainingjob-kumo-shop\)/,
    );
  });
});

describe('the language server against a pulled Kumo training graph', () => {
  let client: LspTestClient;
  before(async () => {
    const cache = fs.readFileSync(path.join(ws.dir, '.relgraph', 'kumo', `${KUMO_JOB}.json`), 'utf8');
    const connectorGraph = [
      'kind: prediction',
      `training_job: kumo:${KUMO_JOB}`,
      ...shopConnectorGraphLines('customer'),
      '',
    ].join('\n');
    client = await LspTestClient.start({
      files: {
        '.relgraph/kumo/trainingjob-kumo-shop.json': cache,
        'pulled.prediction.yaml': connectorGraph,
        'unpulled.prediction.yaml': connectorGraph.replace(KUMO_JOB, 'trainingjob-elsewhere'),
      },
      settings: { dataChecks: { enabled: false } },
    });
  });
  after(() => client.dispose());

  it('checks connector tables statically, with did-you-mean, through the same host seam', async () => {
    const uri = client.open('pulled.prediction.yaml');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length >= 2);
    const byCode = new Map(diagnostics.map((d) => [String(d.code), d]));
    assert.match(
      String(byCode.get('table-not-in-training')?.message),
      /Table 'customer' is not in the training graph \(training job kumo:trainingjob-kumo-shop\).*Did you mean 'customers'\?/,
    );
    // One cause, one diagnostic: the renamed key, not also 'customers' missing.
    assert.ok(!byCode.has('training-table-missing'));
    assert.ok(byCode.has('threshold-required'), 'the task type comes from the pulled query');
    assert.ok(!diagnostics.some((d) => d.code === 'file-not-found'), 'connector sources are not files');
  });

  it('without the pulled graph: the information diagnostic only', async () => {
    const uri = client.open('unpulled.prediction.yaml');
    const [diagnostic, ...rest] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(rest, []);
    assert.equal(diagnostic.code, 'kumo-training-graph-not-pulled');
    assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
  });

  it('re-validates the specs of a Kumo job when its graph is pulled into .relgraph/kumo/ (a file event)', async () => {
    const later = 'trainingjob-later';
    client.write(
      'later.prediction.yaml',
      fs.readFileSync(client.path('pulled.prediction.yaml'), 'utf8').replace(KUMO_JOB, later),
    );
    const uri = client.open('later.prediction.yaml');
    await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'kumo-training-graph-not-pulled'));
    // What `relgraph kumo pull` writes, from a terminal or the editor's background refresh.
    const pulled = JSON.parse(fs.readFileSync(client.path(`.relgraph/kumo/${KUMO_JOB}.json`), 'utf8'));
    client.write(`.relgraph/kumo/${later}.json`, JSON.stringify({ ...pulled, jobId: later }));
    client.fileChanged(`.relgraph/kumo/${later}.json`, 1);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'table-not-in-training'));
    assert.ok(!diagnostics.some((d) => d.code === 'kumo-training-graph-not-pulled'));
  });
});
