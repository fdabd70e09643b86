import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateSpecFiles } from '../../../cli/commands/validateCommand';
import type { SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import { NodeSpecHost } from '../../../data/NodeSpecHost';

/**
 * Issue 8, finding 14: one cause, one diagnostic. Each case breaks a working inference workspace in one way and
 * asserts the full list of codes that static and data checks report for it, over every spec file, as
 * `relgraph validate` runs them.
 */
const TRAINING_GRAPH = `kind: graph
tables:
  customers:
    source: data/train/customers.csv
    primary_key: customer_id
    columns:
      age: numerical
  orders:
    source: data/train/orders.csv
    primary_key: order_id
    time_column: ts
  products:
    source: data/train/products.csv
    primary_key: product_id
edges:
  - { src_table: orders, fkey: customer_id, dst_table: customers }
  - { src_table: orders, fkey: product_id, dst_table: products }
`;

const HOLDOUT_GRAPH = TRAINING_GRAPH.replace(/data\/train\//g, 'data/new/');

const FILES: Record<string, string> = {
  'shop.graph.yaml': TRAINING_GRAPH,
  'holdout.graph.yaml': HOLDOUT_GRAPH,
  'churn.training.yaml':
    'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH customers.customer_id\n',
  'churn.prediction.yaml':
    'kind: prediction\ntraining_job: churn.training.yaml\ngraph: holdout.graph.yaml\nanchor_time: 2024-03-01\nbinary_classification_threshold: 0.5\n',
};

const CUSTOMERS = 'customer_id,country,age\n1,DE,34\n2,FR,51\n3,US,27\n';
const ORDERS =
  'order_id,customer_id,product_id,amount,ts\n1,1,10,9.5,2024-01-03\n2,2,11,20.0,2024-01-20\n3,1,11,7.25,2024-02-10\n4,3,10,12.0,2024-03-01\n';
const PRODUCTS = 'product_id,category\n10,books\n11,games\n';

let root: string;
let caseNumber = 0;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-cascades-'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A fresh copy of the working workspace with some files replaced; returns its folder. */
function workspace(changes: Record<string, string> = {}): string {
  const dir = path.join(root, `case-${caseNumber++}`);
  const files: Record<string, string> = {
    ...FILES,
    'data/train/customers.csv': CUSTOMERS,
    'data/train/orders.csv': ORDERS,
    'data/train/products.csv': PRODUCTS,
    'data/new/customers.csv': CUSTOMERS,
    'data/new/orders.csv': ORDERS,
    'data/new/products.csv': PRODUCTS,
    ...changes,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Reported extends SpecDiagnostic {
  file: string;
}

/** Static and data checks of every spec file, as `relgraph validate` runs them. */
async function validate(dir: string): Promise<Reported[]> {
  const files = Object.keys(FILES)
    .map((name) => path.join(dir, name))
    .sort();
  const reports = await validateSpecFiles(files, {
    host: new NodeSpecHost(),
    data: true,
    dataCache: false,
    signal: new AbortController().signal,
  });
  return reports.flatMap((report) => {
    assert.equal(report.failure, undefined);
    return report.diagnostics.map((d) => ({ ...d, file: path.basename(report.path) }));
  });
}

const codes = (found: Reported[]) => found.map((d) => `${d.file}: ${d.code}`).sort();

describe('diagnostics name one cause once', () => {
  it('the working workspace is clean (the baseline every case breaks)', async () => {
    assert.deepEqual(codes(await validate(workspace())), []);
  });

  it('an empty (header-only) source: empty-table, not a type change per column nor a key type mismatch', async () => {
    const found = await validate(workspace({ 'data/new/customers.csv': 'customer_id,country,age\n' }));
    assert.deepEqual(codes(found), ['holdout.graph.yaml: empty-table']);
  });

  it('a column left empty in every row (a CSV cannot tell its type): no type change', async () => {
    const empty = CUSTOMERS.replace(/,(\d+)\n/g, ',\n');
    assert.match(empty, /1,DE,\n/);
    assert.deepEqual(codes(await validate(workspace({ 'data/new/customers.csv': empty }))), []);
  });

  it('a renamed table key: table-not-in-training on the key; edges that use the old name point at it', async () => {
    const found = await validate(
      workspace({ 'holdout.graph.yaml': HOLDOUT_GRAPH.replace('  customers:', '  customer:') }),
    );
    assert.deepEqual(codes(found), ['holdout.graph.yaml: table-not-in-training', 'holdout.graph.yaml: unknown-table']);
    const key = found.find((d) => d.code === 'table-not-in-training')!;
    assert.equal(key.data?.suggestion, 'customers');
    const edge = found.find((d) => d.code === 'unknown-table')!;
    assert.match(
      edge.message,
      /refers to table 'customers', the training graph's name for the table this graph calls 'customer': fix the table key first/,
    );
    assert.doesNotMatch(edge.message, /did you mean/i);
    assert.equal(edge.data?.suggestion, undefined, 'no "Change to" quick fix that copies the new name into the edge');
    assert.deepEqual(edge.related?.[0].range, key.range);
  });

  it('a table left out: training-table-missing, and the edges to it as its consequence', async () => {
    const without = HOLDOUT_GRAPH.replace(/ {2}customers:\n(?: {4}.*\n)+/, '');
    assert.doesNotMatch(without, /^ {2}customers:/m);
    const found = await validate(workspace({ 'holdout.graph.yaml': without }));
    assert.deepEqual(codes(found), ['holdout.graph.yaml: training-table-missing', 'holdout.graph.yaml: unknown-table']);
    assert.match(
      found.find((d) => d.code === 'unknown-table')!.message,
      /which the training graph has and this graph is missing: add the table first/,
    );
  });

  it('an edge left out: training-edge-missing, not also its foreign key changing type (ID to numerical)', async () => {
    const found = await validate(
      workspace({
        'holdout.graph.yaml': HOLDOUT_GRAPH.replace(/ {2}- \{ src_table: orders, fkey: product_id.*\n/, ''),
      }),
    );
    assert.deepEqual(codes(found), ['holdout.graph.yaml: training-edge-missing']);
  });

  for (const [name, broken] of [
    ['`edges:` a mapping', HOLDOUT_GRAPH.replace(/^edges:\n[\s\S]*$/m, 'edges:\n  orders: customers\n')],
    ['`edges:` misspelt', HOLDOUT_GRAPH.replace('edges:', 'edgse:')],
    [
      'an edge item that is text',
      HOLDOUT_GRAPH.replace(/- \{ src_table: orders, fkey: product_id.*/, '- orders.product_id -> products'),
    ],
  ] as const) {
    it(`${name}: the schema error alone, no training-edge-missing nor type changes`, async () => {
      assert.deepEqual(codes(await validate(workspace({ 'holdout.graph.yaml': broken }))), [
        'holdout.graph.yaml: schema',
      ]);
    });
  }

  it('`tables:` a list: the schema error alone, no missing training tables nor unknown edge ends', async () => {
    const broken = HOLDOUT_GRAPH.replace(/^tables:\n[\s\S]*?^edges:/m, 'tables:\n  - customers\n  - orders\nedges:');
    assert.deepEqual(codes(await validate(workspace({ 'holdout.graph.yaml': broken }))), [
      'holdout.graph.yaml: schema',
    ]);
  });

  it('`tables:` misspelt in the training graph: the schema error alone, no PQL or edge findings', async () => {
    const found = await validate(workspace({ 'shop.graph.yaml': TRAINING_GRAPH.replace('tables:', 'tabels:') }));
    assert.deepEqual(codes(found), ['shop.graph.yaml: schema']);
  });

  it('a table that is not a mapping: the schema error alone, no missing primary key for the edges to it', async () => {
    const found = await validate(
      workspace({
        'shop.graph.yaml': TRAINING_GRAPH.replace(
          / {2}customers:\n(?: {4}.*\n)+/,
          '  customers: data/train/customers.csv\n',
        ),
      }),
    );
    // The training query names `customers`: it is parsed but not judged against a table that cannot be read.
    assert.deepEqual(codes(found), ['shop.graph.yaml: schema']);
  });

  it('a threshold the schema rejects: wrong, not also missing', async () => {
    const found = await validate(
      workspace({ 'churn.prediction.yaml': FILES['churn.prediction.yaml'].replace('0.5', '1e400') }),
    );
    assert.deepEqual(codes(found), ['churn.prediction.yaml: schema']);
  });
});

describe('diagnostics name one cause once: the training graph broken', () => {
  it('`edges:` misspelt in the training graph: the schema error alone, no edge or key-type findings', async () => {
    const found = await validate(workspace({ 'shop.graph.yaml': TRAINING_GRAPH.replace('edges:', 'edgse:') }));
    assert.deepEqual(codes(found), ['shop.graph.yaml: schema']);
  });
});
