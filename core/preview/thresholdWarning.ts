/** At or above this share of rows on one side of the threshold, the threshold is suspect. */
export const ONE_SIDED_SHARE = 0.95;
/** Fewer rows than this say nothing about a threshold. */
const MIN_ROWS = 20;

export interface ThresholdSplit {
  /** Rows predicted TRUE (TRUE_PROB at or above the threshold) and FALSE. */
  positive: number;
  negative: number;
  /** The threshold the job used. */
  threshold?: number;
  /** The threshold training chose (best validation accuracy), when known. */
  trainingThreshold?: number;
}

/**
 * A warning when the job's threshold puts nearly all rows on one side (>= 95%) and training chose
 * another threshold (or training's choice is unknown): the usual cause is a `binary_classification_threshold`
 * copied from somewhere else, e.g. 0.5 on a model whose scores are all above 0.6. No warning when the job
 * used training's own threshold: then the split is what the model believes.
 */
export function thresholdWarning(split: ThresholdSplit): string | undefined {
  const rows = split.positive + split.negative;
  if (rows < MIN_ROWS || split.threshold === undefined) return undefined;
  const side = split.positive >= split.negative ? 'TRUE' : 'FALSE';
  const most = Math.max(split.positive, split.negative);
  if (most / rows < ONE_SIDED_SHARE) return undefined;
  const { threshold, trainingThreshold } = split;
  if (trainingThreshold !== undefined && Math.abs(trainingThreshold - threshold) < 1e-9) return undefined;
  const share = `${most} of ${rows} rows (${percent(most / rows)}) are predicted ${side} at threshold ${round(threshold)}`;
  if (trainingThreshold === undefined)
    return `${share}. Check binary_classification_threshold: the threshold training chose is not known here.`;
  return (
    `${share}, while training chose ${round(trainingThreshold)} (best validation accuracy). ` +
    `Set binary_classification_threshold: ${round(trainingThreshold)} in the prediction spec to use the model's threshold.`
  );
}

function percent(share: number): string {
  const value = share * 100;
  return `${value >= 99.95 ? '100' : value.toFixed(1).replace(/\.0$/, '')}%`;
}

function round(value: number): string {
  return String(Number(value.toFixed(4)));
}
