import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../cli/main';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { sqlString } from '../../../data/sourceScan';
import { ShopWorkspace } from './shopFixture';

/**
 * A boolean target column is binary classification (issue 13, item 3: Kumo's task types), from `relgraph
 * validate` through training to what a prediction job writes: a threshold and TRUE_PROB, not class rows.
 * The shop's customers get `vip` (true for most weekly buyers, some others), empty for every fifth customer:
 * the static query predicts those.
 */
describe('a boolean target, end to end through the CLI', () => {
  let ws: ShopWorkspace;
  let session: DuckDbSession;

  before(async () => {
    ws = ShopWorkspace.create();
    session = await DuckDbSession.open({ threads: 1 });
    const file = ws.path('data/customers.csv');
    const [header, ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const withVip = rows.map((row) => {
      const [id, , segment] = row.split(',');
      const vip = Number(id) % 5 === 0 ? '' : segment === 'A' || Number(id) % 11 === 0 ? 'true' : 'false';
      return `${row},${vip}`;
    });
    fs.writeFileSync(file, [`${header},vip`, ...withVip].join('\n') + '\n');
    ws.write(
      'vip.training.yaml',
      'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT customers.vip FOR EACH customers.customer_id\nmodel:\n  run_mode: fast\n',
    );
    ws.predictionSpec('vip', ['training_job: vip.training.yaml', 'destination: { type: local, path: out/vip.csv }']);
  });
  after(() => {
    session.close();
    ws.remove();
  });

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: ws.dir,
      env: { XDG_CACHE_HOME: ws.path('.cache') },
      signal: new AbortController().signal,
    });
    return { code, stdout, stderr };
  }

  it('validates as binary classification, saying why', async () => {
    const { code, stdout, stderr } = await cli('validate', 'vip.training.yaml', '--format', 'json');
    assert.equal(code, 0, stderr);
    const task = JSON.parse(stdout).files[0].task as { type: string; reason: string };
    assert.equal(task.type, 'binary_classification');
    assert.match(task.reason, /bool/i);
  });

  it('trains a binary model and predicts TRUE_PROB for the customers whose vip is empty', async () => {
    const trained = await cli('train', 'vip.training.yaml');
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /\(binary_classification, run_mode fast\)/);
    assert.match(trained.stdout, /AUROC [01]\.\d{4}/);

    // A binary model's prediction needs its threshold, as on Kumo.
    const refused = await cli('predict', 'vip.prediction.yaml');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /threshold-required .*customers\.vip is a boolean column/);
    ws.predictionSpec('vip', [
      'training_job: vip.training.yaml',
      'binary_classification_threshold: 0.5',
      'destination: { type: local, path: out/vip.csv }',
    ]);
    const predicted = await cli('predict', 'vip.prediction.yaml');
    assert.equal(predicted.code, 0, predicted.stderr);
    const rows = await session.rows(`SELECT * FROM read_csv(${sqlString(ws.path('out/vip_predictions.csv'))})`);
    assert.deepEqual(Object.keys(rows[0]), ['ENTITY', 'TARGET_PRED', 'FALSE_PROB', 'TRUE_PROB']);
    assert.deepEqual(
      rows.map((r) => Number(r.ENTITY)).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => 5 * (i + 1)),
      'exactly the customers with no vip value',
    );
    for (const row of rows) {
      const p = row.TRUE_PROB as number;
      assert.ok(p >= 0 && p <= 1);
      assert.ok(Math.abs(p + (row.FALSE_PROB as number) - 1) < 1e-9);
      assert.equal(typeof row.TARGET_PRED, 'boolean');
    }
    assert.ok(fs.existsSync(path.join(ws.dir, '.relgraph', 'jobs')));
  });
});
