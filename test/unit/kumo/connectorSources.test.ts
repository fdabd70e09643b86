import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../cli/main';
import { parseSpec } from '../../../core/spec/parseSpec';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { NodeSpecHost } from '../../../data/NodeSpecHost';

/** `source: { connector, table }`: tables behind Kumo connectors, checked statically, read by Kumo only. */
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(args, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, stderr };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-connectors-'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data', 'customers.csv'), 'customer_id,country\n1,DE\n2,\n');
  fs.writeFileSync(
    path.join(dir, 'warehouse.graph.yaml'),
    [
      'kind: graph',
      'tables:',
      '  customers:',
      '    source: { connector: snowflake_prod, table: CUSTOMERS }',
      '    primary_key: customer_id',
      '  orders:',
      '    source:',
      '      connector: snowflake_prod',
      '      table: ORDERS',
      '    primary_key: order_id',
      '    time_column: ts',
      'edges:',
      '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'mixed.graph.yaml'),
    [
      'kind: graph',
      'tables:',
      '  customers: { source: data/customers.csv, primary_key: customer_id }',
      '  orders: { source: { connector: snowflake_prod, table: ORDERS }, primary_key: order_id, time_column: ts }',
      'edges:',
      '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'static.training.yaml'),
    'kind: training\ngraph: warehouse.graph.yaml\nquery: PREDICT customers.country FOR EACH customers.customer_id\n',
  );
  fs.writeFileSync(
    path.join(dir, 'mixed.training.yaml'),
    'kind: training\ngraph: mixed.graph.yaml\nquery: PREDICT customers.country FOR EACH customers.customer_id\n',
  );
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('connector sources in graph specs', () => {
  it('parse with the ranges of connector and table, and no file path', () => {
    const graph = parseSpec(
      fs.readFileSync(path.join(dir, 'warehouse.graph.yaml'), 'utf8'),
      path.join(dir, 'warehouse.graph.yaml'),
    ).spec as GraphSpec;
    const [customers, orders] = graph.tables;
    assert.equal(customers.source, undefined);
    assert.equal(customers.sourcePath, undefined);
    assert.equal(customers.connectorSource?.connector.value, 'snowflake_prod');
    assert.equal(customers.connectorSource?.table.value, 'CUSTOMERS');
    assert.deepEqual(orders.connectorSource?.table.range.start, { line: 8, character: 13 });
  });

  it('validate statically (no file-not-found) and are left alone by the data checks', async () => {
    assert.deepEqual(validateSpecFile(path.join(dir, 'warehouse.graph.yaml'), new NodeSpecHost()).diagnostics, []);
    const run = await cli('validate', 'warehouse.graph.yaml', 'static.training.yaml');
    assert.equal(run.code, 0, run.stderr);
  });

  it('are schema errors when malformed', () => {
    const text = 'kind: graph\ntables:\n  a:\n    source: { connector: sf }\n';
    const diagnostics = parseSpec(text, path.join(dir, 'bad.graph.yaml')).diagnostics;
    assert.ok(
      diagnostics.some((d) => d.code === 'schema' && /table/.test(d.message)),
      JSON.stringify(diagnostics),
    );
  });

  it('cannot run on the local engine, and a graph mixing them with files cannot run anywhere', async () => {
    const local = await cli('train', 'static.training.yaml', '--no-data');
    assert.equal(local.code, 1);
    assert.match(
      local.stderr,
      /cannot run on the local engine: the local engine reads files only, and tables 'customers' \(connector snowflake_prod, table CUSTOMERS\), 'orders' \(connector snowflake_prod, table ORDERS\) are behind a Kumo connector\. Run it on Kumo/,
    );
    const mixed = await cli('train', 'mixed.training.yaml', '--no-data');
    assert.equal(mixed.code, 1);
    assert.match(
      mixed.stderr,
      /mixes them with local files \('customers'\), which Kumo cannot read, so neither backend can run it/,
    );
  });
});
