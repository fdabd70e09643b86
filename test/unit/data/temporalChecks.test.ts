import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataFixture, lineOf, none, only } from './dataFixture';

/**
 * Anchor time against the data, and the entity filter at the anchor. Results run from 2020-01-01 to
 * 2020-04-09 (one a day); the filter keeps drivers with a result in the year before the anchor.
 */
let fx: DataFixture;

const QUERY = `PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 0, days) > 0`;

function prediction(name: string, anchor?: string, training = 'position.training.yaml'): string {
  return fx.write(
    `${name}.prediction.yaml`,
    `kind: prediction\ntraining_job: ${training}\ngraph: f.graph.yaml\n${anchor ? `anchor_time: ${anchor}\n` : ''}`,
  );
}

before(async () => {
  fx = await DataFixture.create();
  await fx.table('drivers.csv', `SELECT range + 1 AS driverId FROM range(10)`);
  await fx.table(
    'results.parquet',
    `SELECT range AS resultId, 1 + range % 10 AS driverId, TIMESTAMP '2020-01-01' + to_days(range::INT) AS date, 1 + range % 20 AS positionOrder FROM range(100)`,
  );
  fx.write(
    'f.graph.yaml',
    `kind: graph\ntables:\n  drivers:\n    source: drivers.csv\n    primary_key: driverId\n` +
      `  results:\n    source: results.parquet\n    primary_key: resultId\n    time_column: date\n` +
      `edges:\n  - { src_table: results, fkey: driverId, dst_table: drivers }\n`,
  );
  fx.write('position.training.yaml', `kind: training\ngraph: f.graph.yaml\nquery: ${QUERY}\n`);
});

after(() => fx.close());

describe('anchor time against the data', () => {
  it('anchor-time-after-data: warns with the data range', async () => {
    const file = prediction('late', '2030-01-01');
    const diagnostics = await fx.dataDiagnostics('late.prediction.yaml');
    const d = only(diagnostics, 'anchor-time-after-data');
    assert.equal(d.severity, 'warning');
    assert.match(
      d.message,
      /anchor_time 2030-01-01 00:00:00 is after the data: results\.date runs from 2020-01-01 00:00:00 to 2020-04-09 00:00:00/,
    );
    assert.match(d.message, /read results\.parquet, 100 rows/);
    assert.equal(d.range.start.line, lineOf(file, 'anchor_time'));
    none(diagnostics, 'anchor-time-before-data');
  });

  it('anchor-time-before-data: warns with the data range', async () => {
    prediction('early', '2010-06-30');
    const diagnostics = await fx.dataDiagnostics('early.prediction.yaml');
    assert.match(
      only(diagnostics, 'anchor-time-before-data').message,
      /2010-06-30 00:00:00 is before the data: results\.date runs from 2020-01-01/,
    );
    none(diagnostics, 'anchor-time-after-data');
  });

  it('passes an anchor inside the data, and the default anchor', async () => {
    prediction('inside', '2020-03-01');
    prediction('default');
    for (const name of ['inside', 'default']) {
      const diagnostics = await fx.dataDiagnostics(`${name}.prediction.yaml`);
      none(diagnostics, 'anchor-time-after-data');
      none(diagnostics, 'anchor-time-before-data');
      none(diagnostics, 'no-eligible-entities');
    }
  });

  it('treats an integer anchor as nanoseconds since the epoch', async () => {
    prediction('nanos', String(Date.UTC(2031, 0, 1) * 1_000_000));
    assert.match(
      only(await fx.dataDiagnostics('nanos.prediction.yaml'), 'anchor-time-after-data').message,
      /2031-01-01 00:00:00/,
    );
  });
});

describe('no-eligible-entities', () => {
  it('warns when the entity filter leaves nobody at the anchor, pointing at the anchor and the filter', async () => {
    prediction('empty', '2022-01-01');
    const diagnostics = await fx.dataDiagnostics('empty.prediction.yaml');
    const d = only(diagnostics, 'no-eligible-entities');
    assert.equal(d.severity, 'warning');
    assert.match(
      d.message,
      /No 'drivers' entity passes the filter `WHERE COUNT\(results\.\*, -365, 0, days\) > 0` at anchor time 2022-01-01 00:00:00: 0 of the 10 known then/,
    );
    assert.equal(d.related?.[0].path, fx.path('position.training.yaml'));
    only(diagnostics, 'anchor-time-after-data');
  });

  it('counts windows as (t+start, t+end]: a result exactly 365 days before the anchor is outside', async () => {
    // The last result is on 2020-04-09; 365 days later the window (2020-04-09, 2021-04-09] excludes it.
    prediction('edge-out', '2021-04-09');
    only(await fx.dataDiagnostics('edge-out.prediction.yaml'), 'no-eligible-entities');
    // One second earlier the window starts before it, so the driver of that result is eligible.
    prediction('edge-in', '2021-04-08 23:59:59');
    none(await fx.dataDiagnostics('edge-in.prediction.yaml'), 'no-eligible-entities');
  });

  it('evaluates a filter inside the aggregation at the default anchor', async () => {
    const query = `PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId WHERE COUNT(results.* WHERE results.positionOrder > 100, -365, 0, days) > 0`;
    fx.write('strict.training.yaml', `kind: training\ngraph: f.graph.yaml\nquery: ${query}\n`);
    prediction('strict', undefined, 'strict.training.yaml');
    const d = only(await fx.dataDiagnostics('strict.prediction.yaml'), 'no-eligible-entities');
    assert.match(d.message, /at the default anchor time 2020-04-09 00:00:00 \(the latest results\.date\)/);
  });
});
