import { CategoryIndex } from './CategoryIndex';
import type { ResolvedEvalMetric } from './EvalMetric';
import { assertSameFeatures, type FeatureKind, type FeatureMatrix } from './FeatureMatrix';
import type { GbdtSettings } from './GbdtSettings';
import { CompiledForest } from './CompiledForest';
import { embedRows, leafProjectionTables } from './LeafEmbedding';
import { softmaxRows } from './MulticlassSoftmax';
import { sigmoid, type GbdtTask } from './Objective';
import type { RegressionTree, TreeInput } from './RegressionTree';

export interface GbdtTrainingSummary {
  /** Rounds grown before stopping (early stopping may grow `early_stopping_rounds` past the best round). */
  roundsTrained: number;
  /** Rounds kept in the model: the best validation round, or all rounds without validation. */
  roundsKept: number;
  stoppedEarly: boolean;
  /** Validation metric per round; empty without a validation set. */
  validationMetric: ResolvedEvalMetric | undefined;
  validationHistory: number[];
  bestValidationScore: number | undefined;
}

export interface GbdtModelParts {
  task: GbdtTask;
  /** Scores per row: the number of classes for multiclass, else 1. */
  numOutputs: number;
  featureNames: readonly string[];
  featureKinds: readonly FeatureKind[];
  /** Categorical features: codes in bin order (see CategoryIndex); undefined for numeric features. */
  categoryCodes: readonly (Float64Array | undefined)[];
  baseScores: Float64Array;
  /** Round-major: tree r * numOutputs + k is round r's tree for output k. */
  trees: readonly RegressionTree[];
  settings: GbdtSettings;
  training: GbdtTrainingSummary;
}

export interface FeatureImportance {
  feature: string;
  /** Total loss reduction of the feature's splits. */
  gain: number;
  /** gain / sum of all gains (0 when the model has no splits). */
  gainShare: number;
  splits: number;
}

/** Rows per prediction block: a block's outputs stay in cache while every tree adds to them. */
const PREDICTION_BLOCK_ROWS = 2048;

/** A trained gradient-boosted tree ensemble. Immutable; serialise with serializeGbdtModel. */
export class GbdtModel {
  readonly task: GbdtTask;
  readonly numOutputs: number;
  readonly featureNames: readonly string[];
  readonly featureKinds: readonly FeatureKind[];
  readonly categoryCodes: readonly (Float64Array | undefined)[];
  readonly baseScores: Float64Array;
  readonly trees: readonly RegressionTree[];
  readonly settings: GbdtSettings;
  readonly training: GbdtTrainingSummary;
  private readonly categoryIndexes: readonly (CategoryIndex | undefined)[];
  /** The trees compiled for scoring (see CompiledForest), on first use: training never scores through them. */
  private compiled: CompiledForest | undefined;
  /** Leaf vectors of the last embedding width asked for (a prediction job embeds batch after batch). */
  private projections: { dimensions: number; tables: (Float64Array | undefined)[] } | undefined;

  constructor(parts: GbdtModelParts) {
    this.task = parts.task;
    this.numOutputs = parts.numOutputs;
    this.featureNames = parts.featureNames;
    this.featureKinds = parts.featureKinds;
    this.categoryCodes = parts.categoryCodes;
    this.baseScores = parts.baseScores;
    this.trees = parts.trees;
    this.settings = parts.settings;
    this.training = parts.training;
    if (this.trees.length % this.numOutputs !== 0) {
      throw new Error(`${this.trees.length} trees is not a whole number of rounds of ${this.numOutputs}`);
    }
    this.categoryIndexes = parts.categoryCodes.map((codes) => (codes ? new CategoryIndex(codes) : undefined));
  }

  get numRounds(): number {
    return this.trees.length / this.numOutputs;
  }

  /** Raw scores (log-odds, values, or per-class logits), row-major n x numOutputs. */
  predictRaw(features: FeatureMatrix, options: { numRounds?: number } = {}): Float64Array {
    const { values, numRows, categoryIndexes } = this.treeInput(features);
    const stride = this.numOutputs;
    const treeCount = Math.min(this.numRounds, options.numRounds ?? this.numRounds) * stride;
    const out = new Float64Array(numRows * stride);
    for (let i = 0; i < out.length; i++) out[i] = this.baseScores[i % stride];
    const forest = this.compiledForest();
    for (let blockStart = 0; blockStart < numRows; blockStart += PREDICTION_BLOCK_ROWS) {
      const blockEnd = Math.min(numRows, blockStart + PREDICTION_BLOCK_ROWS);
      forest.addScores(values, numRows, categoryIndexes, out, stride, treeCount, blockStart, blockEnd);
    }
    return out;
  }

  /**
   * Binary: probability of label 1 (length n). Regression: the predicted value (length n).
   * Multiclass: class probabilities, row-major n x numOutputs.
   */
  predict(features: FeatureMatrix, options: { numRounds?: number } = {}): Float64Array {
    const raw = this.predictRaw(features, options);
    if (this.task === 'binary') {
      for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]);
    } else if (this.task === 'multiclass') {
      softmaxRows(raw, this.numOutputs);
    }
    return raw;
  }

  /** Leaf reached in every tree, row-major n x trees.length. */
  predictLeafIndices(features: FeatureMatrix): Int32Array {
    const { values, numRows, categoryIndexes } = this.treeInput(features);
    const forest = this.compiledForest();
    const out = new Int32Array(numRows * this.trees.length);
    for (let t = 0; t < this.trees.length; t++) {
      for (let row = 0; row < numRows; row++) {
        out[row * this.trees.length + t] = forest.leafOf(t, values, numRows, row, categoryIndexes);
      }
    }
    return out;
  }

  /**
   * A unit-length (or zero) vector per row, row-major n x dimensions, such that rows the model routes through the
   * same leaves are close in cosine; see LeafEmbedding for the method. Deterministic for a given model.
   */
  embed(features: FeatureMatrix, options: { dimensions?: number } = {}): Float32Array {
    const dimensions = options.dimensions ?? this.settings.embedding_dim;
    const input = this.treeInput(features);
    if (this.projections?.dimensions !== dimensions) {
      this.projections = { dimensions, tables: leafProjectionTables(this.trees, dimensions, this.settings.seed) };
    }
    return embedRows(this.compiledForest(), this.projections.tables, input, dimensions);
  }

  /** Gain importance per feature, largest first (ties by feature order). */
  featureImportance(): FeatureImportance[] {
    const gain = new Float64Array(this.featureNames.length);
    const splits = new Int32Array(this.featureNames.length);
    for (const tree of this.trees) {
      const { splitFeature, splitGain } = tree.arrays;
      for (let node = 0; node < splitFeature.length; node++) {
        gain[splitFeature[node]] += splitGain[node];
        splits[splitFeature[node]]++;
      }
    }
    const total = gain.reduce((a, b) => a + b, 0);
    return this.featureNames
      .map((feature, j) => ({
        j,
        feature,
        gain: gain[j],
        gainShare: total > 0 ? gain[j] / total : 0,
        splits: splits[j],
      }))
      .sort((a, b) => b.gain - a.gain || a.j - b.j)
      .map(({ feature, gain, gainShare, splits }) => ({ feature, gain, gainShare, splits }));
  }

  private compiledForest(): CompiledForest {
    this.compiled ??= new CompiledForest(this.trees);
    return this.compiled;
  }

  private treeInput(features: FeatureMatrix): TreeInput {
    assertSameFeatures(features, this.featureNames, this.featureKinds);
    return { values: features.values, numRows: features.numRows, categoryIndexes: this.categoryIndexes };
  }
}
