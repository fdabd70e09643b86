import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { parse } from 'yaml';
import { applyEdits, editsFor } from './applyEdits';
import { codes, LspTestClient } from './lspTestClient';
import { HOLDOUT_GRAPH, SHOP_FILES } from './shopWorkspace';

describe('code actions', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { enabled: false } } });
  });
  after(() => client.dispose());

  const actionsFor = (uri: string, diagnostics: Diagnostic[], only?: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, only },
    });

  /** Types `text` into the buffer and returns its diagnostics once validated. */
  const retype = async (uri: string, text: string) => {
    const version = client.change(uri, text);
    return client.waitForDiagnostics(uri, (_, params) => params.version === version);
  };

  it('renames a misspelt table (and its edge ends) to the training name', async () => {
    const uri = client.open('holdout.graph.yaml');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('table-not-in-training'));
    const misnamed = diagnostics.filter((d) => d.code === 'table-not-in-training');
    const actions = await actionsFor(uri, misnamed);
    const rename = actions.find((a) => a.title.startsWith("Rename table 'order' to 'orders'"))!;
    assert.equal(rename.isPreferred, true);
    const fixed = applyEdits(HOLDOUT_GRAPH, editsFor(rename.edit, uri));
    assert.deepEqual(Object.keys(parse(fixed).tables), ['users', 'orders']);
    assert.equal(parse(fixed).edges[0].src_table, 'orders');
    assert.ok(!codes(await retype(uri, fixed)).includes('table-not-in-training'));
  });

  it('adds a missing training table with its edges, and a missing edge', async () => {
    const uri = client.uri('holdout.graph.yaml');
    const text = HOLDOUT_GRAPH.replace(/order\b/g, 'orders');
    const diagnostics = await retype(uri, text);
    const missing = diagnostics.filter((d) => d.code === 'training-table-missing');
    assert.deepEqual(
      missing.map((d) => d.data?.table),
      ['items'],
    );
    const add = (await actionsFor(uri, missing)).find((a) => a.title === "Add training table 'items' and its edges")!;
    const fixed = applyEdits(text, editsFor(add.edit, uri));
    const graph = parse(fixed);
    assert.deepEqual(graph.tables.items, { source: 'data/items.csv', primary_key: 'item_id' });
    assert.deepEqual(graph.edges.at(-1), { src_table: 'orders', fkey: 'item_id', dst_table: 'items' });
    assert.deepEqual(codes(await retype(uri, fixed)), []);
  });

  it('removes a table that is not in the training graph, with its edges', async () => {
    const uri = client.uri('holdout.graph.yaml');
    const diagnostics = await retype(uri, HOLDOUT_GRAPH);
    const remove = (
      await actionsFor(
        uri,
        diagnostics.filter((d) => d.code === 'table-not-in-training'),
      )
    ).find((a) => a.title.startsWith("Remove table 'order'"))!;
    const fixed = parse(applyEdits(HOLDOUT_GRAPH, editsFor(remove.edit, uri)));
    assert.deepEqual(Object.keys(fixed.tables), ['users']);
    assert.equal(fixed.edges, undefined);
  });

  it('adds binary_classification_threshold: 0.5 to a binary task', async () => {
    const uri = client.open('churn.prediction.yaml');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('threshold-required'));
    const action = (await actionsFor(uri, diagnostics)).find(
      (a) => a.title === 'Add binary_classification_threshold: 0.5',
    )!;
    const fixed = applyEdits(SHOP_FILES['churn.prediction.yaml'], editsFor(action.edit, uri));
    assert.equal(parse(fixed).binary_classification_threshold, 0.5);
    assert.ok(!codes(await retype(uri, fixed)).includes('threshold-required'));
  });

  it('fixes all safe problems at once, leaving the unsafe ones', async () => {
    const uri = client.uri('holdout.graph.yaml');
    // Safe: `itemz` is surely `items`; the orders -> users edge is missing. Unsafe: `extra` is unknown.
    const text = `kind: graph
tables:
  users:
    source: data/users.csv
    primary_key: user_id
  orders:
    source: data/orders.csv
    primary_key: order_id
    time_column: ts
  itemz:
    source: data/items.csv
    primary_key: item_id
  extra:
    source: data/items.csv
edges:
  - { src_table: orders, fkey: item_id, dst_table: itemz }
`;
    const before = codes(await retype(uri, text));
    // `itemz` for `items` is one cause, reported once: on the key, not again as a missing training table.
    assert.deepEqual(before, ['table-not-in-training', 'table-not-in-training', 'training-edge-missing']);
    const fixAll = (await actionsFor(uri, [], ['source.fixAll'])).find((a) => a.kind === 'source.fixAll.relgraph')!;
    const fixed = applyEdits(text, editsFor(fixAll.edit, uri));
    const graph = parse(fixed);
    assert.deepEqual(Object.keys(graph.tables), ['users', 'orders', 'items', 'extra']);
    assert.deepEqual(graph.edges, [
      { src_table: 'orders', fkey: 'item_id', dst_table: 'items' },
      { src_table: 'orders', fkey: 'user_id', dst_table: 'users' },
    ]);
    const after = await retype(uri, fixed);
    assert.deepEqual(codes(after), ['table-not-in-training']);
    assert.match(String(after[0].message), /'extra'/);
  });

  it('replaces a misspelt name with the one core suggests, in an edge and in a query', async () => {
    const graphUri = client.uri('holdout.graph.yaml');
    const graphText = HOLDOUT_GRAPH.replace(/order\b/g, 'orders').replace('dst_table: users', 'dst_table: user');
    const unknown = (await retype(graphUri, graphText)).filter((d) => d.code === 'unknown-table');
    const change = (await actionsFor(graphUri, unknown)).find((a) => a.title === "Change to 'users'")!;
    assert.equal(parse(applyEdits(graphText, editsFor(change.edit, graphUri))).edges[0].dst_table, 'users');

    const queryUri = client.open('churn.training.yaml');
    const queryText = SHOP_FILES['churn.training.yaml'].replace('FOR EACH users.user_id', 'FOR EACH user.user_id');
    const pql = (await retype(queryUri, queryText)).filter((d) => d.code === 'pql-unknown-table');
    const fix = (await actionsFor(queryUri, pql)).find((a) => a.title === "Change to 'users'")!;
    assert.match(parse(applyEdits(queryText, editsFor(fix.edit, queryUri))).query, /FOR EACH users\.user_id/);
  });
});
