import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import type { TaskType } from '../../core/pql/ast';
import { parsePql } from '../../core/pql/parsePql';
import { isTemporalQuery } from '../../core/pql/queryAnalysis';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { readTrainingJobMetadata } from '../../data/jobs/readTrainingJobMetadata';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import type { LoadedJob } from '../jobs/JobsLoader';
import type { TrainingChoice } from './predictionSpecDraft';

/**
 * What the wizard needs to know about a model before asking anything: its task type (which settings
 * apply) and whether its target has a time window (whether there is an anchor time). Read with core's
 * own validation for training specs, and from the job record for finished local jobs, so the wizard
 * asks exactly what `relgraph validate` would then require. No DuckDB: only YAML, PQL and JSON.
 */
export interface TrainingSpecInfo extends TrainingChoice {
  /** The training graph file, when the spec names one (offered as the default inference graph). */
  graphPath?: string;
  /** Why the task type could not be read (the query does not parse yet, ...). */
  problem?: string;
}

export function describeTrainingSpec(specPath: string, host: NodeSpecHost = specHost()): TrainingSpecInfo {
  const validation = validateSpecFile(specPath, host);
  const spec = validation.spec;
  if (spec?.kind !== 'training') {
    return { kind: 'spec', ref: specPath, name: baseName(specPath), problem: 'not a training spec' };
  }
  const info: TrainingSpecInfo = { kind: 'spec', ref: specPath, name: spec.name };
  if (spec.graph?.kind === 'path') info.graphPath = spec.graph.absolutePath;
  if (validation.taskType) info.taskType = validation.taskType;
  if (validation.query) info.temporal = isTemporalQuery(validation.query);
  if (!validation.taskType) {
    const error = validation.diagnostics.find((d) => d.severity === 'error');
    info.problem = error ? `its query has errors (${error.message})` : 'it has no query yet';
  }
  return info;
}

/**
 * A finished local training job: the task type its summary records, and whether its query has a time
 * window (from the query text in the summary, else the model artifact of jobs written before it had one).
 */
export function describeTrainingJob(job: LoadedJob): TrainingSpecInfo {
  const info: TrainingSpecInfo = { kind: 'local-job', ref: job.record.id, name: job.record.spec.name };
  const summary = job.record.summary ?? {};
  const artifact = typeof summary.query === 'string' ? undefined : readModelArtifactHead(job.record.artifactDir);
  const taskType = summary.task_type ?? artifact?.taskType;
  if (typeof taskType === 'string') info.taskType = taskType as TaskType;
  const query = typeof summary.query === 'string' ? parsePql(summary.query).query : undefined;
  const temporal = query ? isTemporalQuery(query) : artifact?.temporal;
  if (typeof temporal === 'boolean') info.temporal = temporal;
  if (!info.taskType) info.problem = 'its record names no task type';
  return info;
}

/**
 * Whether a prediction spec can name this job: validation reads the training graph from the record
 * (data/jobs/readTrainingJobMetadata), which only DONE jobs of a recent engine have.
 */
export function isUsableTrainingJob(job: LoadedJob): boolean {
  return readTrainingJobMetadata(job.record.id, path.join(job.workspace, 'probe.prediction.yaml')) !== undefined;
}

/** The host validation reads specs and local training jobs through (the CLI's: disk, no DuckDB). */
export function specHost(): NodeSpecHost {
  return new NodeSpecHost();
}

/** The static diagnostics a spec text would get at `specPath`, without writing it. */
export function validateSpecText(specPath: string, text: string, host: NodeSpecHost = specHost()): SpecDiagnostic[] {
  host.setOverlay(specPath, text);
  try {
    return validateSpecFile(specPath, host).diagnostics;
  } finally {
    host.setOverlay(specPath, undefined);
  }
}

/** The two fields of a model artifact (`<job>/model.json`) that older job records lack. */
interface ModelArtifactHead {
  taskType?: TaskType;
  temporal?: boolean;
}

function readModelArtifactHead(artifactDir: string): ModelArtifactHead | undefined {
  if (!artifactDir) return undefined;
  try {
    const value = JSON.parse(fs.readFileSync(path.join(artifactDir, 'model.json'), 'utf8')) as Record<string, unknown>;
    if (value?.format !== 'relgraph-model') return undefined;
    return value as ModelArtifactHead;
  } catch {
    return undefined;
  }
}

function baseName(specPath: string): string {
  return path.basename(specPath).replace(/\.training\.ya?ml$/i, '');
}
