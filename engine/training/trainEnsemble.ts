import type { RunMode } from '../../core/spec/SpecModel';
import {
  areaUnderRoc,
  meanAbsoluteError,
  multiclassLogLoss,
  selectFeatures,
  trainGbdt,
  trainLinearModel,
  type FeatureMatrix,
  type GbdtModel,
  type GbdtSettingsOverrides,
  type GbdtTask,
  type LinearModel,
} from '../model';
import { defaultModelPlan, memberSeed, type ModelPlan } from './modelDefaults';
import { searchGbdtSettings } from './modelSearch';
import { TrainedModel } from './TrainedModel';
import { pick, selectRows } from './trainingRows';

/**
 * The model-fitting stage of a training job, on a feature matrix whose rows are split into training
 * (flag 0) and validation (flag 1) rows (flag 2: neither):
 *
 * 1. screening: a fast GBDT on every feature; its gain importances prune the wide families to the
 *    features that carry 95 % of the gain;
 * 2. feature sets: a GBDT on the compact families and one on the pruned set; the better on the
 *    validation rows is kept (run_mode fast skips 1-2 and uses every feature);
 * 3. run_mode best: a bounded search over GBDT settings on the kept set (modelSearch);
 * 4. bagging: more GBDTs with other seeds, averaged, when the data is small enough for it to be cheap;
 * 5. a regularised linear model on the compact features, blended with the GBDTs by validation score;
 * 6. every model is trained again on all rows (training + validation) with the rounds early stopping
 *    chose: the validation anchors are the most recent history, the most like what will be predicted.
 *
 * Each step is a trial with its validation score (the job summary lists them, as Kumo reports its
 * AutoML experiments). Validation predictions and metrics are those of the models that never saw the
 * validation rows. Early stopping and every choice use the task's own metric (AUROC, MAE, log loss).
 */
export interface EnsembleInput {
  task: GbdtTask;
  numClasses?: number;
  matrix: FeatureMatrix;
  labels: Float64Array;
  /** Per row: 0 train, 1 validation, 2 neither. */
  split: Uint8Array;
  /** Features of the compact families (linear model, compact candidate set). */
  compactFeatures: ReadonlySet<string>;
  runMode: RunMode;
  seed: number;
  /** The spec's `model:` settings: they override the defaults of every GBDT but the screening one. */
  overrides: GbdtSettingsOverrides;
  signal?: AbortSignal;
  /** Called after every boosting round: fits done so far and fits planned. */
  onProgress?: (completed: number, total: number) => void;
  log?: (message: string) => void;
}

export interface Trial {
  /** What was tried: `screening`, `features: compact`, `search: num_leaves=15 ...`, `linear l2=0.03`, `blend`. */
  name: string;
  features: number;
  /** The task metric on the validation rows (`metric`). */
  score: number;
  rounds?: number;
  seconds: number;
  /** The settings or choice this trial stands for. */
  settings?: Record<string, unknown>;
  chosen?: boolean;
}

export interface EnsembleResult {
  /** Trained on all rows; what the artifact stores. */
  model: TrainedModel;
  /** Predictions of the models trained without the validation rows, in validation row order. */
  validationPredictions: Float64Array;
  validationRows: Int32Array;
  trainRows: Int32Array;
  /** `auroc`, `mae` or `multi_logloss`: what every choice compared. */
  metric: string;
  trials: Trial[];
  /** The feature set the GBDTs use, and whether it is the compact or the pruned one. */
  featureSet: { name: 'compact' | 'pruned' | 'all'; features: string[] };
  linearWeight: number;
}

const PRUNE_GAIN_SHARE = 0.95;
const MIN_PRUNED_FEATURES = 10;
const BLEND_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export function trainEnsemble(input: EnsembleInput): EnsembleResult {
  const { task, matrix, labels, split, runMode } = input;
  const train = selectRows(matrix, split, 0);
  const validation = selectRows(matrix, split, 1);
  if (train.rows.length === 0) throw new Error('no training rows');
  const trainLabels = pick(labels, train.rows);
  const validationLabels = pick(labels, validation.rows);
  const hasValidation = validation.rows.length > 0;
  const plan = defaultModelPlan(task, train.rows.length, matrix.numFeatures, runMode, input.numClasses);
  const metric = task === 'binary' ? 'auroc' : task === 'regression' ? 'mae' : 'multi_logloss';
  const score = (predictions: Float64Array) => scoreOf(task, validationLabels, predictions, input.numClasses);
  const better = (a: number, b: number) => (task === 'binary' ? a > b : a < b);
  const trials: Trial[] = [];
  const progress = new FitProgress(input.onProgress, plannedFits(plan, hasValidation, runMode));

  const fit = (features: string[], settings: GbdtSettingsOverrides, seed: number): FittedGbdt => {
    const started = Date.now();
    const gbdt = trainGbdt({
      task,
      numClasses: input.numClasses,
      train: { features: selectFeatures(train.matrix, features), labels: trainLabels },
      validation: hasValidation
        ? { features: selectFeatures(validation.matrix, features), labels: validationLabels }
        : undefined,
      settings: { ...settings, seed, ...(hasValidation ? {} : { num_trees: fixedRounds(settings) }) },
      signal: input.signal,
      onRound: () => progress.round(),
    });
    progress.fitDone();
    const predictions = hasValidation ? gbdt.predict(selectFeatures(validation.matrix, features)) : new Float64Array(0);
    return {
      gbdt,
      features,
      settings,
      seed,
      predictions,
      score: hasValidation ? score(predictions) : NaN,
      seconds: (Date.now() - started) / 1000,
    };
  };
  const mainSettings: GbdtSettingsOverrides = { ...plan.gbdt, ...input.overrides };
  const allFeatures = [...matrix.featureNames];

  // 1-2. Feature sets.
  let chosen: FittedGbdt;
  let featureSetName: EnsembleResult['featureSet']['name'] = 'all';
  const compact = allFeatures.filter((f) => input.compactFeatures.has(f));
  if (plan.compareFeatureSets && hasValidation && compact.length > 0 && compact.length < allFeatures.length) {
    const screening = fit(allFeatures, { ...plan.screening, ...lossOverride(input.overrides) }, input.seed);
    trials.push(trialOf('screening (all features)', screening));
    const pruned = prunedByGain(screening.gbdt, PRUNE_GAIN_SHARE, MIN_PRUNED_FEATURES);
    const candidates: [EnsembleResult['featureSet']['name'], FittedGbdt][] = [
      ['compact', fit(compact, mainSettings, input.seed)],
      ['pruned', fit(pruned, mainSettings, input.seed)],
    ];
    [featureSetName, chosen] = candidates.reduce((best, next) => (better(next[1].score, best[1].score) ? next : best));
    for (const [name, fitted] of candidates) {
      trials.push({ ...trialOf(`features: ${name}`, fitted), chosen: fitted === chosen });
    }
  } else {
    chosen = fit(allFeatures, mainSettings, input.seed);
    trials.push({ ...trialOf('features: all', chosen), chosen: true });
  }

  // 3. Bounded search over settings (run_mode best).
  if (runMode === 'best' && hasValidation) {
    const base = chosen;
    const searched = searchGbdtSettings(
      base.settings,
      input.overrides,
      (settings) => fit(base.features, settings, input.seed),
      better,
    );
    if (searched.best && better(searched.best.score, base.score)) chosen = searched.best;
    for (const t of searched.trials) {
      trials.push({ ...trialOf(t.name, t.fitted), settings: t.changed, chosen: t.fitted === chosen });
    }
  }

  // 4. Bagging.
  const members = [chosen];
  for (let k = 1; k < plan.bagSize; k++) members.push(fit(chosen.features, chosen.settings, memberSeed(input.seed, k)));
  const gbdtPredictions = average(members.map((m) => m.predictions));
  if (members.length > 1) {
    trials.push({
      name: `bag of ${members.length} seeds`,
      features: chosen.features.length,
      score: hasValidation ? score(gbdtPredictions) : NaN,
      rounds: Math.round(members.reduce((s, m) => s + m.gbdt.numRounds, 0) / members.length),
      seconds: members.reduce((s, m) => s + m.seconds, 0),
    });
  }

  // 5. Linear model and blend.
  let linearWeight = 0;
  let linearPenalty: number | undefined;
  let blended = gbdtPredictions;
  const linearFeatures = compact.filter((f) => matrix.featureKinds[matrix.featureNames.indexOf(f)] === 'numeric');
  if (task !== 'multiclass' && hasValidation && linearFeatures.length > 0 && plan.linearPenalties.length > 0) {
    let bestLinear: { l2: number; predictions: Float64Array; score: number } | undefined;
    for (const l2 of plan.linearPenalties) {
      const started = Date.now();
      const linear = trainLinearModel(task, train.matrix, trainLabels, { l2 }, linearFeatures);
      const predictions = linear.predict(validation.matrix);
      const candidate = { l2, predictions, score: score(predictions) };
      trials.push({
        name: `linear l2=${l2}`,
        features: linearFeatures.length,
        score: candidate.score,
        seconds: (Date.now() - started) / 1000,
        settings: { l2 },
      });
      if (!bestLinear || better(candidate.score, bestLinear.score)) bestLinear = candidate;
    }
    let bestBlend = { weight: 0, score: score(gbdtPredictions) };
    for (const weight of BLEND_WEIGHTS) {
      const mixed = mix(gbdtPredictions, bestLinear!.predictions, weight);
      const s = score(mixed);
      if (better(s, bestBlend.score)) bestBlend = { weight, score: s };
    }
    linearWeight = bestBlend.weight;
    if (linearWeight > 0) {
      linearPenalty = bestLinear!.l2;
      blended = mix(gbdtPredictions, bestLinear!.predictions, linearWeight);
    }
    trials.push({
      name: `blend: ${Math.round(100 * (1 - linearWeight))}% trees, ${Math.round(100 * linearWeight)}% linear`,
      features: new Set([...chosen.features, ...(linearWeight > 0 ? linearFeatures : [])]).size,
      score: bestBlend.score,
      seconds: 0,
      settings: { linear_weight: linearWeight, ...(linearPenalty !== undefined ? { l2: linearPenalty } : {}) },
      chosen: true,
    });
  }

  // 6. Every model again on all rows, with the rounds early stopping chose.
  const everyRow = selectRows(
    matrix,
    split.map((v) => (v === 2 ? 2 : 0)),
    0,
  );
  const everyLabel = pick(labels, everyRow.rows);
  const finalGbdts: GbdtModel[] = members.map((member) => {
    if (!hasValidation) return member.gbdt;
    const gbdt = trainGbdt({
      task,
      numClasses: input.numClasses,
      train: { features: selectFeatures(everyRow.matrix, member.features), labels: everyLabel },
      settings: { ...member.settings, seed: member.seed, num_trees: member.gbdt.numRounds, early_stopping_rounds: 0 },
      signal: input.signal,
      onRound: () => progress.round(),
    });
    progress.fitDone();
    return gbdt;
  });
  let finalLinear: LinearModel | undefined;
  if (linearPenalty !== undefined) {
    finalLinear = trainLinearModel(
      task as 'binary' | 'regression',
      everyRow.matrix,
      everyLabel,
      { l2: linearPenalty },
      linearFeatures,
    );
  }
  input.log?.(
    `models: ${members.length} GBDT x ${chosen.features.length} features (${featureSetName}), ` +
      `${finalLinear ? `linear on ${linearFeatures.length} features at weight ${linearWeight}` : 'no linear model'}; ` +
      `validation ${metric} ${hasValidation ? score(blended).toFixed(4) : 'n/a'}`,
  );
  return {
    model: new TrainedModel(finalGbdts, finalLinear, finalLinear ? linearWeight : 0),
    validationPredictions: blended,
    validationRows: validation.rows,
    trainRows: train.rows,
    metric,
    trials,
    featureSet: { name: featureSetName, features: chosen.features },
    linearWeight: finalLinear ? linearWeight : 0,
  };
}

interface FittedGbdt {
  gbdt: GbdtModel;
  features: string[];
  settings: GbdtSettingsOverrides;
  seed: number;
  predictions: Float64Array;
  score: number;
  seconds: number;
}

export type { FittedGbdt };

function trialOf(name: string, fitted: FittedGbdt): Trial {
  return {
    name,
    features: fitted.features.length,
    score: fitted.score,
    rounds: fitted.gbdt.numRounds,
    seconds: fitted.seconds,
  };
}

/** The spec's settings that also bind the screening model: the loss (it defines what is learnt). */
function lossOverride(overrides: GbdtSettingsOverrides): GbdtSettingsOverrides {
  return overrides.loss ? { loss: overrides.loss } : {};
}

/** The smallest set of features (in importance order) carrying `share` of the gain; at least `min`. */
function prunedByGain(model: GbdtModel, share: number, min: number): string[] {
  const importance = model.featureImportance();
  const kept: string[] = [];
  let cumulative = 0;
  for (const f of importance) {
    if (f.gain <= 0 || (cumulative >= share && kept.length >= min)) break;
    kept.push(f.feature);
    cumulative += f.gainShare;
  }
  // Keep the matrix's order, so the pruned plan reads like the full one.
  const set = new Set(kept);
  return model.featureNames.filter((f) => set.has(f));
}

/** Without validation rows nothing stops the boosting: a fixed budget of rounds for the learning rate. */
function fixedRounds(settings: GbdtSettingsOverrides): number {
  return Math.max(20, Math.min(settings.num_trees ?? 2000, Math.round(10 / (settings.learning_rate ?? 0.05))));
}

function scoreOf(task: GbdtTask, labels: Float64Array, predictions: Float64Array, numClasses?: number): number {
  if (task === 'binary') return areaUnderRoc(labels, predictions);
  if (task === 'regression') return meanAbsoluteError(labels, predictions);
  return multiclassLogLoss(labels, predictions, numClasses ?? 1);
}

function average(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays[0].length);
  for (const a of arrays) for (let i = 0; i < out.length; i++) out[i] += a[i] / arrays.length;
  return out;
}

function mix(trees: Float64Array, linear: Float64Array, weight: number): Float64Array {
  const out = new Float64Array(trees.length);
  for (let i = 0; i < out.length; i++) out[i] = (1 - weight) * trees[i] + weight * linear[i];
  return out;
}

function plannedFits(plan: ModelPlan, hasValidation: boolean, runMode: RunMode): number {
  const search = runMode === 'best' ? 8 : 0;
  const selection = plan.compareFeatureSets ? 3 : 1;
  return selection + search + (plan.bagSize - 1) + (hasValidation ? plan.bagSize : 0);
}

/** Progress over the planned fits; called every round so a cancel request is seen within a round. */
class FitProgress {
  private done = 0;

  constructor(
    private readonly report: ((completed: number, total: number) => void) | undefined,
    private total: number,
  ) {}

  round(): void {
    this.report?.(Math.min(this.done, this.total - 1), this.total);
  }

  fitDone(): void {
    this.done++;
    if (this.done >= this.total) this.total = this.done + 1;
    this.report?.(this.done, this.total);
  }
}
