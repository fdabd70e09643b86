/**
 * GBDT bench: `npx tsx bench/gbdt/run.ts [--modes] [--best]`.
 * The engine-notes §3 sizing problem (100k x 50 train, 20k held out, nonlinear binary label): binning, training
 * 100 trees of depth 6, held-out AUC, prediction and embedding throughput, serialisation; a logistic-regression
 * peer trained in the same run so quality and time print as ratios. `--modes` adds the fast/normal run_mode presets
 * with early stopping on the held-out rows, `--best` the best preset too (minutes).
 * Times print as wall seconds and, in brackets, this process's CPU seconds: the machine is shared, and CPU time
 * is the steadier figure when other work is running.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { RunMode } from '../../core/spec/SpecModel';
import {
  areaUnderRoc,
  deserializeGbdtModel,
  logLoss,
  serializeGbdtModel,
  trainGbdt,
  type GbdtSettingsOverrides,
} from '../../engine/model';
import { binRows, fitFeatureBinning } from '../../engine/model/FeatureBinning';
import { trainLogisticBaseline } from './logisticBaseline';
import { sliceRows, syntheticBinaryProblem } from './syntheticBinaryProblem';

const TRAIN_ROWS = 100_000;
const TEST_ROWS = 20_000;
const FEATURES = 50;
/** engine-notes §3: the hand-written prototype, 100 trees depth 6 at this size, one thread (6.9-7.6 s). */
const PROTOTYPE_SECONDS = 7.2;

interface Timed<T> {
  result: T;
  wall: number;
  cpu: number;
}

function timed<T>(run: () => T): Timed<T> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const result = run();
  const cpu = process.cpuUsage(cpuStart);
  return { result, wall: (performance.now() - wallStart) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const fmt = (x: number, digits = 3) => x.toFixed(digits);
const time = (t: Timed<unknown>) => `${fmt(t.wall)} s [${fmt(t.cpu)} s]`;
const rate = (rows: number, t: Timed<unknown>) => `${fmt(rows / t.wall / 1e6, 2)} M rows/s`;

function main(): void {
  const args = new Set(process.argv.slice(2));
  const problem = syntheticBinaryProblem(TRAIN_ROWS + TEST_ROWS, FEATURES, 7);
  const train = sliceRows(problem, 0, TRAIN_ROWS);
  const test = sliceRows(problem, TRAIN_ROWS, TRAIN_ROWS + TEST_ROWS);
  const positiveRate = train.labels.reduce((a, b) => a + b, 0) / TRAIN_ROWS;
  console.log(`data: ${TRAIN_ROWS} x ${FEATURES} train, ${TEST_ROWS} held out, positive rate ${fmt(positiveRate)}`);
  console.log(
    `node ${process.version}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  const binning = timed(() => binRows(fitFeatureBinning(train.features, 255, 42), train.features));
  const settings: GbdtSettingsOverrides = {
    num_trees: 100,
    max_depth: 6,
    num_leaves: 64,
    growth: 'depthwise',
    learning_rate: 0.1,
    subsample: 1,
    colsample_bytree: 1,
    max_bins: 255,
    min_data_in_leaf: 1,
    min_child_weight: 1,
    lambda_l2: 1,
    early_stopping_rounds: 0,
  };
  const training = timed(() => trainGbdt({ task: 'binary', train, settings }));
  const model = training.result;
  const predictTest = timed(() => model.predict(test.features));
  const probabilities = predictTest.result;
  const auc = areaUnderRoc(test.labels, probabilities);
  const predictTrain = timed(() => model.predict(train.features));
  const embedding = timed(() => model.embed(test.features));
  const roundTrip = timed(() => {
    const json = JSON.stringify(serializeGbdtModel(model));
    return { json, reloaded: deserializeGbdtModel(JSON.parse(json)) };
  });
  const identical = roundTrip.result.reloaded.predict(test.features).every((p, i) => p === probabilities[i]);
  const leaves = model.trees.reduce((sum, tree) => sum + tree.numLeaves, 0);

  console.log('\nGBDT (engine/model), 100 trees, depth 6 (depth-wise), lr 0.1, 255 bins, 1 thread');
  console.log(`  binning, fit + 100k x 50 to bytes: ${time(binning)}`);
  console.log(
    `  training (binning included):       ${time(training)}  ${fmt((training.wall / 100) * 1000, 1)} ms/tree, ${leaves} leaves`,
  );
  console.log(`  held-out AUC ${fmt(auc, 4)}, logloss ${fmt(logLoss(test.labels, probabilities), 4)}`);
  console.log(`  predict 20k:   ${time(predictTest)}  ${rate(TEST_ROWS, predictTest)}`);
  console.log(`  predict 100k:  ${time(predictTrain)}  ${rate(TRAIN_ROWS, predictTrain)}`);
  console.log(`  embed 20k x ${model.settings.embedding_dim}: ${time(embedding)}  ${rate(TEST_ROWS, embedding)}`);
  console.log(
    `  serialise + JSON + load: ${time(roundTrip)}, ${(roundTrip.result.json.length / 1024).toFixed(0)} KiB, identical predictions after load: ${identical}`,
  );

  const baselineTraining = timed(() => trainLogisticBaseline(train.features, train.labels));
  const baselineProbabilities = baselineTraining.result(test.features);
  const baselineAuc = areaUnderRoc(test.labels, baselineProbabilities);
  console.log('\npeer: logistic regression, 200 full-batch gradient steps on standardised features');
  console.log(
    `  training: ${time(baselineTraining)}  held-out AUC ${fmt(baselineAuc, 4)}, logloss ${fmt(logLoss(test.labels, baselineProbabilities), 4)}`,
  );

  console.log('\nratios');
  console.log(
    `  held-out AUC, GBDT / logistic:           ${fmt(auc / baselineAuc)}  (AUC shortfall 1-AUC: ${fmt((1 - baselineAuc) / (1 - auc), 2)}x smaller)`,
  );
  console.log(`  training CPU time, GBDT / logistic:      ${fmt(training.cpu / baselineTraining.cpu, 2)}x`);
  console.log(
    `  training CPU time, GBDT / prototype ${PROTOTYPE_SECONDS} s (engine-notes §3, idle machine): ${fmt(training.cpu / PROTOTYPE_SECONDS, 2)}x`,
  );

  if (args.has('--modes') || args.has('--best')) {
    const modes: RunMode[] = args.has('--best') ? ['fast', 'normal', 'best'] : ['fast', 'normal'];
    console.log('\nrun_mode presets, early stopping on the held-out rows (so their AUC is optimistic; for timing)');
    for (const runMode of modes) {
      const run = timed(() => trainGbdt({ task: 'binary', train, validation: test, runMode }));
      const modeAuc = areaUnderRoc(test.labels, run.result.predict(test.features));
      const { roundsKept, roundsTrained } = run.result.training;
      console.log(
        `  ${runMode.padEnd(6)} ${time(run)}  rounds kept ${roundsKept} of ${roundsTrained} grown, AUC ${fmt(modeAuc, 4)}`,
      );
    }
  }
}

main();
