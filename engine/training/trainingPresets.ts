import type { RunMode } from '../../core/spec/SpecModel';
import type { FeaturePlanOptions } from '../features/deriveFeaturePlan';

/**
 * What `model.run_mode` changes on the data side (the GBDT's own presets are in engine/model):
 * more windows and categories, more anchors and rows. Each step up costs a few times more.
 */
export interface TrainingPreset {
  features: Omit<FeaturePlanOptions, 'vocabularyCutoff' | 'exclude'>;
  /** Default number of anchors when train.start_time is not set. */
  maxAnchors: number;
  /** Training-table rows beyond this are sampled down (deterministically). */
  maxRows: number;
}

export const TRAINING_PRESETS: Readonly<Record<RunMode, TrainingPreset>> = {
  fast: {
    features: { windowsDays: [30, 90, 365], statWindowsDays: [365], maxCategories: 5, maxHops: 2 },
    maxAnchors: 50,
    maxRows: 100_000,
  },
  normal: {
    features: { windowsDays: [7, 30, 90, 365], statWindowsDays: [90, 365], maxCategories: 10, maxHops: 2 },
    maxAnchors: 100,
    maxRows: 300_000,
  },
  best: {
    features: {
      windowsDays: [7, 30, 90, 180, 365, 730],
      statWindowsDays: [30, 90, 365],
      maxCategories: 20,
      maxHops: 2,
    },
    maxAnchors: 200,
    maxRows: 1_000_000,
  },
};
