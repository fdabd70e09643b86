import type { RunMode } from '../../core/spec/SpecModel';
import type { GbdtSettingsOverrides, GbdtTask } from '../model';

/**
 * The model settings a training job uses when the spec's `model:` section does not set them, chosen
 * from the training table's size rather than one fixed preset: small tables get few, large leaves and
 * a slow learning rate (a few thousand rows cannot support 63-leaf trees), large tables get more
 * capacity. Early stopping watches the metric the task is scored by (AUROC for binary
 * classification, MAE for regression, with the robust Huber loss), and small tables are cheap enough
 * to average several seeds (bagging). Every value here was chosen on validation anchors only
 * (bench/relbench-f1, docs/engine.md "Defaults").
 */
export interface ModelPlan {
  /** GBDT settings before the spec's overrides. */
  gbdt: GbdtSettingsOverrides;
  /** A fast, coarse model whose gain importances prune the wide feature families. */
  screening: GbdtSettingsOverrides;
  /** GBDT members averaged (seeds); 1 = no bagging. */
  bagSize: number;
  /** L2 penalties tried for the linear model (the best on validation is kept); empty = no linear model. */
  linearPenalties: number[];
  /** Candidate feature sets compared on validation (see trainEnsemble). */
  compareFeatureSets: boolean;
}

/** Rows x features (of the kept set) up to which a bag of seeds is cheap. */
const BAGGING_BUDGET = 4_000_000;

export function defaultModelPlan(
  task: GbdtTask,
  rows: number,
  features: number,
  runMode: RunMode,
  numClasses = 1,
): ModelPlan {
  const size = rows < 20_000 ? 'small' : rows < 200_000 ? 'medium' : 'large';
  const leaves = { small: 7, medium: 15, large: 31 }[size];
  const gbdt: GbdtSettingsOverrides = {
    learning_rate: runMode === 'fast' ? 0.1 : runMode === 'best' ? 0.03 : 0.05,
    num_trees: 2000,
    num_leaves: leaves,
    max_depth: 8,
    min_data_in_leaf: Math.min(500, Math.max(20, Math.round(rows / 100))),
    min_child_weight: 1e-3,
    lambda_l2: 1,
    subsample: 0.8,
    // Half the features per round decorrelates the trees of a bag; with few features each tree needs most of them.
    colsample_bytree: features < 20 ? 0.9 : 0.5,
    max_bins: rows < 50_000 ? 63 : 255,
    early_stopping_rounds: runMode === 'fast' ? 20 : 50,
    eval_metric: task === 'binary' ? 'auc' : task === 'regression' ? 'mae' : 'multi_logloss',
    ...(task === 'regression' ? { loss: 'huber' as const } : {}),
  };
  const screening: GbdtSettingsOverrides = {
    ...gbdt,
    learning_rate: 0.1,
    num_leaves: Math.max(leaves, 15),
    early_stopping_rounds: 20,
  };
  // Multiclass grows one tree per class per round: its cost counts the classes.
  const cheap = rows * Math.min(features, 150) * (task === 'multiclass' ? numClasses : 1) <= BAGGING_BUDGET;
  const bagSize = runMode === 'fast' ? 1 : runMode === 'best' ? (cheap ? 5 : 2) : cheap ? 3 : 1;
  const linearPenalties = task === 'multiclass' ? [] : runMode === 'best' ? [0.003, 0.01, 0.03, 0.1, 0.3] : [0.03];
  return { gbdt, screening, bagSize, linearPenalties, compareFeatureSets: runMode !== 'fast' };
}

/** The seed of bag member k: spread out so that bags of nearby seeds (1, 2, 3) share no member. */
export function memberSeed(seed: number, member: number): number {
  return member === 0 ? seed : (Math.trunc(seed) * 7919 + member * 104_729) % 2_147_483_647;
}
