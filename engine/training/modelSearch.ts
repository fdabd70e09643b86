import type { GbdtSettingsOverrides } from '../model';
import type { FittedGbdt } from './trainEnsemble';

/**
 * run_mode best: a bounded search over GBDT settings around the defaults, each setting tried on the
 * validation rows with the same features and seed. Eight variations, one knob at a time (tree size,
 * leaf size, feature sampling, regularisation, learning rate); the best validation score wins, the
 * defaults included. Knobs the spec's `model:` section sets are never changed.
 */
export interface SearchTrial {
  name: string;
  /** The settings this trial changed. */
  changed: Record<string, unknown>;
  fitted: FittedGbdt;
}

export function searchGbdtSettings(
  base: GbdtSettingsOverrides,
  fixedBySpec: GbdtSettingsOverrides,
  fit: (settings: GbdtSettingsOverrides) => FittedGbdt,
  better: (a: number, b: number) => boolean,
): { trials: SearchTrial[]; best: FittedGbdt | undefined } {
  const leaves = base.num_leaves ?? 15;
  const minData = base.min_data_in_leaf ?? 20;
  const variations: GbdtSettingsOverrides[] = [
    { num_leaves: leaves * 2 + 1 },
    { num_leaves: Math.max(3, Math.floor(leaves / 2)) },
    { min_data_in_leaf: Math.max(5, Math.round(minData / 3)) },
    { min_data_in_leaf: minData * 3 },
    { colsample_bytree: 0.3 },
    { colsample_bytree: 0.8 },
    { lambda_l2: 10 },
    { learning_rate: Math.max(0.005, (base.learning_rate ?? 0.05) / 2) },
  ];
  const trials: SearchTrial[] = [];
  for (const changed of variations) {
    if (Object.keys(changed).some((key) => key in fixedBySpec)) continue;
    const fitted = fit({ ...base, ...changed });
    const name = `search: ${Object.entries(changed)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ')}`;
    trials.push({ name, changed, fitted });
  }
  const best = trials.reduce<FittedGbdt | undefined>(
    (found, t) => (!found || better(t.fitted.score, found.score) ? t.fitted : found),
    undefined,
  );
  return { trials, best };
}
