import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import type {
  DescribeTrainingModelResult,
  GraphModelResult,
  SpecInfoResult,
  ValidateSpecTextResult,
} from '../../../protocol/lspExtensions';
import { codes, LspTestClient } from './lspTestClient';
import { HOLDOUT_GRAPH, SHOP_FILES } from './shopWorkspace';

const JOB_ID = 'trainingjob-20240101-000000-abc123';

/** The record of a finished local training job on the shop graph (what `relgraph train` writes). */
const JOB_RECORD = {
  formatVersion: 1,
  id: JOB_ID,
  kind: 'training',
  status: 'DONE',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:01:00.000Z',
  spec: { path: '/elsewhere/churn.training.yaml', name: 'churn', sha256: '' },
  eventLog: [],
  artifacts: [],
  logPath: `.relgraph/jobs/${JOB_ID}.log`,
  artifactDir: `.relgraph/jobs/${JOB_ID}`,
  tags: {},
  summary: {
    task_type: 'binary_classification',
    query: 'PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id',
    training_graph: {
      jobId: JOB_ID,
      query: 'PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id',
      taskType: 'binary_classification',
      tables: [
        { name: 'users', primaryKey: 'user_id', timeColumn: 'signup', columns: [] },
        { name: 'orders', primaryKey: 'order_id', timeColumn: 'ts', columns: [] },
        { name: 'items', primaryKey: 'item_id', columns: [] },
      ],
      edges: [
        { srcTable: 'orders', fkey: 'user_id', dstTable: 'users' },
        { srcTable: 'orders', fkey: 'item_id', dstTable: 'items' },
      ],
    },
  },
};

/**
 * A prediction spec whose model is a local training job id: validation checks its inference graph
 * against the job's recorded graph, and hover, the diagram and the status item must name that same
 * training graph (they used to find none, as SpecWorkspace.trainingGraphOf only followed spec files).
 */
describe('the training graph of a prediction on a local job, everywhere', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({
      files: {
        ...SHOP_FILES,
        [`.relgraph/jobs/${JOB_ID}.json`]: JSON.stringify(JOB_RECORD),
        // Its own inference graph file: a graph file shared by several prediction specs is checked against the first.
        'job-holdout.graph.yaml': HOLDOUT_GRAPH,
        'job.prediction.yaml': `kind: prediction\ntraining_job: ${JOB_ID}\ngraph: job-holdout.graph.yaml\nanchor_time: 2024-04-01\n`,
      },
      settings: { dataChecks: { enabled: false } },
    });
  });
  after(() => client.dispose());

  it('validation, hover and the diagram agree: order is not a training table, items is missing', async () => {
    const prediction = client.open('job.prediction.yaml');
    const graph = client.open('job-holdout.graph.yaml');
    const diagnostics = await client.waitForDiagnostics(graph, (d) => codes(d).includes('table-not-in-training'));
    assert.ok(codes(diagnostics).includes('training-table-missing'));

    const model = await client.request<GraphModelResult>('relgraph/graphModel', { v: 1, uri: prediction });
    assert.equal(model.trainingLabel, `training job ${JOB_ID}`);
    assert.deepEqual(
      model.tables.map((t) => [t.name, t.inTraining]),
      [
        ['users', true],
        ['order', false],
      ],
    );
    assert.deepEqual(model.missingTrainingTables, ['orders', 'items']);

    const line = HOLDOUT_GRAPH.split('\n').findIndex((l) => l === '  order:');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: graph },
      position: { line, character: 3 },
    });
    assert.match(
      JSON.stringify(hover.contents),
      new RegExp(`Not in the training graph\\*\\* \\(training job ${JOB_ID}\\)`),
    );

    const info = await client.request<SpecInfoResult>('relgraph/specInfo', { v: 1, uri: graph });
    assert.equal(info.trainingJobId, JOB_ID, 'the graph file is paired with the job validation checked it against');
  });

  it('answers the wizard: the job and the training spec as models, and a spec text before it is written', async () => {
    const job = await client.request<DescribeTrainingModelResult>('relgraph/describeTrainingModel', {
      v: 1,
      model: { kind: 'local-job', id: JOB_ID, workspace: client.root },
    });
    assert.deepEqual(job, {
      v: 1,
      info: { kind: 'local-job', ref: JOB_ID, name: 'churn', taskType: 'binary_classification', temporal: true },
      usable: true,
    });
    const spec = await client.request<DescribeTrainingModelResult>('relgraph/describeTrainingModel', {
      v: 1,
      model: { kind: 'spec', path: client.path('churn.training.yaml') },
    });
    assert.equal(spec.info.taskType, 'binary_classification');
    assert.equal(spec.info.graphPath, client.path('shop.graph.yaml'));
    const text = await client.request<ValidateSpecTextResult>('relgraph/validateSpecText', {
      v: 1,
      path: client.path('new.prediction.yaml'),
      text: `kind: prediction\ntraining_job: ${JOB_ID}\n`,
    });
    assert.deepEqual(
      text.diagnostics.map((d) => d.code),
      ['threshold-required'],
    );
  });
});
