import type { RunMode } from '../../core/spec/SpecModel';
import { BinaryLogLoss } from './BinaryLogLoss';
import { EarlyStopping } from './EarlyStopping';
import { computeEvalMetric, isHigherBetter, resolveEvalMetric } from './EvalMetric';
import { binRows, fitFeatureBinning } from './FeatureBinning';
import { assertSameFeatures, assertValidFeatureMatrix, type LabeledFeatures } from './FeatureMatrix';
import { GbdtModel } from './GbdtModel';
import { resolveGbdtSettings, type GbdtSettings, type GbdtSettingsOverrides } from './GbdtSettings';
import { MulticlassSoftmax } from './MulticlassSoftmax';
import type { GbdtTask, Objective } from './Objective';
import { RegressionObjective } from './RegressionLosses';
import type { RegressionTree, TreeInput } from './RegressionTree';
import { SeededRandom } from './SeededRandom';
import { TreeGrower, type GrownTree } from './TreeGrower';

export interface TrainGbdtOptions {
  task: GbdtTask;
  /** Multiclass only: the number of classes; defaults to the largest training label + 1. */
  numClasses?: number;
  train: LabeledFeatures;
  /** Rows scored after every round; enables early stopping (same features, same order as train). */
  validation?: LabeledFeatures;
  /** Preset the settings start from; default 'normal'. */
  runMode?: RunMode;
  /** Explicit settings (the spec's `model:` section) on top of the preset. */
  settings?: GbdtSettingsOverrides;
  /** Called after every round, e.g. to report job progress. */
  onRound?: (progress: GbdtRoundProgress) => void;
  /** Checked before every round; training throws the signal's reason once it is aborted. */
  signal?: AbortSignal;
}

export interface GbdtRoundProgress {
  /** 1-based number of rounds grown so far. */
  round: number;
  maxRounds: number;
  validationScore: number | undefined;
  /** 1-based best round so far (0 before any validation score). */
  bestRound: number;
}

/**
 * Trains a histogram gradient-boosted tree ensemble. Deterministic: the same data, settings and seed give a
 * byte-identical model. Synchronous and CPU-bound; run it in a worker to keep an event loop responsive.
 */
export function trainGbdt(options: TrainGbdtOptions): GbdtModel {
  const settings = resolveGbdtSettings(options.runMode ?? 'normal', options.settings);
  const { train, validation } = options;
  checkLabeledFeatures(train, 'training');
  if (train.features.numRows === 0) throw new Error('no training rows');
  if (validation) {
    checkLabeledFeatures(validation, 'validation');
    assertSameFeatures(validation.features, train.features.featureNames, train.features.featureKinds);
  }
  const objective = createObjective(options, settings);
  objective.checkLabels(train.labels);
  if (validation) objective.checkLabels(validation.labels);
  const metric = resolveEvalMetric(settings.eval_metric, options.task, settings.loss);

  const { features, labels, weights } = train;
  const numRows = features.numRows;
  const numFeatures = features.numFeatures;
  const outputs = objective.numOutputs;
  const binning = fitFeatureBinning(features, settings.max_bins, settings.seed);
  const bins = binRows(binning, features);
  const categoryIndexes = binning.features.map((f) => (f.kind === 'categorical' ? f.index : undefined));
  const trainInput: TreeInput = { values: features.values, numRows, categoryIndexes };
  const validationInput: TreeInput | undefined = validation && {
    values: validation.features.values,
    numRows: validation.features.numRows,
    categoryIndexes,
  };

  const baseScores = objective.initialScores(labels, weights);
  const trainScores = filledScores(numRows, baseScores);
  const validationScores = validation ? filledScores(validation.features.numRows, baseScores) : undefined;
  const gradients = new Float64Array(numRows * outputs);
  const hessians = new Float64Array(numRows * outputs);
  const grower = new TreeGrower(binning, bins, numFeatures, numRows, {
    maxDepth: settings.max_depth,
    maxLeaves: settings.num_leaves,
    growth: settings.growth,
    lambdaL2: settings.lambda_l2,
    minDataInLeaf: settings.min_data_in_leaf,
    minChildWeight: settings.min_child_weight,
    minSplitGain: settings.min_split_gain,
    catSmooth: settings.cat_smooth,
  });
  const random = new SeededRandom(settings.seed);
  const everyRow: RowSample = { kept: rangeArray(numRows), leftOut: new Int32Array(0) };
  const allFeatures = rangeArray(numFeatures);
  const featuresPerRound = Math.max(1, Math.round(settings.colsample_bytree * numFeatures));

  const trees: RegressionTree[] = [];
  const stopping = new EarlyStopping(isHigherBetter(metric), validation ? settings.early_stopping_rounds : 0);
  let roundsTrained = 0;
  let stoppedEarly = false;
  for (let round = 0; round < settings.num_trees; round++) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('training was cancelled');
    const sample = settings.subsample < 1 ? sampleRowsBernoulli(random, numRows, settings.subsample) : everyRow;
    const activeFeatures =
      featuresPerRound < numFeatures ? random.sampleIndices(numFeatures, featuresPerRound) : allFeatures;
    objective.computeGradients(labels, weights, trainScores, gradients, hessians);
    for (let k = 0; k < outputs; k++) {
      const grown = grower.grow(
        sample.kept,
        activeFeatures,
        gradients.subarray(k * numRows, (k + 1) * numRows),
        hessians.subarray(k * numRows, (k + 1) * numRows),
        settings.learning_rate,
      );
      if (objective.refitLeafValue) {
        const leafValue = grown.tree.arrays.leafValue;
        for (let leaf = 0; leaf < leafValue.length; leaf++) {
          const value = objective.refitLeafValue(
            grown.rowIndices,
            grown.leafStart[leaf],
            grown.leafEnd[leaf],
            labels,
            weights,
            trainScores,
          );
          leafValue[leaf] = settings.learning_rate * value;
        }
      }
      // Sampled rows already sit in their leaves after growing; only the rows left out need a walk down the tree.
      addLeafValues(grown, trainScores, outputs, k);
      grown.tree.addPredictionsForRows(trainInput, sample.leftOut, trainScores, outputs, k);
      if (validationInput) grown.tree.addPredictions(validationInput, validationScores!, outputs, k);
      trees.push(grown.tree);
    }
    roundsTrained = round + 1;
    let score: number | undefined;
    if (validation) {
      score = computeEvalMetric(
        metric,
        validation.labels,
        objective.transform(validationScores!),
        outputs,
        validation.weights,
      );
      stopping.record(round, score);
    }
    options.onRound?.({
      round: round + 1,
      maxRounds: settings.num_trees,
      validationScore: score,
      bestRound: stopping.bestRound + 1,
    });
    if (stopping.shouldStop(round)) {
      stoppedEarly = true;
      break;
    }
  }
  const roundsKept = stopping.roundsToKeep(roundsTrained);
  return new GbdtModel({
    task: options.task,
    numOutputs: outputs,
    featureNames: [...features.featureNames],
    featureKinds: [...features.featureKinds],
    categoryCodes: binning.features.map((f) => (f.kind === 'categorical' ? f.index.codes : undefined)),
    baseScores,
    trees: trees.slice(0, roundsKept * outputs),
    settings,
    training: {
      roundsTrained,
      roundsKept,
      stoppedEarly,
      validationMetric: validation ? metric : undefined,
      validationHistory: stopping.history,
      bestValidationScore: stopping.bestRound >= 0 ? stopping.bestScore : undefined,
    },
  });
}

function createObjective(options: TrainGbdtOptions, settings: GbdtSettings): Objective {
  switch (options.task) {
    case 'binary':
      return new BinaryLogLoss();
    case 'regression':
      return new RegressionObjective(settings.loss, settings.huber_delta);
    case 'multiclass': {
      let numClasses = options.numClasses;
      if (numClasses === undefined) {
        numClasses = 0;
        // Non-finite labels are left to checkLabels, which names the row.
        for (const label of options.train.labels)
          if (Number.isFinite(label)) numClasses = Math.max(numClasses, label + 1);
      }
      return new MulticlassSoftmax(numClasses);
    }
    default:
      throw new Error(`unknown task '${String(options.task)}' (expected binary, regression or multiclass)`);
  }
}

function checkLabeledFeatures(data: LabeledFeatures, what: string): void {
  assertValidFeatureMatrix(data.features);
  const numRows = data.features.numRows;
  if (data.labels.length !== numRows) throw new Error(`${what} has ${numRows} rows but ${data.labels.length} labels`);
  if (!data.weights) return;
  if (data.weights.length !== numRows)
    throw new Error(`${what} has ${numRows} rows but ${data.weights.length} weights`);
  for (let i = 0; i < numRows; i++) {
    const weight = data.weights[i];
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new Error(`${what} weight of row ${i} is ${weight}; weights must be finite and >= 0`);
    }
  }
}

function filledScores(numRows: number, baseScores: Float64Array): Float64Array {
  const scores = new Float64Array(numRows * baseScores.length);
  for (let i = 0; i < scores.length; i++) scores[i] = baseScores[i % baseScores.length];
  return scores;
}

function rangeArray(length: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = i;
  return out;
}

interface RowSample {
  /** Rows the round's trees grow on, ascending. */
  kept: Int32Array;
  /** The other rows, ascending. */
  leftOut: Int32Array;
}

/** Each row kept with probability `rate`, in row order (keeps histogram reads sequential); never empty. */
function sampleRowsBernoulli(random: SeededRandom, numRows: number, rate: number): RowSample {
  const kept = new Int32Array(numRows);
  const leftOut = new Int32Array(numRows);
  let keptCount = 0;
  let leftOutCount = 0;
  for (let i = 0; i < numRows; i++) {
    if (random.next() < rate) kept[keptCount++] = i;
    else leftOut[leftOutCount++] = i;
  }
  if (keptCount === 0) return { kept: leftOut.slice(0, 1), leftOut: leftOut.slice(1, leftOutCount) };
  return { kept: kept.subarray(0, keptCount), leftOut: leftOut.subarray(0, leftOutCount) };
}

/** scores[row * stride + offset] += the value of the leaf each grown-on row ended in. */
function addLeafValues(grown: GrownTree, scores: Float64Array, stride: number, offset: number): void {
  const { rowIndices, leafStart, leafEnd } = grown;
  const leafValue = grown.tree.arrays.leafValue;
  for (let leaf = 0; leaf < leafValue.length; leaf++) {
    const value = leafValue[leaf];
    for (let k = leafStart[leaf]; k < leafEnd[leaf]; k++) scores[rowIndices[k] * stride + offset] += value;
  }
}
