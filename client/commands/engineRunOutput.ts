import * as path from 'node:path';
import { specKindOfPath } from '../../protocol/specFiles';

// What the editor reads from the output of `relgraph predict|train <spec>` (the CLI's text format, a contract:
// docs/engine.md and cli/output/textFormatter.ts): the job it created, and the problems it refused the spec for.

/** `bp-job-…: log <path>` / `trainingjob-…: log <path>`, the CLI's first line once it created the job. */
const JOB_CREATED = /^((?:bp-job|trainingjob)-[A-Za-z0-9_-]+): log (.+)$/m;
/** A diagnostic in the CLI's text format: `<file>:<line>:<col> <severity> <code> <message>`. */
const DIAGNOSTIC = /^(.+?):(\d+):(\d+) (error|warning) ([a-z][a-z0-9-]*) (.*)$/gm;
/** The engine's refusal when `training_job` names a training spec without a finished job (engine/prediction/trainedModels.ts). */
const NO_TRAINED_MODEL = /no finished training job for (.+?)(?: \([^)]*\))?: train it first/;

export interface EngineRunProblem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** The id of the job the run created; undefined while (or when) it created none. */
export function createdJobId(output: string): string | undefined {
  return JOB_CREATED.exec(output)?.[1];
}

/**
 * The record file of the job the run created: beside its log (`<store>/<id>.log`, printed relative to the run's
 * folder), named `<id>.json` (docs/engine.md). Undefined when the run created no job.
 */
export function createdJobRecord(output: string, cwd: string): string | undefined {
  const match = JOB_CREATED.exec(output);
  if (!match) return undefined;
  const log = path.resolve(cwd, match[2].trim());
  return path.join(path.dirname(log), `${match[1]}.json`);
}

/** The errors and warnings the CLI printed for the spec (a refused spec: validation found errors). */
export function runProblems(output: string): EngineRunProblem[] {
  return [...output.matchAll(DIAGNOSTIC)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
    severity: m[4] as 'error' | 'warning',
    code: m[5],
    message: m[6],
  }));
}

/**
 * The `training_job` value (relative to the prediction spec) of a run or job that failed because that training
 * spec has no finished training job; undefined for any other failure.
 */
export function untrainedTrainingSpec(text: string): string | undefined {
  const value = NO_TRAINED_MODEL.exec(text)?.[1];
  return value && specKindOfPath(value) === 'training' ? value : undefined;
}

/** The last line that says something, for a one-line notification (`relgraph predict: …` prefix dropped). */
export function lastMessage(output: string): string | undefined {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1)?.replace(/^relgraph [a-z]+: /, '');
}
