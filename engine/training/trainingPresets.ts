import type { RunMode } from '../../core/spec/SpecModel';
import type { FeaturePlanOptions } from '../features/deriveFeaturePlan';
import type { AnchorBudget } from './AnchorSchedule';

/**
 * What `model.run_mode` changes on the data side (the model's settings are in modelDefaults): more
 * windows, more anchors and rows. Each step up costs a few times more.
 */
export interface TrainingPreset {
  features: Omit<FeaturePlanOptions, 'vocabularyCutoff' | 'exclude' | 'targetHistory' | 'anchorCalendar'>;
  /** How much history train.start_time's default replays (see AnchorSchedule). */
  anchors: AnchorBudget;
  /** Training-table rows beyond this are sampled down (deterministically). */
  maxRows: number;
}

const LAST_K = [1, 3, 5, 10];

export const TRAINING_PRESETS: Readonly<Record<RunMode, TrainingPreset>> = {
  fast: {
    features: {
      windowsDays: [90, 365],
      statWindowsDays: [365],
      maxCategories: 5,
      maxShareCardinality: 12,
      maxHops: 2,
      wide: true,
      compact: { historyWindowsDays: [90, 365], lastK: LAST_K, bestK: [3], parentWindowsDays: [365] },
    },
    anchors: { maxAnchors: 200, candidatePairs: 2_000_000, minAnchors: 12 },
    maxRows: 100_000,
  },
  normal: {
    features: {
      windowsDays: [30, 90, 365],
      statWindowsDays: [365],
      maxCategories: 10,
      maxShareCardinality: 12,
      maxHops: 2,
      wide: true,
      compact: {
        historyWindowsDays: [30, 90, 365, 730],
        lastK: LAST_K,
        bestK: [1, 3, 5],
        parentWindowsDays: [90, 365],
      },
    },
    anchors: { maxAnchors: 1000, candidatePairs: 10_000_000, minAnchors: 24 },
    maxRows: 300_000,
  },
  best: {
    features: {
      windowsDays: [7, 30, 90, 180, 365, 730],
      statWindowsDays: [90, 365],
      maxCategories: 20,
      maxShareCardinality: 20,
      maxHops: 2,
      wide: true,
      compact: {
        historyWindowsDays: [30, 90, 180, 365, 730],
        lastK: LAST_K,
        bestK: [1, 3, 5],
        parentWindowsDays: [90, 365],
      },
    },
    anchors: { maxAnchors: 2000, candidatePairs: 40_000_000, minAnchors: 48 },
    maxRows: 1_000_000,
  },
};
