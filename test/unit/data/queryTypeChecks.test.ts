import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataValidator } from '../../../data/DataValidator';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { codesOf, DataFixture, only } from './dataFixture';

/**
 * What the data decides about a query's types: a two-valued target is binary classification (and a
 * prediction spec then needs a threshold), and an aggregation over a column typed only by its source.
 */
let fx: DataFixture;

const USERS =
  `SELECT range + 1 AS user_id, (range % 2)::INT AS churned, ['monthly', 'yearly'][1 + range % 2] AS renewed, ` +
  `['basic', 'plus', 'pro', 'max'][1 + range % 4] AS plan, range % 2 = 0 AS active, range * 1.5 AS score FROM range(40)`;
const ORDERS =
  `SELECT range AS order_id, 1 + range % 40 AS user_id, ['open', 'paid'][1 + range % 2] AS status, range * 2.5 AS amount, ` +
  `TIMESTAMP '2024-01-01' + to_days(range::INT) AS ts FROM range(200)`;

const GRAPH = `kind: graph
tables:
  users: { source: users.csv, primary_key: user_id }
  orders: { source: orders.parquet, primary_key: order_id, time_column: ts }
edges:
  - { src_table: orders, fkey: user_id, dst_table: users }
`;

function training(name: string, query: string): string {
  return fx.write(`${name}.training.yaml`, `kind: training\ngraph: shop.graph.yaml\nquery: ${query}\n`);
}

async function taskOf(relative: string) {
  const validator = new DataValidator({ host: new NodeSpecHost(), diskCache: false });
  try {
    return await validator.taskType(fx.staticValidation(relative));
  } finally {
    validator.dispose();
  }
}

before(async () => {
  fx = await DataFixture.create();
  await fx.table('users.csv', USERS);
  await fx.table('orders.parquet', ORDERS);
  fx.write('shop.graph.yaml', GRAPH);
  training('churned', 'PREDICT users.churned FOR EACH users.user_id');
  training('renewed', 'PREDICT users.renewed FOR EACH users.user_id');
  training('plan', 'PREDICT users.plan FOR EACH users.user_id');
  training('active', 'PREDICT users.active FOR EACH users.user_id');
  training('last-status', 'PREDICT LAST(orders.status, 0, 30, days) FOR EACH users.user_id');
  training('sum-status', 'PREDICT SUM(orders.status, 0, 30, days) FOR EACH users.user_id');
});
after(() => fx.close());

describe('data tier: the task type of a column-valued target', () => {
  it('0/1 integers, two strings, a boolean and LAST of a two-valued column are binary; many classes are not', async () => {
    const churned = await taskOf('churned.training.yaml');
    assert.deepEqual(
      [churned?.taskType, churned?.basis, churned?.positiveClass, churned?.classes],
      ['binary_classification', 'data', '1', ['0', '1']],
    );
    const unread = fx.staticValidation('churned.training.yaml').taskTypeInference;
    assert.deepEqual(
      [unread?.basis, unread?.dependsOnData],
      ['unknown-type', true],
      'without data the type is unknown',
    );
    const renewed = await taskOf('renewed.training.yaml');
    assert.deepEqual([renewed?.taskType, renewed?.positiveClass], ['binary_classification', 'yearly']);
    assert.match(renewed!.reason, /users\.renewed holds two values in the data \('monthly' and 'yearly'\).*= 'yearly'/);
    const active = await taskOf('active.training.yaml');
    assert.deepEqual([active?.taskType, active?.basis], ['binary_classification', 'column-type']);
    assert.equal((await taskOf('last-status.training.yaml'))?.taskType, 'binary_classification');
    const plan = await taskOf('plan.training.yaml');
    assert.deepEqual([plan?.taskType, plan?.dependsOnData], ['multiclass_classification', false]);
    assert.match(plan!.reason, /4 distinct values in the data/);
  });

  it('a prediction spec gets the threshold rules once the data has decided', async () => {
    fx.write('churned.prediction.yaml', 'kind: prediction\ntraining_job: churned.training.yaml\n');
    assert.deepEqual(codesOf(fx.staticValidation('churned.prediction.yaml').diagnostics), []);
    const required = only(await fx.dataDiagnostics('churned.prediction.yaml'), 'threshold-required');
    assert.match(required.message, /binary classifier.*users\.churned holds two values in the data/);
    assert.equal(required.range.start.line, 1, 'on training_job');

    fx.write(
      'plan.prediction.yaml',
      'kind: prediction\ntraining_job: plan.training.yaml\nbinary_classification_threshold: 0.5\n',
    );
    const ignored = only(await fx.dataDiagnostics('plan.prediction.yaml'), 'threshold-not-applicable');
    assert.match(ignored.message, /multiclass_classification/);
    assert.equal(ignored.severity, 'warning');
  });

  it('the column-kind rule with the types read from the source', async () => {
    assert.deepEqual(codesOf(fx.staticValidation('sum-status.training.yaml').diagnostics), []);
    const issue = only(await fx.dataDiagnostics('sum-status.training.yaml'), 'pql-aggregation-type-mismatch');
    assert.match(
      issue.message,
      /SUM adds up numbers, and this column holds string values: orders\.status is a text column \(string\)/,
    );
    assert.equal(issue.source, 'relgraph-data');
  });
});
