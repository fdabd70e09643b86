import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Location, LocationLink, Position, WorkspaceEdit } from 'vscode-languageserver';
import { parse } from 'yaml';
import { applyEdits, editsFor } from './applyEdits';
import { LspTestClient } from './lspTestClient';
import { CHURN_TRAINING, HOLDOUT_GRAPH, SHOP_FILES, SHOP_GRAPH } from './shopWorkspace';

function positionOf(text: string, needle: string, offset = 1): Position {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} not found`);
  const lines = text.slice(0, index + offset).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('navigation', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { enabled: false } } });
    for (const name of ['shop.graph.yaml', 'holdout.graph.yaml', 'churn.training.yaml', 'churn.prediction.yaml'])
      client.open(name);
    // Cross-file answers need the workspace index: wait until the inference graph knows its training graph.
    await client.waitForDiagnostics(client.uri('holdout.graph.yaml'), (d) =>
      d.some((x) => x.code === 'table-not-in-training'),
    );
  });
  after(() => client.dispose());

  const definition = (name: string, position: Position) =>
    client.request<LocationLink[] | null>('textDocument/definition', {
      textDocument: { uri: client.uri(name) },
      position,
    });

  it('goes from an inference table to the training table, and from edge ends to their tables', async () => {
    const [link] = (await definition('holdout.graph.yaml', positionOf(HOLDOUT_GRAPH, '  users:', 3)))!;
    assert.equal(link.targetUri, client.uri('shop.graph.yaml'));
    assert.deepEqual(link.targetSelectionRange.start, positionOf(SHOP_GRAPH, 'users:', 0));
    const [edgeEnd] = (await definition('shop.graph.yaml', positionOf(SHOP_GRAPH, 'dst_table: items', 12)))!;
    assert.deepEqual(edgeEnd.targetSelectionRange.start, positionOf(SHOP_GRAPH, 'items:', 0));
    const [queryTable] = (await definition('churn.training.yaml', positionOf(CHURN_TRAINING, 'orders.*', 2)))!;
    assert.equal(queryTable.targetUri, client.uri('shop.graph.yaml'));
    assert.deepEqual(queryTable.targetSelectionRange.start, positionOf(SHOP_GRAPH, 'orders:', 0));
  });

  it('opens the file named by graph, training_job and source', async () => {
    const [graph] = (await definition('churn.training.yaml', positionOf(CHURN_TRAINING, 'shop.graph.yaml', 3)))!;
    assert.equal(graph.targetUri, client.uri('shop.graph.yaml'));
    const prediction = SHOP_FILES['churn.prediction.yaml'];
    const [training] = (await definition('churn.prediction.yaml', positionOf(prediction, 'churn.training.yaml', 3)))!;
    assert.equal(training.targetUri, client.uri('churn.training.yaml'));
    const [source] = (await definition('shop.graph.yaml', positionOf(SHOP_GRAPH, 'data/items.csv', 3)))!;
    assert.equal(source.targetUri, client.uri('data/items.csv'));
  });

  it('finds the references of a table across the training graph, the query and the inference graph', async () => {
    const locations = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: client.uri('shop.graph.yaml') },
      position: positionOf(SHOP_GRAPH, 'users:', 1),
      context: { includeDeclaration: true },
    });
    const byFile = (name: string) => locations.filter((l) => l.uri === client.uri(name)).length;
    assert.equal(byFile('shop.graph.yaml'), 2, 'the key and one edge end');
    assert.equal(byFile('churn.training.yaml'), 1, 'FOR EACH users.user_id');
    assert.equal(byFile('holdout.graph.yaml'), 2, 'the inference key and its edge end');
  });

  it('renames a table across graphs, edges and the query', async () => {
    const prepared = await client.request<{ placeholder: string } | null>('textDocument/prepareRename', {
      textDocument: { uri: client.uri('churn.training.yaml') },
      position: positionOf(CHURN_TRAINING, 'users.user_id', 2),
    });
    assert.equal(prepared?.placeholder, 'users');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: client.uri('churn.training.yaml') },
      position: positionOf(CHURN_TRAINING, 'users.user_id', 2),
      newName: 'customers',
    });
    const graph = parse(applyEdits(SHOP_GRAPH, editsFor(edit, client.uri('shop.graph.yaml'))));
    assert.ok(graph.tables.customers && !graph.tables.users);
    assert.equal(graph.edges[0].dst_table, 'customers');
    assert.match(
      applyEdits(CHURN_TRAINING, editsFor(edit, client.uri('churn.training.yaml'))),
      /FOR EACH customers\.user_id/,
    );
    assert.ok(parse(applyEdits(HOLDOUT_GRAPH, editsFor(edit, client.uri('holdout.graph.yaml')))).tables.customers);
  });

  it('refuses invalid and clashing names', async () => {
    const rename = (newName: string) =>
      client.request('textDocument/rename', {
        textDocument: { uri: client.uri('shop.graph.yaml') },
        position: positionOf(SHOP_GRAPH, 'users:', 1),
        newName,
      });
    await assert.rejects(rename('1users'), /not a valid table name/);
    await assert.rejects(rename('orders'), /already exists/);
  });
});
