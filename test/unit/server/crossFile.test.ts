import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codes, LspTestClient } from './lspTestClient';
import { SHOP_FILES, SHOP_GRAPH, USERS_CSV } from './shopWorkspace';

describe('cross-file validation', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { delayMs: 10 } } });
  });
  after(() => client.dispose());

  it('re-validates an inference graph when its training graph is edited (unsaved)', async () => {
    const holdout = client.open('holdout.graph.yaml');
    await client.waitForDiagnostics(holdout, (d) => codes(d).includes('table-not-in-training'));
    const training = client.open('shop.graph.yaml');
    // Rename the training table `orders` to `order` in the buffer only: the inference graph now matches.
    client.change(
      training,
      SHOP_GRAPH.replace('  orders:', '  order:').replace(/src_table: orders/g, 'src_table: order'),
    );
    const after = await client.waitForDiagnostics(holdout, (d) => !codes(d).includes('table-not-in-training'));
    assert.ok(codes(after).includes('training-table-missing'), 'items is still missing');
    // Closing the buffer drops the unsaved text: the disk version counts again.
    client.close(training);
    await client.waitForDiagnostics(holdout, (d) => codes(d).includes('table-not-in-training'));
  });

  it('re-validates a prediction spec when its training spec changes', async () => {
    const prediction = client.open('churn.prediction.yaml');
    await client.waitForDiagnostics(prediction, (d) => codes(d).includes('threshold-required'));
    const training = client.open('churn.training.yaml');
    // A regression query needs no threshold: the prediction spec's error goes away without touching it.
    client.change(
      training,
      SHOP_FILES['churn.training.yaml'].replace('COUNT(orders.*, 0, 30, days) = 0', 'SUM(orders.amount, 0, 30, days)'),
    );
    await client.waitForDiagnostics(prediction, (d) => !codes(d).includes('threshold-required'));
    client.close(training);
    await client.waitForDiagnostics(prediction, (d) => codes(d).includes('threshold-required'));
  });

  it('re-runs the data checks that read a changed data file', async () => {
    const holdout = client.uri('holdout.graph.yaml');
    await client.waitForDiagnostics(holdout, (d) => d.some((x) => x.source === 'relgraph-data'));
    assert.ok(!codes(client.diagnostics(holdout)).includes('primary-key-not-unique'));
    client.write('data/users.csv', USERS_CSV + '2,2024-03-01,GB\n');
    client.fileChanged('data/users.csv');
    await client.waitForDiagnostics(holdout, (d) => codes(d).includes('primary-key-not-unique'));
  });

  it('re-validates open specs when a closed spec changes on disk', async () => {
    const holdout = client.uri('holdout.graph.yaml');
    assert.ok(codes(client.diagnostics(holdout)).includes('table-not-in-training'));
    client.write(
      'shop.graph.yaml',
      SHOP_GRAPH.replace('  orders:', '  order:').replace(/src_table: orders/g, 'src_table: order'),
    );
    client.fileChanged('shop.graph.yaml');
    await client.waitForDiagnostics(holdout, (d) => !codes(d).includes('table-not-in-training'));
  });
});
