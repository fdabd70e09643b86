import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover, Position } from 'vscode-languageserver';
import { LspTestClient } from './lspTestClient';
import { CHURN_TRAINING, HOLDOUT_GRAPH, SHOP_FILES, SHOP_GRAPH } from './shopWorkspace';

const MEMBERS_CSV = 'member_id,plan\n1,basic\n2,pro\n3,basic\n4,\n';
const PLAN_TRAINING = `kind: training
graph:
  tables:
    members: { source: data/members.csv, primary_key: member_id }
query: PREDICT members.plan FOR EACH members.member_id
`;

/** The position of the `occurrence`-th match of `needle` in `text`, `offset` characters into it. */
function positionOf(text: string, needle: string, offset = 1, occurrence = 1): Position {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} not found`);
  const lines = text.slice(0, index + offset).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('hover', () => {
  let client: LspTestClient;
  const hover = async (
    name: string,
    text: string,
    needle: string,
    offset?: number,
    occurrence?: number,
  ): Promise<string> => {
    const result = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: client.uri(name) },
      position: positionOf(text, needle, offset, occurrence),
    });
    return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : '';
  };
  before(async () => {
    client = await LspTestClient.start({
      files: { ...SHOP_FILES, 'data/members.csv': MEMBERS_CSV, 'plan.training.yaml': PLAN_TRAINING },
      settings: { dataChecks: { enabled: false } },
    });
    for (const name of [
      'shop.graph.yaml',
      'holdout.graph.yaml',
      'churn.training.yaml',
      'churn.prediction.yaml',
      'plan.training.yaml',
    ])
      client.open(name);
  });
  after(() => client.dispose());

  it('describes a table from its data and its place in the training graph', async () => {
    const text = await hover('holdout.graph.yaml', HOLDOUT_GRAPH, '  users:', 3);
    assert.match(text, /\*\*users\*\* · table/);
    assert.match(text, /4 rows/);
    assert.match(text, /primary key `user_id` \(unique\)/);
    assert.match(text, /time column `signup` \(2024-01-01 to 2024-02-10\)/);
    assert.match(text, /Training graph: `users` in shop\.graph\.yaml \(line 3\)/);
    const missing = await hover('holdout.graph.yaml', HOLDOUT_GRAPH, '  order:', 3);
    assert.match(missing, /Not in the training graph/);
  });

  it('describes a column: dtype, stype and null share', async () => {
    const text = await hover('shop.graph.yaml', SHOP_GRAPH, 'time_column: signup', 15);
    assert.match(text, /\*\*users\.signup\*\*/);
    assert.match(text, /dtype `date`|dtype `time/);
    assert.match(text, /nulls 0\.0% \(0 of 4\)/);
  });

  it('describes an edge from its foreign key', async () => {
    const text = await hover('shop.graph.yaml', SHOP_GRAPH, 'fkey: item_id', 8);
    assert.match(text, /orders\.item_id -> items/);
    assert.match(text, /`orders\.item_id` = `items\.item_id`/);
  });

  it('explains PQL aggregations and keywords from the PQL reference, and query columns from the data', async () => {
    assert.match(await hover('churn.training.yaml', CHURN_TRAINING, 'COUNT(', 2), /\*\*COUNT\(table\.\*/);
    assert.match(
      await hover('churn.training.yaml', CHURN_TRAINING, 'FOR EACH', 5),
      /\*\*FOR EACH table\.primary_key\*\*/,
    );
    assert.match(await hover('churn.training.yaml', CHURN_TRAINING, 'users.user_id', 8), /\*\*users\.user_id\*\*/);
  });

  it('shows the task type and why on PREDICT, decided by the data for a two-valued column', async () => {
    const churn = await hover('churn.training.yaml', CHURN_TRAINING, 'PREDICT', 3);
    assert.match(churn, /\*\*Task:\*\* binary classification \(`binary_classification`\): the target is a condition/);
    assert.match(churn, /binary_classification_threshold/);
    const plan = await hover('plan.training.yaml', PLAN_TRAINING, 'PREDICT', 3);
    assert.match(plan, /binary classification .*members\.plan holds two values in the data \('basic' and 'pro'\)/);
    assert.match(plan, /true means members\.plan = 'pro'/);
  });

  it('lists the aggregations that fit a query column', async () => {
    const key = await hover('churn.training.yaml', CHURN_TRAINING, 'users.user_id', 8);
    assert.match(
      key,
      /Aggregations for a primary key \(int64\): COUNT, FIRST, LAST and LIST_DISTINCT · Kumo warns on MIN and MAX/,
    );
    const plan = await hover('plan.training.yaml', PLAN_TRAINING, 'members.plan', 9);
    assert.match(plan, /Aggregations for a text column \(string\): MIN, MAX, COUNT, COUNT_DISTINCT, FIRST and LAST/);
  });

  it('shows the schema documentation of a setting', async () => {
    const text = await hover('churn.prediction.yaml', SHOP_FILES['churn.prediction.yaml'], 'anchor_time', 2);
    assert.match(text, /^\*\*anchor_time\*\*/);
    assert.match(text, /Temporal queries only/);
    assert.match(await hover('churn.training.yaml', CHURN_TRAINING, 'run_mode', 2), /`fast`/);
  });
});
