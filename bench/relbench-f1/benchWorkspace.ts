import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunMode } from '../../core/spec/SpecModel';
import { iso } from '../../engine/training/AnchorSchedule';
import { lastValidationPeriodAnchor, VALIDATION_TIMESTAMP, type RelbenchTask } from './relbenchTasks';

/**
 * A throwaway Relgraph workspace for the benchmark, laid out like a user's: the F1 example's data and
 * graph specs copied in (the training graph on data/train, cut at 2009-12-31; the inference graph on
 * data/full), plus the training and prediction specs the benchmark writes. Everything the commands
 * read lies inside it, as in a user's repository.
 */
const EXAMPLE = path.resolve(__dirname, '../../examples/f1');

export function createBenchWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-relbench-'));
  for (const part of ['train', 'full']) {
    fs.cpSync(path.join(EXAMPLE, 'data', part), path.join(dir, 'data', part), { recursive: true });
  }
  fs.copyFileSync(path.join(EXAMPLE, 'f1.graph.yaml'), path.join(dir, 'f1.graph.yaml'));
  fs.copyFileSync(path.join(EXAMPLE, 'holdout.graph.yaml'), path.join(dir, 'holdout.graph.yaml'));
  fs.mkdirSync(path.join(dir, '.relgraph'));
  fs.mkdirSync(path.join(dir, 'out'));
  return dir;
}

/** `default`: no `model:` keys but the seed; a run mode: `model: {run_mode}` too. */
export type BenchMode = 'default' | RunMode;

/**
 * The task's training spec with RelBench's periods: anchors every delta on RelBench's grid, training
 * anchors before 2005-01-01 (start_time left to the default: the data's history), validation anchors
 * from 2005-01-01 to the last one whose window ends by 2010-01-01. Only the seed (and the run mode when
 * one is benchmarked) is set under `model:`.
 */
export function writeTrainingSpec(dir: string, task: RelbenchTask, mode: BenchMode, seed: number): string {
  const file = path.join(dir, `${task.name}-${mode}-seed${seed}.training.yaml`);
  const model = [`  seed: ${seed}`, ...(mode === 'default' ? [] : [`  run_mode: ${mode}`])];
  fs.writeFileSync(
    file,
    [
      'kind: training',
      'graph: f1.graph.yaml',
      `query: ${task.pql}`,
      'train:',
      `  end_time: ${iso(lastValidationPeriodAnchor(task)).slice(0, 10)}`,
      `  timeframe_step: ${task.deltaDays}`,
      `  validation_start: ${iso(new Date(VALIDATION_TIMESTAMP)).slice(0, 10)}`,
      'model:',
      ...model,
      '',
    ].join('\n'),
  );
  return file;
}

/** A prediction spec scoring the rows of `predictionTable` (CSV: ENTITY, ANCHOR_TIMESTAMP) on the full data. */
export function writePredictionSpec(
  dir: string,
  task: RelbenchTask,
  name: string,
  trainingSpec: string,
  predictionTable: string,
): string {
  const file = path.join(dir, `${name}.prediction.yaml`);
  fs.writeFileSync(
    file,
    [
      'kind: prediction',
      `training_job: ${path.basename(trainingSpec)}`,
      'graph: holdout.graph.yaml',
      `prediction_table: ${path.relative(dir, predictionTable)}`,
      ...(task.taskType === 'binary_classification' ? ['binary_classification_threshold: 0.5'] : []),
      'destination:',
      '  type: local',
      `  path: out/${name}.csv`,
      '  format: csv',
      'num_workers: 1',
      '',
    ].join('\n'),
  );
  return file;
}
