import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { batchPredictionRequest, RequestMappingError } from '../../../backend/kumo/batchPredictionRequest';
import { exportOutputConfig } from '../../../backend/kumo/exportOutputConfig';
import { localSourceProblems, planKumoLaunch } from '../../../backend/kumo/kumoLaunchPlan';
import { parseKumoTrainingGraph, isCacheStale, type KumoTrainingGraph } from '../../../core/kumo/KumoTrainingGraph';
import type { GraphSpec, PredictionSpec } from '../../../core/spec/SpecModel';
import { parseSpec } from '../../../core/spec/parseSpec';
import { readKumoTrainingGraph, writeKumoTrainingGraph } from '../../../data/kumo/kumoTrainingGraphCache';

function prediction(lines: string[]): PredictionSpec {
  const parsed = parseSpec(['kind: prediction', ...lines, ''].join('\n'), '/ws/dnf.prediction.yaml');
  assert.deepEqual(parsed.diagnostics, []);
  return parsed.spec as PredictionSpec;
}

function graph(lines: string[]): GraphSpec {
  const parsed = parseSpec(['kind: graph', ...lines, ''].join('\n'), '/ws/new.graph.yaml');
  assert.deepEqual(
    parsed.diagnostics.map((d) => d.message),
    [],
  );
  return parsed.spec as GraphSpec;
}

export const PULLED: KumoTrainingGraph = {
  formatVersion: 1,
  jobId: 'trainingjob-1',
  pulledAt: '2024-03-01T10:00:00.000Z',
  jobUpdatedAt: '2024-02-28T10:00:00.000Z',
  query: 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id',
  taskType: 'binary_classification',
  tables: [
    {
      name: 'customers',
      primaryKey: 'customer_id',
      columns: [{ name: 'customer_id', dtype: 'int', stype: 'ID' }],
      source: { connector: 'sf', connectorType: 'SnowflakeConnector', table: 'CUSTOMERS' },
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
      source: { connector: 'sf', connectorType: 'SnowflakeConnector', table: 'ORDERS' },
    },
  ],
  edges: [{ srcTable: 'orders', fkey: 'customer_id', dstTable: 'customers' }],
};

describe('a prediction spec as a BatchPredictionRequest (§2.3)', () => {
  it('maps every setting: threshold, classes, workers, anchor time, outputs, tags', () => {
    const spec = prediction([
      'training_job: kumo:trainingjob-1',
      'anchor_time: 2010-01-01',
      'binary_classification_threshold: 0.4',
      'output_types: [predictions, embeddings]',
      'num_workers: 3',
      'destination: { type: s3, path: "s3://bucket/out/dnf/{{PARTITION}}.parquet" }',
    ]);
    assert.deepEqual(batchPredictionRequest(spec, 'trainingjob-1', { team: 'growth' }), {
      job_tags: { team: 'growth' },
      model_training_job_id: 'trainingjob-1',
      predict_options: { binary_classification_threshold: 0.4, num_classes_to_return: null, num_workers: 3 },
      outputs: [
        {
          storage_type: 'S3',
          artifact_type: 'PREDICTIONS',
          file_path: 's3://bucket/out/dnf_predictions/{{PARTITION}}.parquet',
          extra_fields: [],
        },
        {
          storage_type: 'S3',
          artifact_type: 'EMBEDDINGS',
          file_path: 's3://bucket/out/dnf_embeddings/{{PARTITION}}.parquet',
          extra_fields: [],
        },
      ],
      graph_snapshot_id: null,
      pred_table_job_id: null,
      pred_table_path: null,
      prediction_time: '2010-01-01T00:00:00',
      explanations: false,
      data_backend_session_id: null,
    });
  });

  it('names warehouse outputs <table>_<type>, with write mode, and JOB_TIMESTAMP when appending', () => {
    const snowflake = batchPredictionRequest(
      prediction([
        'training_job: kumo:t1',
        'destination: { type: snowflake, connector: sf, table: PREDS, write_mode: append }',
      ]),
      't1',
    );
    assert.deepEqual(snowflake.outputs, [
      {
        storage_type: 'SNOWFLAKE',
        artifact_type: 'PREDICTIONS',
        connector_id: 'sf',
        table_name: 'PREDS_predictions',
        extra_fields: ['JOB_TIMESTAMP'],
        write_mode: 'APPEND',
      },
    ]);
    const databricks = batchPredictionRequest(
      prediction([
        'training_job: kumo:t1',
        'num_classes_to_return: 3',
        'destination: { type: databricks, connector: db, table: s.preds }',
      ]),
      't1',
    );
    assert.deepEqual(databricks.outputs[0], {
      storage_type: 'DATABRICKS',
      artifact_type: 'PREDICTIONS',
      connector_id: 'db',
      table_name: 's.preds_predictions',
      extra_fields: [],
    });
    assert.equal(databricks.predict_options.num_classes_to_return, 3);
    const local = batchPredictionRequest(prediction(['training_job: kumo:t1']), 't1');
    assert.deepEqual(local.outputs, [{ storage_type: 'LOCAL', artifact_type: 'PREDICTIONS', extra_fields: [] }]);
  });

  it('names S3 files as the local engine names local ones', () => {
    const at = (p: string) =>
      (
        batchPredictionRequest(prediction(['training_job: kumo:t1', `destination: { type: s3, path: "${p}" }`]), 't1')
          .outputs[0] as { file_path: string }
      ).file_path;
    assert.equal(at('s3://b/out/dnf.parquet'), 's3://b/out/dnf_predictions.parquet');
    assert.equal(at('s3://b/{{PARTITION}}.parquet'), 's3://b/dnf_predictions/{{PARTITION}}.parquet');
    assert.equal(at('s3://b/out/preds'), 's3://b/out/preds_predictions');
  });

  it('refuses a prediction table that is a file on this machine, and passes an s3:// one', () => {
    assert.throws(
      () => batchPredictionRequest(prediction(['training_job: kumo:t1', 'prediction_table: entities.csv']), 't1'),
      (e: Error) => e instanceof RequestMappingError && /Kumo cannot read/.test(e.message),
    );
    const remote = batchPredictionRequest(
      prediction(['training_job: kumo:t1', 'prediction_table: s3://b/entities.parquet']),
      't1',
    );
    assert.equal(remote.pred_table_path, 's3://b/entities.parquet');
  });

  it('builds export outputs from a destination', () => {
    assert.deepEqual(
      exportOutputConfig({ kind: 'kumo', storageType: 'bigquery', connector: 'bq', table: 'T' }, 'EMBEDDINGS'),
      {
        storage_type: 'BIGQUERY',
        artifact_type: 'EMBEDDINGS',
        connector_id: 'bq',
        table_name: 'T',
        extra_fields: [],
        write_mode: 'OVERWRITE',
      },
    );
    assert.throws(() => exportOutputConfig({ kind: 'kumo', storageType: 'S3' }, 'PREDICTIONS'), /needs a path/);
  });
});

describe('where a Kumo prediction runs: REST on the training graph, the SDK on another', () => {
  const spec = prediction([
    'training_job: kumo:trainingjob-1',
    'graph: new.graph.yaml',
    'binary_classification_threshold: 0.5',
  ]);
  const same = graph([
    'tables:',
    '  customers: { source: { connector: sf, table: CUSTOMERS }, primary_key: customer_id }',
    '  orders: { source: { connector: sf, table: ORDERS }, primary_key: order_id, time_column: ts }',
    'edges:',
    '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
  ]);

  it('no graph, or exactly the pulled training graph: REST', () => {
    assert.equal(planKumoLaunch(prediction(['training_job: kumo:trainingjob-1']), undefined, undefined).kind, 'rest');
    assert.equal(planKumoLaunch(spec, same, PULLED).kind, 'rest');
  });

  it('other source tables, or a graph that was never pulled: the SDK', () => {
    const other = graph([
      'tables:',
      '  customers: { source: { connector: sf, table: CUSTOMERS_2024 }, primary_key: customer_id }',
      '  orders: { source: { connector: sf, table: ORDERS_2024 }, primary_key: order_id, time_column: ts }',
      'edges:',
      '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
    ]);
    assert.equal(planKumoLaunch(spec, other, PULLED).kind, 'sdk');
    assert.equal(planKumoLaunch(spec, same, undefined).kind, 'sdk');
  });

  it('local files: refused on Kumo with the table and what to do; connector tables: refused on the local engine', () => {
    const mixed = graph([
      'tables:',
      '  customers: { source: data/customers.csv, primary_key: customer_id }',
      '  orders: { source: { connector: sf, table: ORDERS }, primary_key: order_id, time_column: ts }',
    ]);
    const plan = planKumoLaunch(spec, mixed, PULLED);
    assert.equal(plan.kind, 'refused');
    assert.match(
      plan.kind === 'refused' ? plan.problems.join() : '',
      /table 'customers' reads 'data\/customers.csv', a file on this machine, which Kumo cannot read/,
    );
    assert.match(
      localSourceProblems(mixed)[0],
      /'orders' \(connector sf, table ORDERS\).*mixes them with local files \('customers'\).*neither backend can run it/,
    );
    assert.deepEqual(localSourceProblems(graph(['tables:', '  a: { source: a.csv }'])), []);
  });
});

describe('the pulled training graph cache (.relgraph/kumo/<id>.json) is untrusted input', () => {
  it('round-trips, and refuses files that are not what Relgraph writes', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-kumo-cache-'));
    try {
      const file = writeKumoTrainingGraph(ws, PULLED);
      assert.equal(file, path.join(ws, '.relgraph', 'kumo', 'trainingjob-1.json'));
      const read = readKumoTrainingGraph(ws, 'trainingjob-1');
      assert.equal(read.state, 'ok');
      assert.deepEqual(read.state === 'ok' && read.graph, PULLED);
      assert.equal(readKumoTrainingGraph(ws, 'trainingjob-2').state, 'missing');
      assert.equal(readKumoTrainingGraph(ws, '../../etc/passwd').state, 'missing', 'an id cannot name another file');
      fs.writeFileSync(file, JSON.stringify({ ...PULLED, jobId: 'trainingjob-other' }));
      assert.match(JSON.stringify(readKumoTrainingGraph(ws, 'trainingjob-1')), /it describes trainingjob-other/);
      fs.writeFileSync(file, '{"formatVersion": 1');
      assert.equal(readKumoTrainingGraph(ws, 'trainingjob-1').state, 'unreadable');
      fs.rmSync(file);
      fs.symlinkSync('/etc/hostname', file);
      assert.match(JSON.stringify(readKumoTrainingGraph(ws, 'trainingjob-1')), /not a regular file/);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('checks every field', () => {
    const bad = (change: Record<string, unknown>) => {
      const parsed = parseKumoTrainingGraph({ ...PULLED, ...change });
      return 'problem' in parsed ? parsed.problem : 'accepted';
    };
    assert.match(bad({ formatVersion: 2 }), /formatVersion/);
    assert.match(bad({ taskType: 'astrology' }), /taskType/);
    assert.match(
      bad({ tables: [{ name: 'a', columns: [{ name: 'x', dtype: 'int', stype: 'weird' }] }] }),
      /no known stype/,
    );
    assert.match(
      bad({
        tables: [
          { name: 'a', columns: [] },
          { name: 'a', columns: [] },
        ],
      }),
      /share a name/,
    );
    assert.match(bad({ edges: [{ srcTable: 'a' }] }), /edges\[0\]/);
    assert.equal(bad({ extra: 'dropped' }), 'accepted');
  });

  it('is stale once Kumo changed the job after the pull', () => {
    assert.equal(isCacheStale(PULLED, '2024-02-28T10:00:00Z'), false);
    assert.equal(isCacheStale(PULLED, '2024-03-02T10:00:00Z'), true);
    assert.equal(isCacheStale(PULLED, undefined), false);
  });
});
