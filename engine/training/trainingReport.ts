import { FEATURE_FAMILIES, familyOf, type FeatureFamily, type FeaturePlan } from '../features/FeaturePlan';
import type { ModelArtifact } from './ModelArtifact';

/**
 * The readable side of a training job: per feature family, how many features were derived, how many
 * the models kept and how much of the trees' gain they carry; and the report lines `relgraph train`
 * prints and the job summary stores (`report`), so `relgraph jobs show` and the editor show the same.
 */
export function familySummary(
  derived: FeaturePlan,
  kept: FeaturePlan,
  importance: { feature: string; gainShare: number }[],
): { family: FeatureFamily; derived: number; kept: number; gainShare: number }[] {
  const gain = new Map(importance.map((f) => [f.feature, f.gainShare]));
  const count = (plan: FeaturePlan, family: FeatureFamily) =>
    plan.groups.filter((g) => familyOf(g) === family).reduce((n, g) => n + g.features.length, 0);
  return FEATURE_FAMILIES.map((family) => ({
    family,
    derived: count(derived, family),
    kept: count(kept, family),
    gainShare: kept.groups
      .filter((g) => familyOf(g) === family)
      .flatMap((g) => g.features)
      .reduce((sum, f) => sum + (gain.get(f.name) ?? 0), 0),
  })).filter((f) => f.derived > 0);
}

const METRIC_NAMES: Record<string, string> = { auroc: 'AUROC', mae: 'MAE', multi_logloss: 'log loss' };

export function trainingReportLines(artifact: ModelArtifact): string[] {
  const t = artifact.training;
  const lines: string[] = [];
  const percent = (share: number) => `${(100 * share).toFixed(1)}%`;
  if (t.models) {
    const m = t.models;
    const trees = `${m.bagSize} GBDT${m.bagSize > 1 ? 's (seeds averaged)' : ''} on ${m.gbdtFeatures} features (${m.featureSet} set)`;
    const linear =
      m.linearWeight > 0
        ? ` + linear model on ${m.linearFeatures} compact features; blend ${Math.round(100 * (1 - m.linearWeight))}% trees / ${Math.round(100 * m.linearWeight)}% linear`
        : '';
    lines.push(`models: ${trees}${linear}; rounds ${m.rounds.join(', ')}`);
  }
  if (t.families) {
    const families = t.families
      .map((f) => `${f.family.replace('_', ' ')} ${f.kept}/${f.derived} (${percent(f.gainShare)} of gain)`)
      .join(', ');
    lines.push(`features kept/derived by family: ${families}`);
  }
  if (t.topFeatures.length > 0) {
    lines.push(
      `top features (share of the trees' gain): ${t.topFeatures
        .slice(0, 8)
        .map((f) => `${f.feature} ${percent(f.gainShare)}`)
        .join(', ')}`,
    );
  }
  if (t.linearTopFeatures && t.models && t.models.linearWeight > 0) {
    lines.push(
      `linear model (share of |weight|): ${t.linearTopFeatures
        .slice(0, 5)
        .map((f) => `${f.feature} ${percent(f.share)}`)
        .join(', ')}`,
    );
  }
  if (t.trials && t.trials.length > 0) {
    const metric = METRIC_NAMES[t.evalMetric ?? ''] ?? t.evalMetric ?? 'score';
    lines.push(`trials (${t.trials.length}, validation ${metric}; * = kept):`);
    for (const trial of t.trials) {
      const rounds = trial.rounds !== undefined ? `, ${trial.rounds} rounds` : '';
      lines.push(
        `  ${trial.chosen ? '*' : ' '} ${trial.name}: ${Number.isFinite(trial.score) ? trial.score.toFixed(4) : 'n/a'} ` +
          `(${trial.features} features${rounds}, ${trial.seconds.toFixed(1)} s)`,
      );
    }
  }
  for (const warning of t.warnings ?? []) lines.push(`warning: ${warning}`);
  return lines;
}
