import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import type { TaskType } from '../../core/pql/ast';
import { isTemporalQuery } from '../../core/pql/queryAnalysis';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import { JobStore } from '../../engine/jobs/JobStore';
import type { LoadedJob } from '../jobs/JobsLoader';
import type { TrainingChoice } from './predictionSpecDraft';

/**
 * What the wizard needs to know about a model before asking anything: its task type (which settings
 * apply) and whether its target has a time window (whether there is an anchor time). Read with core's
 * own validation for training specs, and from the model artifact for finished local jobs, so the wizard
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

/** A finished local training job: task type and temporality from its model artifact. */
export function describeTrainingJob(job: LoadedJob): TrainingSpecInfo {
  const info: TrainingSpecInfo = { kind: 'local-job', ref: job.record.id, name: job.record.spec.name };
  const artifact = readModelArtifactHead(job.record.artifactDir);
  const taskType = artifact?.taskType ?? job.record.summary?.task_type;
  if (typeof taskType === 'string') info.taskType = taskType as TaskType;
  if (typeof artifact?.temporal === 'boolean') info.temporal = artifact.temporal;
  if (!artifact) info.problem = 'its model artifact could not be read';
  return info;
}

/**
 * The training graph of a local training job, as NodeSpecHost's `readTrainingJob` wants it: the same
 * lookup as engine/prediction/trainedModels (which the client cannot import: it loads the GBDT code).
 */
export function readLocalTrainingJob(jobId: string, specPath: string): TrainingGraphMetadata | undefined {
  const job = JobStore.forPath(specPath).get(jobId);
  if (!job || job.kind !== 'training' || job.status !== 'DONE') return undefined;
  const artifact = readModelArtifactHead(job.artifactDir);
  if (!artifact?.trainingGraph) return undefined;
  return { ...artifact.trainingGraph, jobId: job.id, specPath: job.spec.path };
}

export function specHost(): NodeSpecHost {
  return new NodeSpecHost({ readTrainingJob: readLocalTrainingJob });
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

interface ModelArtifactHead {
  taskType?: TaskType;
  temporal?: boolean;
  trainingGraph?: TrainingGraphMetadata;
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
