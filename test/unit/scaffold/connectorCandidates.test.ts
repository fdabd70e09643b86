import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import type { KumoTrainingGraph } from '../../../core/kumo/KumoTrainingGraph';
import {
  connectorCandidates,
  tableNamePattern,
  tableNameRegexSource,
} from '../../../core/scaffold/connectorCandidates';
import { inferenceGraphText } from '../../../core/scaffold/inferenceGraphText';
import { matchSources } from '../../../core/scaffold/matchSources';
import { predictionSpecText, type ScaffoldDestination } from '../../../core/scaffold/predictionSpecText';
import { trainingGraphFromKumo } from '../../../core/scaffold/scaffoldTrainingGraph';
import { yamlScalar } from '../../../core/scaffold/yamlText';
import { parseSpec } from '../../../core/spec/parseSpec';
import { SCAFFOLD_TYPE_RULES } from '../../../data/scaffold/scaffoldTypeRules';

/** The pure parts of scaffolding from a Kumo training job against a Kumo connector's tables. */
const PULLED: KumoTrainingGraph = {
  formatVersion: 1,
  jobId: 'trainingjob-shop',
  pulledAt: '2024-03-01T10:00:00.000Z',
  query: 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id',
  taskType: 'binary_classification',
  tables: [
    {
      name: 'customers',
      primaryKey: 'customer_id',
      columns: [
        { name: 'customer_id', dtype: 'int', stype: 'ID' },
        { name: 'segment', dtype: 'string', stype: 'categorical' },
      ],
      source: { connector: 'shop_sf', connectorType: 'SnowflakeConnector', table: 'CUSTOMERS' },
    },
    {
      name: 'orders',
      primaryKey: 'order_id',
      timeColumn: 'ts',
      columns: [
        { name: 'order_id', dtype: 'int', stype: 'ID' },
        { name: 'customer_id', dtype: 'int', stype: 'ID' },
        { name: 'ts', dtype: 'date', stype: 'timestamp' },
      ],
      source: { connector: 'shop_sf', connectorType: 'SnowflakeConnector', table: 'ORDERS' },
    },
  ],
  edges: [{ srcTable: 'orders', fkey: 'customer_id', dstTable: 'customers' }],
};

describe('scaffolding from a pulled Kumo training graph', () => {
  it("keeps the training graph's names, keys and edges, names sources by their connector tables, and types as Kumo did", () => {
    const training = trainingGraphFromKumo(PULLED, SCAFFOLD_TYPE_RULES);
    assert.equal(training.label, 'Kumo training job kumo:trainingjob-shop (pulled 2024-03-01)');
    assert.deepEqual(
      training.tables.map((t) => [t.name, t.primaryKey, t.timeColumn, t.sourceNames, t.connectorSource?.table]),
      [
        ['customers', 'customer_id', undefined, ['CUSTOMERS'], 'CUSTOMERS'],
        ['orders', 'order_id', 'ts', ['ORDERS'], 'ORDERS'],
      ],
    );
    // A string Kumo read as categorical (its default for strings is text) keeps that type.
    assert.deepEqual(training.tables[0].overrides, [{ name: 'segment', stype: 'categorical' }]);
    assert.deepEqual(training.edges, PULLED.edges);
  });

  it('matches connector tables as files: by name, by columns (types unknown: by name only), unreadable ones reported', () => {
    const training = trainingGraphFromKumo(PULLED, SCAFFOLD_TYPE_RULES);
    const candidates = connectorCandidates('lake', [
      { name: 'customers', problem: 'PermissionError: no access' },
      // Kumo gave no dtype for two columns and one unknown to Relgraph: they are compared by name only.
      {
        name: 'ORDERS_NEW',
        columns: [{ name: 'order_id' }, { name: 'customer_id', dtype: 'decimal' }, { name: 'ts', dtype: 'date' }],
      },
    ]);
    assert.deepEqual(candidates[0], {
      path: 'kumo-connector:lake/customers',
      isFolder: false,
      name: 'customers',
      connector: 'lake',
      problem: 'PermissionError: no access',
    });
    const { tables } = matchSources(training, candidates, SCAFFOLD_TYPE_RULES);
    assert.deepEqual(
      tables.map((t) => [t.table, t.status, t.status === 'matched' ? [t.reason, t.fit.candidate.name] : undefined]),
      [
        ['customers', 'matched', ['table-name', 'customers']],
        ['orders', 'matched', ['columns', 'ORDERS_NEW']],
      ],
    );
    const text = inferenceGraphText(training, tables, {
      outputPath: '/ws/new.graph.yaml',
      dataLabel: 'Kumo connector lake',
      candidateKind: 'connector-tables',
    });
    assert.match(
      text,
      / {2}customers:\n {4}# Kumo did not list the columns of customers: PermissionError: no access\.\n {4}source: \{ connector: lake, table: customers \}\n/,
    );
    assert.match(
      text,
      / {4}# Matched by its columns: 3 of 3 columns the model uses\.\n {4}source: \{ connector: lake, table: ORDERS_NEW \}\n/,
    );
    const parsed = parseSpec(text, '/ws/new.graph.yaml');
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('never picks between two connector tables that fit equally: both are named, no glob is offered', () => {
    const training = trainingGraphFromKumo(PULLED, SCAFFOLD_TYPE_RULES);
    const orders = PULLED.tables[1].columns.map((c) => ({ name: c.name, dtype: c.dtype }));
    const candidates = connectorCandidates('lake', [
      { name: 'ORDERS_EU', columns: orders },
      { name: 'ORDERS_US', columns: orders },
    ]);
    const { tables } = matchSources(training, candidates, SCAFFOLD_TYPE_RULES);
    assert.equal(tables[1].status, 'ambiguous');
    const text = inferenceGraphText(training, tables, {
      outputPath: '/ws/new.graph.yaml',
      dataLabel: 'Kumo connector lake',
      candidateKind: 'connector-tables',
    });
    assert.match(
      text,
      / {2}orders:\n {4}# Ambiguous: ORDERS_EU, ORDERS_US fit equally by their columns \(3 of 3 columns the model uses each\); none picked\.\n {4}# Pick one of ORDERS_EU, ORDERS_US as its source\.\n {4}source: # to fill in\n/,
    );
  });

  it('filters table names with * and ?, in any case, everything else literal', () => {
    const match = tableNamePattern('*_2024');
    assert.deepEqual(['CUSTOMERS_2024', 'orders_2024', 'ORDERS_2023', 'X_2024_OLD'].filter(match), [
      'CUSTOMERS_2024',
      'orders_2024',
    ]);
    assert.ok(tableNamePattern('sales.q?')('SALES.Q1'));
    assert.ok(!tableNamePattern('sales.q?')('salesxq1'));
    assert.ok(tableNamePattern('a+b(c)')('A+B(C)'));
  });

  it("means the same to Python's re, which filters the names in the SDK script", () => {
    const names = ['CUSTOMERS_2024', 'orders_2024', 'X_2024_OLD', 'SALES.Q1', 'salesxq1', 'A+B(C)', 'a[b]{c}$^|\\d'];
    for (const pattern of ['*_2024', 'sales.q?', 'a+b(c)', 'a[b]{c}$^|\\d', '*']) {
      const script = [
        'import json, re, sys',
        'pattern, names = sys.argv[1], json.loads(sys.argv[2])',
        'print(json.dumps([n for n in names if re.fullmatch(pattern, n, re.IGNORECASE | re.DOTALL)]))',
      ].join('\n');
      const run = spawnSync('python3', ['-c', script, tableNameRegexSource(pattern), JSON.stringify(names)], {
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), names.filter(tableNamePattern(pattern)), pattern);
    }
  });

  it('writes a Kumo job id plain, as the docs do', () => {
    assert.equal(yamlScalar('kumo:trainingjob-abc123'), 'kumo:trainingjob-abc123');
    for (const tricky of ['kumo:', 'a: b', 'a:#']) assert.notEqual(yamlScalar(tricky), tricky, tricky);
  });
});

describe('predictionSpecText for a Kumo model', () => {
  function write(destination?: ScaffoldDestination, inferredAnchor?: { byKumo: string }) {
    const query = parsePql(PULLED.query).query!;
    const text = predictionSpecText({
      outputPath: '/ws/churn.prediction.yaml',
      trainingJob: { kind: 'kumo', id: 'trainingjob-shop' },
      graphPath: '/ws/new.graph.yaml',
      query,
      taskType: 'binary_classification',
      inferredAnchor,
      ...(destination ? { destination } : {}),
    });
    const spec = parseSpec(text, '/ws/churn.prediction.yaml');
    assert.deepEqual(spec.diagnostics, [], text);
    assert.ok(spec.spec?.kind === 'prediction');
    return { text, spec: spec.spec };
  }

  it('names the model kumo:<id>; by default Kumo keeps the outputs for download, the alternatives commented', () => {
    const { text, spec } = write(undefined, { byKumo: 'orders.ts' });
    assert.equal(spec.trainingJob?.kind, 'kumo');
    assert.match(text, /\ntraining_job: kumo:trainingjob-shop\n/);
    assert.match(text, /# Left out, Kumo sets the anchor time to the latest orders\.ts/);
    assert.match(text, /\n# destination: \{ type: s3, path: "s3:\/\/<bucket>\/<prefix>\/churn\.parquet" \}\n/);
    assert.match(
      text,
      /\n# destination: \{ type: snowflake, connector: <connector>, table: CHURN, write_mode: overwrite \}\n/,
    );
    assert.equal(spec.destination?.type.value, 'local');
  });

  it('writes S3 (partitioned or not), warehouse and local destinations with the names outputs get', () => {
    const s3 = write({ type: 's3', path: 's3://b/out/churn.parquet', connector: 's3_out' }).spec.destination;
    assert.deepEqual(
      [s3?.type.value, s3?.path?.value, s3?.connector?.value],
      ['s3', 's3://b/out/churn.parquet', 's3_out'],
    );
    assert.match(
      write({ type: 's3', path: 's3://b/out/churn.parquet' }).text,
      /# Kumo names the predictions churn_predictions\n/,
    );
    assert.match(
      write({ type: 's3', path: 's3://b/dnf/{{PARTITION}}.parquet' }).text,
      /# Kumo names the predictions dnf_predictions\n/,
    );
    assert.match(
      write({ type: 's3', path: 's3://b/{{PARTITION}}.parquet' }).text,
      /# Kumo names the predictions churn_predictions\n/,
    );
    const written = write({ type: 'databricks', connector: 'dbx', table: 'ml.churn' });
    assert.doesNotMatch(written.text, /write_mode/);
    const databricks = written.spec.destination;
    assert.deepEqual(
      [databricks?.type.value, databricks?.connector?.value, databricks?.table?.value],
      ['databricks', 'dbx', 'ml.churn'],
    );
    const local = write({ type: 'local', path: 'out/parts/{{PARTITION}}.parquet' });
    assert.match(
      local.text,
      /path: "out\/parts\/\{\{PARTITION\}\}\.parquet" # written as out\/parts_predictions\/\{\{PARTITION\}\}\.parquet\n {2}format: parquet\n/,
    );
  });
});
