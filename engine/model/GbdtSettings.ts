import type { RunMode } from '../../core/spec/SpecModel';
import { closestMatch } from '../../core/text/didYouMean';

/**
 * Every knob of the gradient-boosted tree model. Keys are snake_case because they are exactly the keys a training
 * spec's `model:` section may set; `parseGbdtModelSection` validates such a section against this interface and
 * `GBDT_SETTING_DESCRIPTORS` documents each key for hover, completion and JSON Schema.
 */
export interface GbdtSettings {
  /** Maximum number of boosting rounds (multiclass grows one tree per class per round). */
  num_trees: number;
  /** Shrinkage applied to every leaf value; smaller needs more trees and generalises better. */
  learning_rate: number;
  /** Maximum depth of a tree (the root is depth 0). */
  max_depth: number;
  /** Maximum number of leaves of a tree. */
  num_leaves: number;
  /** `leafwise` splits the leaf with the largest gain next (LightGBM); `depthwise` fills level by level (XGBoost). */
  growth: 'leafwise' | 'depthwise';
  /** Minimum number of training rows in a leaf. */
  min_data_in_leaf: number;
  /** Minimum sum of hessians (weighted) in a leaf. */
  min_child_weight: number;
  /** L2 regularisation of leaf values. */
  lambda_l2: number;
  /** Minimum loss reduction for a split to be made. */
  min_split_gain: number;
  /** Fraction of rows drawn (without replacement) for each round. */
  subsample: number;
  /** Fraction of features drawn for each round. */
  colsample_bytree: number;
  /** Maximum number of value bins per feature (a missing-value bin comes on top). */
  max_bins: number;
  /** Stop when the validation metric has not improved for this many rounds; 0 disables early stopping. */
  early_stopping_rounds: number;
  /** Validation metric for early stopping; `auto` is logloss, rmse, mae or multi_logloss according to the loss. */
  eval_metric: GbdtEvalMetric;
  /** Regression loss: `l2` (squared error), `l1` (absolute error, for MAE-scored targets), `huber`. */
  loss: RegressionLoss;
  /** Huber transition point; `auto` uses 1.4826 x the median absolute deviation of the labels. */
  huber_delta: number | 'auto';
  /** Smoothing added to hessian sums when ordering categories by gradient statistics. */
  cat_smooth: number;
  /** Seed of every random choice (row and column sampling, binning sample, embedding projection). */
  seed: number;
  /** Length of the embedding vector `GbdtModel.embed` returns. */
  embedding_dim: number;
}

export type RegressionLoss = 'l2' | 'l1' | 'huber';

export const GBDT_EVAL_METRICS = [
  'auto',
  'logloss',
  'auc',
  'average_precision',
  'rmse',
  'mae',
  'multi_logloss',
  'multi_accuracy',
] as const;
export type GbdtEvalMetric = (typeof GBDT_EVAL_METRICS)[number];

export type GbdtSettingsOverrides = Partial<GbdtSettings>;

type SettingKey = keyof GbdtSettings;

/** How one setting is checked and documented. */
export type GbdtSettingDescriptor =
  | { key: SettingKey; type: 'integer' | 'number'; min: number; max: number; minExclusive?: boolean; doc: string }
  | { key: SettingKey; type: 'enum'; values: readonly string[]; doc: string }
  | { key: SettingKey; type: 'number-or-auto'; min: number; minExclusive: true; doc: string };

export const GBDT_SETTING_DESCRIPTORS: readonly GbdtSettingDescriptor[] = [
  { key: 'num_trees', type: 'integer', min: 1, max: 100_000, doc: 'Maximum number of boosting rounds.' },
  { key: 'learning_rate', type: 'number', min: 0, max: 1, minExclusive: true, doc: 'Shrinkage of every tree.' },
  { key: 'max_depth', type: 'integer', min: 1, max: 32, doc: 'Maximum tree depth.' },
  { key: 'num_leaves', type: 'integer', min: 2, max: 65_536, doc: 'Maximum leaves per tree.' },
  { key: 'growth', type: 'enum', values: ['leafwise', 'depthwise'], doc: 'Tree growth order.' },
  { key: 'min_data_in_leaf', type: 'integer', min: 1, max: 1e9, doc: 'Minimum training rows per leaf.' },
  { key: 'min_child_weight', type: 'number', min: 0, max: 1e12, doc: 'Minimum hessian sum per leaf.' },
  { key: 'lambda_l2', type: 'number', min: 0, max: 1e12, doc: 'L2 regularisation of leaf values.' },
  { key: 'min_split_gain', type: 'number', min: 0, max: 1e12, doc: 'Minimum loss reduction to split.' },
  { key: 'subsample', type: 'number', min: 0, max: 1, minExclusive: true, doc: 'Row fraction per round.' },
  { key: 'colsample_bytree', type: 'number', min: 0, max: 1, minExclusive: true, doc: 'Feature fraction per round.' },
  { key: 'max_bins', type: 'integer', min: 2, max: 255, doc: 'Value bins per feature (plus one missing bin).' },
  { key: 'early_stopping_rounds', type: 'integer', min: 0, max: 100_000, doc: 'Patience; 0 disables.' },
  { key: 'eval_metric', type: 'enum', values: GBDT_EVAL_METRICS, doc: 'Validation metric for early stopping.' },
  { key: 'loss', type: 'enum', values: ['l2', 'l1', 'huber'], doc: 'Regression loss.' },
  { key: 'huber_delta', type: 'number-or-auto', min: 0, minExclusive: true, doc: 'Huber transition point.' },
  { key: 'cat_smooth', type: 'number', min: 0, max: 1e12, doc: 'Smoothing when ordering categories.' },
  { key: 'seed', type: 'integer', min: -2_147_483_648, max: 4_294_967_295, doc: 'Seed of all random choices.' },
  { key: 'embedding_dim', type: 'integer', min: 2, max: 4096, doc: 'Length of the embedding vector.' },
];

const SHARED_DEFAULTS = {
  growth: 'leafwise',
  min_data_in_leaf: 20,
  min_child_weight: 1e-3,
  lambda_l2: 1,
  min_split_gain: 0,
  eval_metric: 'auto',
  loss: 'l2',
  huber_delta: 'auto',
  cat_smooth: 10,
  seed: 42,
  embedding_dim: 32,
} as const satisfies Partial<GbdtSettings>;

/**
 * run_mode presets. Training time grows roughly with trees x depth, so each step up costs about 4x (Kumo's FAST is
 * "about 4x faster than NORMAL", BEST "about 4x more thorough"); early stopping usually ends sooner.
 */
export const GBDT_RUN_MODE_PRESETS: Readonly<Record<RunMode, GbdtSettings>> = {
  fast: {
    ...SHARED_DEFAULTS,
    num_trees: 100,
    learning_rate: 0.15,
    max_depth: 6,
    num_leaves: 31,
    subsample: 0.8,
    colsample_bytree: 0.8,
    max_bins: 63,
    early_stopping_rounds: 10,
  },
  normal: {
    ...SHARED_DEFAULTS,
    num_trees: 300,
    learning_rate: 0.08,
    max_depth: 8,
    num_leaves: 63,
    subsample: 0.8,
    colsample_bytree: 0.8,
    max_bins: 255,
    early_stopping_rounds: 25,
  },
  best: {
    ...SHARED_DEFAULTS,
    num_trees: 1000,
    learning_rate: 0.04,
    max_depth: 10,
    num_leaves: 127,
    subsample: 0.8,
    colsample_bytree: 0.7,
    max_bins: 255,
    early_stopping_rounds: 50,
  },
};

/** The preset of `runMode` with explicit settings on top; throws on an invalid override (see parseGbdtModelSection). */
export function resolveGbdtSettings(runMode: RunMode = 'normal', overrides: GbdtSettingsOverrides = {}): GbdtSettings {
  const preset = GBDT_RUN_MODE_PRESETS[runMode];
  if (!preset) throw new Error(`unknown run_mode '${String(runMode)}' (expected fast, normal or best)`);
  const { overrides: checked, issues } = parseGbdtModelSection(overrides as Record<string, unknown>);
  if (issues.length > 0) throw new Error(issues.map((issue) => issue.message).join('; '));
  return { ...preset, ...checked };
}

export interface GbdtSettingIssue {
  /** The offending key of the `model:` section. */
  key: string;
  /** `warning` for keys this model does not know (they may belong to another model); `error` for bad values. */
  severity: 'error' | 'warning';
  message: string;
}

/**
 * Checks a spec's `model:` section (plain values, as parsed from YAML) against GbdtSettings. Valid keys are copied
 * into `overrides`; every problem becomes an issue naming the key.
 */
export function parseGbdtModelSection(section: Record<string, unknown>): {
  overrides: GbdtSettingsOverrides;
  issues: GbdtSettingIssue[];
} {
  const overrides: Record<string, unknown> = {};
  const issues: GbdtSettingIssue[] = [];
  for (const [key, value] of Object.entries(section)) {
    if (value === undefined) continue;
    const descriptor = GBDT_SETTING_DESCRIPTORS.find((d) => d.key === key);
    if (!descriptor) {
      issues.push({ key, severity: 'warning', message: `unknown model setting '${key}'${suggestKey(key)}` });
      continue;
    }
    const problem = checkValue(descriptor, value);
    if (problem) issues.push({ key, severity: 'error', message: `model setting '${key}' ${problem}` });
    else overrides[key] = value;
  }
  return { overrides: overrides as GbdtSettingsOverrides, issues };
}

function checkValue(descriptor: GbdtSettingDescriptor, value: unknown): string | undefined {
  if (descriptor.type === 'enum') {
    return descriptor.values.includes(value as string) ? undefined : `must be one of ${descriptor.values.join(', ')}`;
  }
  if (descriptor.type === 'number-or-auto') {
    if (value === 'auto') return undefined;
    return typeof value === 'number' && Number.isFinite(value) && value > descriptor.min
      ? undefined
      : `must be 'auto' or a number > ${descriptor.min}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number (got ${JSON.stringify(value)})`;
  if (descriptor.type === 'integer' && !Number.isInteger(value)) return `must be an integer (got ${value})`;
  const low = descriptor.minExclusive ? `> ${descriptor.min}` : `>= ${descriptor.min}`;
  if (descriptor.minExclusive ? value <= descriptor.min : value < descriptor.min) {
    return `must be ${low} and <= ${descriptor.max} (got ${value})`;
  }
  if (value > descriptor.max) return `must be ${low} and <= ${descriptor.max} (got ${value})`;
  return undefined;
}

function suggestKey(key: string): string {
  const best = closestMatch(
    key,
    GBDT_SETTING_DESCRIPTORS.map((descriptor) => descriptor.key),
  );
  return best ? ` (did you mean '${best}'?)` : '';
}
