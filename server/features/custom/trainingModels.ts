import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import type { SpecHost } from '../../../core/host/SpecHost';
import type { TaskType } from '../../../core/pql/ast';
import { parsePql } from '../../../core/pql/parsePql';
import { isTemporalQuery } from '../../../core/pql/queryAnalysis';
import { specFileName, withoutSpecSuffix } from '../../../core/spec/specFileNames';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { RELGRAPH_DIR } from '../../../data/jobs/jobWorkspace';
import { isInside } from '../../../data/SourceAccessPolicy';
import type { TrainingModelInfo } from '../../../protocol/lspExtensions';

/**
 * What the "New prediction spec" wizard needs to know about a model before asking anything: its task
 * type (which settings apply) and whether its target has a time window (whether there is an anchor
 * time). Read with core's own validation for training specs, and from the job record for finished
 * local jobs, so the wizard asks exactly what `relgraph validate` would then require.
 */
export function describeTrainingSpec(specPath: string, host: SpecHost): TrainingModelInfo {
  const validation = validateSpecFile(specPath, host);
  const spec = validation.spec;
  if (spec?.kind !== 'training') {
    return {
      kind: 'spec',
      ref: specPath,
      name: withoutSpecSuffix(path.basename(specPath)),
      problem: 'not a training spec',
    };
  }
  const info: TrainingModelInfo = { kind: 'spec', ref: specPath, name: spec.name };
  if (spec.graph?.kind === 'path') info.graphPath = spec.graph.absolutePath;
  if (validation.taskType) info.taskType = validation.taskType;
  if (validation.query) info.temporal = isTemporalQuery(validation.query);
  if (!validation.taskType) {
    const error = validation.diagnostics.find((d) => d.severity === 'error');
    info.problem = error ? `its query has errors (${error.message})` : 'it has no query yet';
  }
  return info;
}

/** A local training job: its id and the folder whose `.relgraph/jobs/` holds its record. */
export interface LocalTrainingJob {
  id: string;
  workspace: string;
}

const JOB_ID = /^trainingjob-[A-Za-z0-9_-]{1,120}$/;

/**
 * A finished local training job: the task type its summary records, and whether its query has a time
 * window (from the query text in the summary, else the model artifact of jobs written before it had one).
 */
export function describeTrainingJob(job: LocalTrainingJob): TrainingModelInfo {
  const record = readRecord(job);
  const info: TrainingModelInfo = { kind: 'local-job', ref: job.id, name: record?.specName ?? job.id };
  const summary = record?.summary ?? {};
  const artifact =
    typeof summary.query === 'string' || !record ? undefined : readModelArtifactHead(job, record.artifactDir);
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
export function isUsableTrainingJob(job: LocalTrainingJob, host: SpecHost): boolean {
  return host.readTrainingJob?.(job.id, path.join(job.workspace, specFileName('probe', 'prediction'))) !== undefined;
}

/** The static diagnostics a spec text would get at `specPath`, without writing it. */
export function validateSpecText(specPath: string, text: string, host: SpecHost): SpecDiagnostic[] {
  const target = path.resolve(specPath);
  const withText: SpecHost = {
    readText: (file) => (path.resolve(file) === target ? text : host.readText(file)),
    exists: (file) => path.resolve(file) === target || host.exists(file),
    resolveSource: (pattern, limit) => host.resolveSource(pattern, limit),
    readTrainingJob: host.readTrainingJob?.bind(host),
    findReferrers: host.findReferrers?.bind(host),
  };
  return validateSpecFile(target, withText).diagnostics;
}

interface RecordFacts {
  specName?: string;
  summary: { task_type?: unknown; query?: unknown };
  artifactDir?: string;
}

/** The few fields of a job record the wizard reads, each checked: a record is untrusted input. */
function readRecord(job: LocalTrainingJob): RecordFacts | undefined {
  if (!JOB_ID.test(job.id)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path.join(job.workspace, RELGRAPH_DIR, 'jobs', `${job.id}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  const record = asRecord(value);
  if (!record || record.id !== job.id) return undefined;
  const spec = asRecord(record.spec);
  return {
    specName: typeof spec?.name === 'string' ? spec.name : undefined,
    summary: asRecord(record.summary) ?? {},
    artifactDir: typeof record.artifactDir === 'string' ? record.artifactDir : undefined,
  };
}

/** The two fields of a model artifact (`<job>/model.json`) that older job records lack. */
interface ModelArtifactHead {
  taskType?: TaskType;
  temporal?: boolean;
}

function readModelArtifactHead(job: LocalTrainingJob, artifactDir: string | undefined): ModelArtifactHead | undefined {
  // Only inside the job store: a record must not make the server read files elsewhere.
  if (!artifactDir || !isInside(path.resolve(artifactDir), path.join(job.workspace, RELGRAPH_DIR))) return undefined;
  try {
    const value = asRecord(JSON.parse(fs.readFileSync(path.join(artifactDir, 'model.json'), 'utf8')));
    if (value?.format !== 'relgraph-model') return undefined;
    return {
      taskType: typeof value.taskType === 'string' ? (value.taskType as TaskType) : undefined,
      temporal: typeof value.temporal === 'boolean' ? value.temporal : undefined,
    };
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
