import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { loadGraphTables } from '../../../engine/features/GraphTables';
import { anchorSchedule, parseAnchorSetting } from '../../../engine/training/AnchorSchedule';
import { checkModelArtifact, MODEL_ARTIFACT_FORMAT } from '../../../engine/training/ModelArtifact';
import { bestAccuracyThreshold, validationMetrics } from '../../../engine/training/ValidationMetrics';
import { tinyShopSources, writeTinyShop } from './tinyShop';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 10));
/** A budget that caps only by anchor count. */
const cap = (maxAnchors: number) => ({ maxAnchors, candidatePairs: 1e12, minAnchors: 1 });

describe('anchor schedule', () => {
  it('defaults: the last label window ends at the latest fact, one window apart, the latest tenth validates', async () => {
    const session = await DuckDbSession.open({ threads: 1 });
    const dir = writeTinyShop();
    try {
      const graph = await loadGraphTables(session, tinyShopSources(dir));
      const query = parsePql('PREDICT COUNT(orders.*, 0, 10, days) FOR EACH users.user_id').query!;
      // Orders span 2024-02-01 .. 2024-03-20: end 2024-03-10, then every 10 days back to 2024-02-11.
      const schedule = await anchorSchedule(session, graph, query, {}, cap(100));
      assert.deepEqual(iso(schedule.anchors), ['2024-02-19', '2024-02-29', '2024-03-10']);
      assert.equal(schedule.stepDays, 10);
      assert.equal(schedule.validationStart.toISOString().slice(0, 10), '2024-03-10');
      const capped = await anchorSchedule(session, graph, query, {}, cap(2));
      assert.deepEqual(iso(capped.anchors), ['2024-02-29', '2024-03-10']);
      const explicit = await anchorSchedule(
        session,
        graph,
        query,
        { startTime: '2024-02-01', endTime: '2024-03-01', timeframeStepDays: 14, validationStart: '2024-02-20' },
        cap(2),
      );
      // An explicit start_time is honoured even beyond the default anchor cap.
      assert.deepEqual(iso(explicit.anchors), ['2024-02-02', '2024-02-16', '2024-03-01']);
      assert.equal(explicit.validationStart.toISOString(), '2024-02-20T00:00:00.000Z');
      await assert.rejects(
        anchorSchedule(session, graph, query, { startTime: '2024-04-01' }, cap(10)),
        /no anchor time fits/,
      );
    } finally {
      session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads dates, date-times and non-positive day offsets; rejects anything else with the key named', () => {
    const latest = new Date('2024-03-20T00:00:00Z');
    assert.equal(parseAnchorSetting('2024-01-31', latest, 'k').toISOString(), '2024-01-31T00:00:00.000Z');
    assert.equal(parseAnchorSetting('2024-01-31 06:30:00', latest, 'k').toISOString(), '2024-01-31T06:30:00.000Z');
    assert.equal(parseAnchorSetting('-30', latest, 'k').toISOString(), '2024-02-19T00:00:00.000Z');
    assert.throws(() => parseAnchorSetting('30', latest, 'train.start_time'), /train\.start_time: .*<= 0/);
    assert.throws(
      () => parseAnchorSetting('2024-02-30', latest, 'train.end_time'),
      /train\.end_time: '2024-02-30' is not a date/,
    );
  });
});

describe('model artifact and metrics', () => {
  it('refuses other formats and versions, saying what to do', () => {
    assert.throws(() => checkModelArtifact({ format: 'something-else' }, 'm.json'), /m\.json is not a relgraph model/);
    assert.throws(
      () => checkModelArtifact({ format: MODEL_ARTIFACT_FORMAT, version: 99 }, 'm.json'),
      /version 99; this relgraph reads versions 1 and 2: train the model again/,
    );
  });

  it('metrics per task type; the accuracy threshold sits between the classes', () => {
    const labels = Float64Array.from([0, 0, 0, 1, 1, 1]);
    const scores = Float64Array.from([0.1, 0.2, 0.7, 0.75, 0.8, 0.9]);
    const binary = validationMetrics('binary_classification', labels, scores);
    assert.equal(binary.auroc, 1);
    assert.equal(binary.rows, 6);
    assert.equal(bestAccuracyThreshold(labels, scores), 0.75);
    const regression = validationMetrics('regression', Float64Array.from([1, 2, 3]), Float64Array.from([1, 2, 5]));
    assert.equal(regression.mae, 2 / 3);
    assert.equal(regression.auroc, undefined);
    // One class only: AUROC is undefined and left out rather than reported as NaN.
    assert.equal(
      validationMetrics('binary_classification', Float64Array.from([1, 1]), Float64Array.from([0.2, 0.3])).auroc,
      undefined,
    );
  });
});
