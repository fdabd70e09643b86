import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { buildFeatures } from '../../../engine/features/FeatureBuilder';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { deriveFeaturePlan } from '../../../engine/features/deriveFeaturePlan';
import { familyOf, type FeaturePlan } from '../../../engine/features/FeaturePlan';
import { loadArtifactModel, type ModelArtifact } from '../../../engine/training/ModelArtifact';
import { targetHistoryOf } from '../../../engine/training/targetHistory';
import { TRAINING_PRESETS } from '../../../engine/training/trainingPresets';
import { trainOnGraph } from '../../../engine/training/Trainer';
import { DNF_QUERY, f1DriverGraph, hasF1Data } from './f1Data';

/**
 * Time-travel safety on the real F1 data: features and predictions for anchor t must be the same
 * whether or not the rows after t are in the data. Each graph is loaded into its own DuckDB session,
 * once in full and once cut at t.
 */
const ANCHORS = ['2005-03-01 00:00:00', '2005-06-01 00:00:00'];

describe(
  'time travel: nothing after the anchor changes features or predictions',
  { skip: !hasF1Data() && 'no examples/f1/data/full' },
  () => {
    const sessions: DuckDbSession[] = [];
    let full: { session: DuckDbSession; graph: LoadedGraph };
    let artifact: ModelArtifact;
    /** Every feature family the engine derives (the trained plan is pruned to what the models read). */
    let fullPlan: FeaturePlan;

    async function open(notAfter?: string): Promise<{ session: DuckDbSession; graph: LoadedGraph }> {
      const session = await DuckDbSession.open({ threads: 2 });
      sessions.push(session);
      return { session, graph: await loadGraphTables(session, f1DriverGraph(), notAfter ? { notAfter } : {}) };
    }

    before(async () => {
      full = await open();
      // A model trained on history up to the first anchor, as a prediction job would load it.
      const cut = await open(ANCHORS[0]);
      artifact = await trainOnGraph(cut.session, cut.graph, {
        jobId: 'trainingjob-time-travel',
        queryText: DNF_QUERY,
        query: parsePql(DNF_QUERY).query!,
        taskType: 'binary_classification',
        runMode: 'fast',
        model: { num_trees: 15 },
        settings: { startTime: '2002-01-01', endTime: '2005-01-01', timeframeStepDays: 30 },
      });
      fullPlan = await deriveFeaturePlan(cut.session, cut.graph, 'drivers', {
        ...TRAINING_PRESETS.best.features,
        vocabularyCutoff: ANCHORS[0],
        targetHistory: targetHistoryOf(parsePql(DNF_QUERY).query!),
        anchorCalendar: true,
      });
      const families = new Set(fullPlan.groups.map(familyOf));
      for (const family of [
        'entity',
        'target_history',
        'current_parent',
        'aggregates',
        'latest_parent',
        'anchor',
      ] as const) {
        assert.ok(families.has(family), `the full plan has no ${family} features`);
      }
    });
    after(() => sessions.forEach((s) => s.close()));

    for (const anchor of ANCHORS) {
      it(`features and predictions at ${anchor.slice(0, 10)} are identical with and without later rows`, async () => {
        const cut = await open(anchor);
        // The drivers who raced in the two years before the anchor, as the cut data shows them.
        const results = cut.graph.tables.get('results')!.relation;
        const drivers = await cut.session.rows(
          `SELECT DISTINCT driverId FROM ${results} WHERE date > TIMESTAMP '2003-03-01' ORDER BY 1`,
        );
        const values = drivers.map((r) => `(${Number(r.driverId)}, TIMESTAMP '${anchor}')`).join(', ');
        const entities = `CREATE OR REPLACE TEMP TABLE ea AS SELECT * FROM (VALUES ${values}) v(ENTITY, ANCHOR_TIMESTAMP)`;
        await cut.session.run(entities);
        await full.session.run(entities);

        const later = await full.session.rows(
          `SELECT count(*) AS n FROM ${full.graph.tables.get('results')!.relation} WHERE date > TIMESTAMP '${anchor}'`,
        );
        assert.ok(
          Number(later[0].n) > 1000,
          'the full data must have rows after the anchor for this test to mean anything',
        );

        for (const plan of [fullPlan, artifact.featurePlan]) await assertSameFeatures(plan, cut);
        const model = loadArtifactModel(artifact);
        const withFuture = await buildFeatures(full.session, full.graph, artifact.featurePlan, 'ea');
        const withoutFuture = await buildFeatures(cut.session, cut.graph, artifact.featurePlan, 'ea');
        assert.deepEqual(model.predict(withFuture.matrix), model.predict(withoutFuture.matrix));
      });
    }

    async function assertSameFeatures(plan: FeaturePlan, cut: { session: DuckDbSession; graph: LoadedGraph }) {
      const withFuture = await buildFeatures(full.session, full.graph, plan, 'ea');
      const withoutFuture = await buildFeatures(cut.session, cut.graph, plan, 'ea');
      assert.ok(withFuture.matrix.numRows > 20);
      assert.equal(withFuture.matrix.numRows, withoutFuture.matrix.numRows);
      assert.deepEqual(withFuture.matrix.featureNames, withoutFuture.matrix.featureNames);
      const a = withFuture.matrix.values;
      const b = withoutFuture.matrix.values;
      for (let i = 0; i < a.length; i++) {
        if (!Object.is(a[i], b[i])) {
          const n = withFuture.matrix.numRows;
          assert.fail(
            `feature '${withFuture.matrix.featureNames[Math.floor(i / n)]}' row ${i % n}: ${a[i]} with later rows, ${b[i]} without`,
          );
        }
      }
    }
  },
);
