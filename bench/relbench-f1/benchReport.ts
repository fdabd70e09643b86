import type { BenchMode } from './benchWorkspace';
import type { RelbenchTask } from './relbenchTasks';

/** One training run (task, mode, seed) scored on both splits. */
export interface RunResult {
  mode: BenchMode;
  seed: number;
  validation: number;
  validationRows: number;
  /** The bench's table of the scored validation rows (for the baseline on the same rows). */
  validationRowsTable: string;
  validationBaseline?: number;
  test: number;
  testRows: number;
  /** `relgraph train`: whole command (validation included), the job's own figure, and process CPU. */
  trainSeconds: { wall: number; job: number; cpu: number };
  predictSeconds: number;
  trainRows: number;
  validationJobRows: number;
  features: number;
  candidateFeatures: number;
  models?: Record<string, unknown>;
  topFeatures: { feature: string; gainShare: number }[];
  jobId: string;
}

export interface TaskReport {
  task: RelbenchTask;
  testRows: number;
  validationRelbenchRows: number;
  testBaseline: number;
  runs: RunResult[];
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (0 for one value). */
function spread(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

export function formatReport(
  reports: TaskReport[],
  load: { before: number; after: number; cores: number },
  seeds: number[],
): string {
  const lines: string[] = [
    `RelBench rel-f1 on the local engine: validation = RelBench's validation rows (2005-2009, holdout predictions of`,
    `models that never saw them), test = RelBench's test rows (2010 on, through relgraph predict). Seeds ${seeds.join(', ')}.`,
    `Load average (1 min) ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${load.cores} cores` +
      `${Math.max(load.before, load.after) > load.cores ? ': timings taken under load' : ''}.`,
    '',
  ];
  for (const report of reports) {
    const { task } = report;
    const auroc = task.metric === 'auroc';
    const show = (v: number) => (auroc ? (100 * v).toFixed(2) : v.toFixed(3));
    const beats = (model: number, baseline: number) => (auroc ? model > baseline : model < baseline);
    lines.push(
      `${task.name}: ${auroc ? 'AUROC (x100, higher is better)' : 'MAE (lower is better)'}; ` +
        `test ${report.testRows} rows, validation ${report.validationRelbenchRows} rows (RelBench's)`,
    );
    lines.push(
      `  ${'mode'.padEnd(8)} ${'validation'.padEnd(16)} ${'test'.padEnd(16)} ${'test per seed'.padEnd(24)} ` +
        `${'beats baseline'.padEnd(15)} ${'train s: wall / job / CPU'.padEnd(27)} features kept/derived`,
    );
    const modes = [...new Set(report.runs.map((r) => r.mode))];
    for (const mode of modes) {
      const runs = report.runs.filter((r) => r.mode === mode);
      const validation = runs.map((r) => r.validation);
      const test = runs.map((r) => r.test);
      const beating = runs.filter((r) => beats(r.test, report.testBaseline)).length;
      const t = (key: 'wall' | 'job' | 'cpu') => mean(runs.map((r) => r.trainSeconds[key])).toFixed(1);
      lines.push(
        `  ${mode.padEnd(8)} ${`${show(mean(validation))} ± ${show(spread(validation))}`.padEnd(16)} ` +
          `${`${show(mean(test))} ± ${show(spread(test))}`.padEnd(16)} ${test.map(show).join(' ').padEnd(24)} ` +
          `${`${beating}/${runs.length}`.padEnd(15)} ${`${t('wall')} / ${t('job')} / ${t('cpu')}`.padEnd(27)} ` +
          `${Math.round(mean(runs.map((r) => r.features)))}/${Math.round(mean(runs.map((r) => r.candidateFeatures)))}`,
      );
    }
    const validationBaselines = [...new Set(report.runs.map((r) => r.validationBaseline ?? NaN))];
    lines.push(
      `  ${'naive'.padEnd(8)} ${validationBaselines.map(show).join('/').padEnd(16)} ${show(report.testBaseline).padEnd(16)} ` +
        `(the issue's past-year baseline, same rows, same run)`,
    );
    const validationRows = [...new Set(report.runs.map((r) => r.validationRows))].join('/');
    if (validationRows !== String(report.validationRelbenchRows)) {
      lines.push(
        `  validation scored on ${validationRows} of RelBench's ${report.validationRelbenchRows} rows (the rows the query's filter keeps)`,
      );
    }
    lines.push(`  published (test): ${task.published.map((p) => `${p.label} ${p.value}`).join(', ')}`);
    const defaults = report.runs.filter((r) => r.mode === 'default');
    if (defaults.length > 0) {
      const m = mean(defaults.map((r) => r.test));
      const pass = auroc ? m >= task.floor : m <= task.floor;
      const every = defaults.every((r) => beats(r.test, report.testBaseline));
      lines.push(
        `  issue floor (default settings, test mean): ${auroc ? '>=' : '<='} ${show(task.floor)}: ${pass ? 'met' : 'NOT MET'}; ` +
          `every seed beats the baseline: ${every ? 'yes' : 'NO'}`,
      );
    }
    const example = report.runs[0];
    if (example) {
      lines.push(
        `  e.g. ${example.mode} seed ${example.seed}: ${example.trainRows} training + ${example.validationJobRows} validation rows; ` +
          `models ${JSON.stringify(example.models ?? {})}`,
      );
      lines.push(
        `  top features: ${example.topFeatures.map((f) => `${f.feature} ${(100 * f.gainShare).toFixed(0)}%`).join(', ')}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
