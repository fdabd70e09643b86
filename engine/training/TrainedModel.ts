import {
  deserializeGbdtModel,
  deserializeLinearModel,
  selectFeatures,
  serializeGbdtModel,
  serializeLinearModel,
  type FeatureMatrix,
  type GbdtModel,
  type GbdtSettings,
  type GbdtTask,
  type LinearModel,
  type SerializedGbdtModel,
  type SerializedLinearModel,
} from '../model';

/**
 * What a training job trains and a prediction job runs: one or more GBDTs (a bag of seeds, averaged)
 * and optionally a linear model, blended with a weight chosen on the validation rows:
 *
 *   prediction = (1 - linearWeight) x mean(GBDT members) + linearWeight x linear model
 *
 * (probabilities for binary classification, values for regression; multiclass uses the GBDTs alone).
 * Each model reads its own features by name from the feature matrix of the stored plan. Embeddings
 * come from the first GBDT.
 */
export class TrainedModel {
  constructor(
    readonly gbdts: readonly GbdtModel[],
    readonly linear: LinearModel | undefined = undefined,
    readonly linearWeight = 0,
  ) {
    if (gbdts.length === 0) throw new Error('a trained model needs at least one GBDT');
    if (linearWeight < 0 || linearWeight > 1 || (linearWeight > 0 && !linear)) {
      throw new Error(`linear weight ${linearWeight} needs a linear model and must lie in [0, 1]`);
    }
  }

  get task(): GbdtTask {
    return this.gbdts[0].task;
  }

  get numOutputs(): number {
    return this.gbdts[0].numOutputs;
  }

  get settings(): GbdtSettings {
    return this.gbdts[0].settings;
  }

  /** Rounds of each GBDT member. */
  get rounds(): number[] {
    return this.gbdts.map((m) => m.numRounds);
  }

  /** Every feature any member reads, in first-use order. */
  get featureNames(): string[] {
    const names = new Set<string>();
    for (const gbdt of this.gbdts) for (const name of gbdt.featureNames) names.add(name);
    for (const name of this.linear?.featureNames ?? []) names.add(name);
    return [...names];
  }

  /** Binary: P(label = 1); regression: the value; multiclass: row-major class probabilities. */
  predict(matrix: FeatureMatrix): Float64Array {
    const out = new Float64Array(matrix.numRows * this.numOutputs);
    for (const gbdt of this.gbdts) {
      const scores = gbdt.predict(selectFeatures(matrix, gbdt.featureNames));
      for (let i = 0; i < out.length; i++) out[i] += scores[i] / this.gbdts.length;
    }
    if (this.linear && this.linearWeight > 0) {
      const linear = this.linear.predict(matrix);
      const w = this.linearWeight;
      for (let i = 0; i < out.length; i++) out[i] = (1 - w) * out[i] + w * linear[i];
    }
    return out;
  }

  embed(matrix: FeatureMatrix): Float32Array {
    const first = this.gbdts[0];
    return first.embed(selectFeatures(matrix, first.featureNames));
  }

  /** Gain share per feature averaged over the GBDT members, largest first. */
  featureImportance(): { feature: string; gainShare: number }[] {
    const shares = new Map<string, number>();
    for (const gbdt of this.gbdts) {
      for (const f of gbdt.featureImportance()) {
        shares.set(f.feature, (shares.get(f.feature) ?? 0) + f.gainShare / this.gbdts.length);
      }
    }
    return [...shares.entries()]
      .map(([feature, gainShare]) => ({ feature, gainShare }))
      .sort((a, b) => b.gainShare - a.gainShare || a.feature.localeCompare(b.feature));
  }
}

/** The artifact's `ensemble`: everything beyond the first GBDT (which is the artifact's `model`). */
export interface SerializedEnsemble {
  /** GBDT members after the first. */
  members: SerializedGbdtModel[];
  linear?: SerializedLinearModel;
  /** The linear model's blend weight (0 when there is none). */
  linearWeight: number;
}

export function serializeTrainedModel(model: TrainedModel): {
  model: SerializedGbdtModel;
  ensemble?: SerializedEnsemble;
} {
  const [first, ...rest] = model.gbdts;
  const single = rest.length === 0 && !model.linear;
  return {
    model: serializeGbdtModel(first),
    ...(single
      ? {}
      : {
          ensemble: {
            members: rest.map(serializeGbdtModel),
            ...(model.linear ? { linear: serializeLinearModel(model.linear) } : {}),
            linearWeight: model.linearWeight,
          },
        }),
  };
}

export function deserializeTrainedModel(model: unknown, ensemble: unknown): TrainedModel {
  const first = deserializeGbdtModel(model);
  if (ensemble === undefined) return new TrainedModel([first]);
  const parts = ensemble as Partial<SerializedEnsemble> | null;
  if (!parts || !Array.isArray(parts.members) || typeof parts.linearWeight !== 'number') {
    throw new Error('the model ensemble lacks its members or linear weight');
  }
  const members = parts.members.map((m) => deserializeGbdtModel(m));
  const linear = parts.linear ? deserializeLinearModel(parts.linear) : undefined;
  return new TrainedModel([first, ...members], linear, parts.linearWeight);
}
