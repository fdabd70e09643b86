import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Position } from 'vscode-languageserver';
import { LspTestClient } from './lspTestClient';
import { CHURN_TRAINING, HOLDOUT_GRAPH, SHOP_FILES, SHOP_GRAPH } from './shopWorkspace';

/** Column names with spaces, as warehouses export them: PQL back-quotes them. */
const MEMBERS_CSV = 'member id,plan,monthly fee,joined\n1,basic,9.5,2024-01-01\n2,pro,19.0,2024-02-01\n';
const FEE_TRAINING = `kind: training
graph:
  tables:
    members: { source: extra/members.csv, primary_key: member id, time_column: joined }
query: PREDICT SUM(members.\`monthly fee\`, 0, 30, days) FOR EACH members.\`member id\`
`;

/** Opens (or re-types) `name` with `text`, where `|` marks the cursor, and asks for completions there. */
async function completeAt(
  client: LspTestClient,
  name: string,
  textWithCursor: string,
  trigger?: string,
): Promise<CompletionItem[]> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  const position: Position = { line: before.length - 1, character: before[before.length - 1].length };
  const uri = client.uri(name);
  if (client.published.some((p) => p.uri === uri) || opened.has(uri)) client.change(uri, text);
  else {
    client.open(name, text);
    opened.add(uri);
  }
  const context = trigger ? { triggerKind: 2, triggerCharacter: trigger } : { triggerKind: 1 };
  const list = await client.request<CompletionList>('textDocument/completion', {
    textDocument: { uri },
    position,
    context,
  });
  return list.items;
}
const opened = new Set<string>();
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
/** The order an editor shows: by sortText, then label. */
const sorted = (items: CompletionItem[]) =>
  [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));

describe('completion', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({
      files: { ...SHOP_FILES, 'extra/members.csv': MEMBERS_CSV, 'fee.training.yaml': FEE_TRAINING },
      snippets: true,
      initializationOptions: { clientCommands: ['relgraph.graph.show'] },
    });
  });
  after(() => client.dispose());

  it('offers the schema keys a table lacks, with their descriptions', async () => {
    const items = await completeAt(client, 'shop.graph.yaml', SHOP_GRAPH.replace('  items:\n', '  items:\n    |\n'));
    assert.ok(labels(items).includes('time_column'));
    assert.ok(!labels(items).includes('primary_key'), 'primary_key is already set');
    const time = items.find((i) => i.label === 'time_column')!;
    assert.match(JSON.stringify(time.documentation), /time/i);
    assert.equal(time.textEdit && 'newText' in time.textEdit ? time.textEdit.newText : undefined, 'time_column: ');
  });

  it('offers enum values from the schema (stypes of a column override)', async () => {
    const items = await completeAt(
      client,
      'shop.graph.yaml',
      SHOP_GRAPH.replace('  items:\n', '  items:\n    columns:\n      category: |\n'),
    );
    assert.ok(labels(items).includes('categorical') && labels(items).includes('text'));
  });

  it('offers every training table when typing a `tables:` key: the missing ones first, the present ones marked', async () => {
    const items = await completeAt(client, 'holdout.graph.yaml', HOLDOUT_GRAPH.replace('edges:', '  |\nedges:'));
    assert.deepEqual(labels(sorted(items)), ['items', 'orders', 'users']);
    const orders = items.find((i) => i.label === 'orders')!;
    const text = orders.textEdit && 'newText' in orders.textEdit ? orders.textEdit.newText : '';
    assert.match(text, /^orders:\n {4}source: \$1\n {4}primary_key: order_id\n {4}time_column: ts$/);
    const users = items.find((i) => i.label === 'users')!;
    assert.equal(users.labelDetails?.description, 'already in this graph');
    assert.equal(users.textEdit && 'newText' in users.textEdit ? users.textEdit.newText : '', 'users');
  });

  it('still lists the training tables when the inference graph has them all (never an empty list)', async () => {
    const complete = HOLDOUT_GRAPH.replace(/order\b/g, 'orders').replace(
      'edges:',
      '  items:\n    source: data/items.csv\n    primary_key: item_id\n  |\nedges:',
    );
    const items = await completeAt(client, 'holdout.graph.yaml', complete);
    assert.deepEqual(labels(sorted(items)), ['items', 'orders', 'users']);
    assert.ok(items.every((i) => i.labelDetails?.description === 'already in this graph'));
  });

  it('offers a new-table template in a graph of its own', async () => {
    const items = await completeAt(client, 'shop.graph.yaml', SHOP_GRAPH.replace('edges:', '  |\nedges:'));
    const template = items.find((i) => i.label === 'new table')!;
    assert.equal(
      template.textEdit && 'newText' in template.textEdit ? template.textEdit.newText : '',
      '${1:name}:\n    source: ${2}\n    primary_key: ${3}',
    );
  });

  it('offers the columns of the table source for primary_key and columns:', async () => {
    const keys = await completeAt(
      client,
      'shop.graph.yaml',
      SHOP_GRAPH.replace('primary_key: item_id', 'primary_key: |'),
    );
    assert.deepEqual(labels(keys).sort(), ['category', 'item_id']);
    const columns = await completeAt(
      client,
      'shop.graph.yaml',
      SHOP_GRAPH.replace('    primary_key: item_id\n', '    primary_key: item_id\n    columns:\n      |\n'),
    );
    assert.deepEqual(labels(columns).sort(), ['category', 'item_id']);
  });

  it('offers table names and foreign-key columns in edges', async () => {
    const tables = await completeAt(
      client,
      'shop.graph.yaml',
      SHOP_GRAPH.replace('dst_table: items }', 'dst_table: | }'),
    );
    assert.deepEqual(labels(sorted(tables)).slice(0, 1), ['items'], 'the table whose key is item_id first');
    assert.deepEqual(labels(tables).sort(), ['items', 'orders', 'users']);
    const fkeys = await completeAt(client, 'shop.graph.yaml', SHOP_GRAPH.replace('fkey: item_id', 'fkey: |'));
    assert.ok(
      labels(fkeys).includes('item_id') && !labels(fkeys).includes('order_id'),
      'columns of orders except its own key',
    );
  });

  it('completes file paths for source, graph and training_job', async () => {
    const sources = await completeAt(
      client,
      'shop.graph.yaml',
      SHOP_GRAPH.replace('source: data/items.csv', 'source: data/|'),
    );
    assert.deepEqual(labels(sources).sort(), ['items.csv', 'orders.csv', 'users.csv']);
    const folders = await completeAt(
      client,
      'shop.graph.yaml',
      SHOP_GRAPH.replace('source: data/items.csv', 'source: |'),
    );
    assert.ok(labels(folders).includes('data/'));
    const graphs = await completeAt(
      client,
      'churn.training.yaml',
      CHURN_TRAINING.replace('graph: shop.graph.yaml', 'graph: |'),
    );
    assert.deepEqual(
      labels(graphs)
        .filter((l) => l.endsWith('.yaml'))
        .sort(),
      ['holdout.graph.yaml', 'shop.graph.yaml'],
    );
    const jobs = await completeAt(
      client,
      'churn.prediction.yaml',
      SHOP_FILES['churn.prediction.yaml'].replace('training_job: churn.training.yaml', 'training_job: |'),
    );
    assert.ok(labels(jobs).includes('churn.training.yaml'));
  });

  it('completes PQL inside query: columns after table., window units, keywords and aggregations', async () => {
    const columns = await completeAt(
      client,
      'churn.training.yaml',
      CHURN_TRAINING.replace('FOR EACH users.user_id', 'FOR EACH users.|'),
    );
    assert.deepEqual(labels(columns).sort(), ['country', 'signup', 'user_id']);
    const units = await completeAt(client, 'churn.training.yaml', CHURN_TRAINING.replace('0, 30, days)', '0, 30, |)'));
    assert.deepEqual(labels(units).sort(), ['days', 'hours', 'minutes', 'months']);
    const words = await completeAt(
      client,
      'churn.training.yaml',
      CHURN_TRAINING.replace('FOR EACH users.user_id', 'FOR EACH users.user_id\n  |'),
    );
    for (const expected of ['ASSUMING', 'WHERE', 'COUNT', 'LIST_DISTINCT', 'orders'])
      assert.ok(labels(words).includes(expected), expected);
    assert.match(JSON.stringify(words.find((i) => i.label === 'ASSUMING')!.documentation), /what-if/);
    const entity = await completeAt(
      client,
      'churn.training.yaml',
      CHURN_TRAINING.replace('FOR EACH users.user_id', 'FOR EACH |'),
      ' ',
    );
    assert.deepEqual(labels(entity).sort(), ['items.item_id', 'orders.order_id', 'users.user_id']);
  });

  it('inserts back-quotes around a column name that needs them', async () => {
    const columns = await completeAt(
      client,
      'fee.training.yaml',
      FEE_TRAINING.replace('SUM(members.`monthly fee`', 'SUM(members.|'),
    );
    assert.deepEqual(labels(columns).sort(), ['*', 'joined', 'member id', 'monthly fee', 'plan']);
    const fee = columns.find((i) => i.label === 'monthly fee')!;
    assert.equal(fee.textEdit && 'newText' in fee.textEdit ? fee.textEdit.newText : undefined, '`monthly fee`');
    const plan = columns.find((i) => i.label === 'plan')!;
    assert.equal(plan.textEdit && 'newText' in plan.textEdit ? plan.textEdit.newText : undefined, 'plan');

    const typed = await completeAt(
      client,
      'fee.training.yaml',
      FEE_TRAINING.replace('SUM(members.`monthly fee`', 'SUM(members.`mo|'),
    );
    const partial = typed.find((i) => i.label === 'monthly fee')!;
    assert.equal(partial.filterText, '`monthly fee');
    assert.ok(partial.textEdit && 'range' in partial.textEdit);
    assert.equal(partial.textEdit.range.end.character - partial.textEdit.range.start.character, '`mo'.length);

    const entity = await completeAt(
      client,
      'fee.training.yaml',
      FEE_TRAINING.replace('FOR EACH members.`member id`', 'FOR EACH |'),
      ' ',
    );
    const key = entity.find((i) => i.label === 'members.member id')!;
    assert.equal(key.textEdit && 'newText' in key.textEdit ? key.textEdit.newText : undefined, 'members.`member id`');
  });

  it('stays quiet when a space is typed for indentation or between query words', async () => {
    assert.deepEqual(
      await completeAt(client, 'shop.graph.yaml', SHOP_GRAPH.replace('  items:\n', '  items:\n    |\n'), ' '),
      [],
    );
    assert.deepEqual(
      await completeAt(client, 'churn.training.yaml', CHURN_TRAINING.replace('FOR EACH', 'FOR |EACH'), ' '),
      [],
    );
  });
});
