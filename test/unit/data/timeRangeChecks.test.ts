import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../cli/main';
import { DataFixture, lineOf, only } from './dataFixture';

/**
 * The numbers of a training spec against the time range of its data (`time-range-exceeds-data`), and the
 * engine's refusal of specs whose numbers it cannot run (issue 8, finding 10): `relgraph train` stops at the
 * diagnostic instead of failing later with "reading 'getTime'" or a DuckDB Binder Error.
 */
let fx: DataFixture;

before(async () => {
  fx = await DataFixture.create();
  fx.write('data/customers.csv', 'customer_id,country\n1,DE\n2,FR\n');
  // 100 days of orders: 2024-01-01 to 2024-04-10.
  fx.write(
    'data/orders.csv',
    'order_id,customer_id,ts\n1,1,2024-01-01\n2,2,2024-02-01\n3,1,2024-03-01\n4,2,2024-04-10\n',
  );
  fx.write(
    'shop.graph.yaml',
    [
      'kind: graph',
      'tables:',
      '  customers: { source: data/customers.csv, primary_key: customer_id }',
      '  orders: { source: data/orders.csv, primary_key: order_id, time_column: ts }',
      'edges:',
      '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
      '',
    ].join('\n'),
  );
});
after(() => fx.close());

function trainingSpec(name: string, windowDays: number, train = ''): string {
  return fx.write(
    `${name}.training.yaml`,
    `kind: training\ngraph: shop.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, ${windowDays}, days) = 0 FOR EACH customers.customer_id\n${train}`,
  );
}

describe('time-range-exceeds-data', () => {
  it('a target window as long as the data, or longer: on the window end', async () => {
    const file = trainingSpec('long-window', 100);
    const found = only(await fx.dataDiagnostics('long-window.training.yaml'), 'time-range-exceeds-data');
    assert.equal(found.range.start.line, lineOf(file, 'PREDICT'));
    assert.match(found.message, /reaches 100 days past each anchor time, but orders.ts runs from 2024-01-01/);
    assert.match(found.message, /\(100 days\)/);
  });

  it('a window just shorter than the data passes', async () => {
    trainingSpec('fits', 50);
    const codes = (await fx.dataDiagnostics('fits.training.yaml')).map((d) => d.code);
    assert.deepEqual(codes, []);
  });

  it('a timeframe_step that leaves no anchor, without start_time: on the step', async () => {
    // 100 days of data, a 30-day window: the last anchor is day 70, so a step of 71 puts the first one after it.
    const file = trainingSpec('big-step', 30, 'train:\n  timeframe_step: 71\n');
    const found = only(await fx.dataDiagnostics('big-step.training.yaml'), 'time-range-exceeds-data');
    assert.equal(found.range.start.line, lineOf(file, 'timeframe_step'));
    assert.match(found.message, /timeframe_step 71 days leaves no anchor time/);
    trainingSpec('step-fits', 30, 'train:\n  timeframe_step: 70\n');
    assert.deepEqual(await fx.dataDiagnostics('step-fits.training.yaml'), []);
    // With start_time the step no longer places the first anchor.
    trainingSpec('step-with-start', 30, 'train:\n  start_time: 2024-01-15\n  timeframe_step: 71\n');
    assert.deepEqual(await fx.dataDiagnostics('step-with-start.training.yaml'), []);
  });

  it('a step the schema already rejects is reported once, by the schema', async () => {
    trainingSpec('huge-step', 30, 'train:\n  timeframe_step: 1e308\n');
    assert.deepEqual(await fx.dataDiagnostics('huge-step.training.yaml'), []);
    const staticCodes = fx.staticValidation('huge-step.training.yaml').diagnostics.map((d) => d.code);
    assert.deepEqual(staticCodes, ['schema']);
  });

  it('a query with a number the engine cannot run gets no data checks at all (one cause, one diagnostic)', async () => {
    fx.write(
      'inf.training.yaml',
      'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30, days) > 1e400 FOR EACH customers.customer_id WHERE COUNT(orders.*, -30, 0) > 0\n',
    );
    assert.deepEqual(await fx.dataDiagnostics('inf.training.yaml'), []);
  });
});

describe('relgraph train and predict refuse numbers they cannot run, naming the file and the number', () => {
  for (const [name, spec, expected] of [
    ['constant', 'PREDICT COUNT(orders.*, 0, 30, days) > 1e400', /number-out-of-range 1e400 is too large/],
    ['window', 'PREDICT COUNT(orders.*, 0, 100000000000000000000000, days) = 0', /number-out-of-range The window end/],
  ] as const) {
    it(`a ${name}`, async () => {
      fx.write(
        `refused-${name}.training.yaml`,
        `kind: training\ngraph: shop.graph.yaml\nquery: ${spec} FOR EACH customers.customer_id\n`,
      );
      await expectRefusal(`refused-${name}.training.yaml`, expected);
    });
  }

  it('relgraph predict: an anchor_time that does not exist', async () => {
    trainingSpec('anchor-model', 30);
    fx.write(
      'refused-anchor.prediction.yaml',
      'kind: prediction\ntraining_job: anchor-model.training.yaml\nanchor_time: 2024-02-30\nbinary_classification_threshold: 0.5\n',
    );
    await expectRefusal(
      'refused-anchor.prediction.yaml',
      /number-out-of-range 'anchor_time' 2024-02-30: day 30 does not exist in February 2024/,
      'predict',
    );
  });

  it('a timeframe_step of 1e308', async () => {
    trainingSpec('refused-step', 30, 'train:\n  timeframe_step: 1e308\n');
    await expectRefusal(
      'refused-step.training.yaml',
      /schema 'train.timeframe_step' must be at most 36525 \(got 1e308\)/,
    );
  });
});

async function expectRefusal(file: string, expected: RegExp, command: 'train' | 'predict' = 'train'): Promise<void> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([command, file], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: fx.dir,
    env: { XDG_CACHE_HOME: fx.path('cache') },
    signal: new AbortController().signal,
  });
  assert.equal(code, 1, stdout + stderr);
  assert.match(stderr, new RegExp(`${file.replace('.', '\\.')}:\\d+:\\d+ error `));
  assert.match(stderr, expected);
  assert.match(stderr, new RegExp(`relgraph ${command}: ${file.replace('.', '\\.')} has errors`));
  assert.doesNotMatch(stdout + stderr, /getTime|Binder Error|Infinity/);
  assert.ok(!fs.existsSync(fx.path('.relgraph/jobs')) || fs.readdirSync(fx.path('.relgraph/jobs')).length === 0);
}
