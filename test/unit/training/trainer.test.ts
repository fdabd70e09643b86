import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import type { TaskType } from '../../../core/pql/ast';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { planFeatures } from '../../../engine/features/FeaturePlan';
import { checkModelArtifact, type ModelArtifact } from '../../../engine/training/ModelArtifact';
import { trainOnGraph, type TrainingRequest } from '../../../engine/training/Trainer';
import { syntheticShopSources, writeSyntheticShop } from './syntheticShop';

function request(queryText: string, taskType: TaskType, extra: Partial<TrainingRequest> = {}): TrainingRequest {
  return {
    jobId: 'trainingjob-test',
    queryText,
    query: parsePql(queryText).query!,
    taskType,
    runMode: 'fast',
    model: { num_trees: 30 },
    settings: {},
    ...extra,
  };
}

describe('trainer: training rows, splits and the model artifact', () => {
  let dir: string;
  let session: DuckDbSession;
  let graph: LoadedGraph;

  before(async () => {
    dir = await writeSyntheticShop(800);
    session = await DuckDbSession.open({ threads: 2 });
    graph = await loadGraphTables(session, syntheticShopSources(dir));
  });
  after(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('static regression target: trains on the entities whose target is set, splits by the entity time column', async () => {
    const artifact = await trainOnGraph(
      session,
      graph,
      request('PREDICT users.age FOR EACH users.user_id', 'regression'),
    );
    const [{ known, missing }] = await session.rows(
      `SELECT count(age) AS known, count(*) - count(age) AS missing FROM ${graph.tables.get('users')!.relation}`,
    );
    assert.ok(Number(missing) > 0);
    assert.equal(artifact.training.trainRows + artifact.training.validationRows, Number(known));
    // The latest tenth of users by signup validates.
    const share = artifact.training.validationRows / Number(known);
    assert.ok(share > 0.07 && share < 0.13, `validation share ${share}`);
    assert.equal(artifact.temporal, false);
    assert.equal(artifact.staticTargetColumn, 'age');
    assert.ok(
      !planFeatures(artifact.featurePlan).some((f) => f.step === 0 && f.column === 'age'),
      'the target is not a feature',
    );
    // Amounts grow with age: the model must beat predicting the mean (R2 > 0.5).
    assert.ok((artifact.training.metrics.r2 ?? 0) > 0.5, JSON.stringify(artifact.training.metrics));
  });

  it('static multiclass target: class labels by frequency and accuracy above the majority class', async () => {
    const artifact = await trainOnGraph(
      session,
      graph,
      request('PREDICT users.country FOR EACH users.user_id', 'multiclass_classification'),
    );
    assert.deepEqual([...artifact.classLabels!].sort(), ['DE', 'FR', 'JP', 'US']);
    assert.equal(artifact.model.numOutputs, 4);
    // FR users order three times as often: the model tells them apart from the rest.
    assert.ok((artifact.training.metrics.accuracy ?? 0) > 0.35, JSON.stringify(artifact.training.metrics));
  });

  it('temporal binary target: anchors every window length by default, the latest tenth validates', async () => {
    const text =
      'PREDICT SUM(orders.amount, 0, 30, days) > 100 FOR EACH users.user_id WHERE COUNT(orders.*, -90, 0, days) > 0';
    const settings = { startTime: '2023-09-01', endTime: '2024-06-01' };
    const artifact = await trainOnGraph(session, graph, request(text, 'binary_classification', { settings }));
    const t = artifact.training;
    assert.equal(t.timeframeStepDays, 30);
    assert.equal(t.lastAnchor, '2024-06-01T00:00:00.000Z');
    assert.equal(t.anchorCount, 10);
    assert.ok(t.validationStart! > t.firstAnchor! && t.validationStart! <= t.lastAnchor!);
    assert.ok((t.metrics.auroc ?? 0) > 0.7, JSON.stringify(t.metrics));
    assert.ok(artifact.threshold! > 0 && artifact.threshold! < 1);
    assert.deepEqual(artifact.targetFactTables, ['orders']);
    checkModelArtifact(JSON.parse(JSON.stringify(artifact)));
  });

  it('same seed, same data: the same model, byte for byte, across separate sessions', async () => {
    const text = 'PREDICT COUNT(orders.*, 0, 30, days) FOR EACH users.user_id';
    const settings = { startTime: '2024-01-01', endTime: '2024-04-01', timeframeStepDays: 30 };
    const train = async (): Promise<ModelArtifact> => {
      const own = await DuckDbSession.open({ threads: 2 });
      try {
        return await trainOnGraph(
          own,
          await loadGraphTables(own, syntheticShopSources(dir)),
          request(text, 'regression', { settings }),
        );
      } finally {
        own.close();
      }
    };
    const first = await train();
    const second = await train();
    assert.equal(JSON.stringify(second.featurePlan), JSON.stringify(first.featurePlan));
    assert.equal(JSON.stringify(second.model), JSON.stringify(first.model));
    assert.deepEqual(second.training.metrics, first.training.metrics);
    const reseeded = await trainOnGraph(
      session,
      graph,
      request(text, 'regression', { settings, model: { num_trees: 30, seed: 7 } }),
    );
    assert.notEqual(JSON.stringify(reseeded.model), JSON.stringify(first.model), 'the seed must matter');
  });

  it('rejects invalid model settings with the setting named', async () => {
    await assert.rejects(
      trainOnGraph(
        session,
        graph,
        request('PREDICT users.age FOR EACH users.user_id', 'regression', { model: { num_trees: -1 } }),
      ),
      /num_trees/,
    );
  });
});
