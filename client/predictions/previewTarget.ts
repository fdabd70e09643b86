import type { PreviewArtifact, PreviewJob, PreviewLocation } from '../../protocol/outputPreview';
import type { LoadedJob } from '../jobs/JobsLoader';

/** What `relgraph.predictions.openPreview` opens: a job's output, where it is, and what the job knows. */
export interface PreviewTarget {
  /** The spec name (local) or the query's name (Kumo), for the tab title. */
  title: string;
  artifact: PreviewArtifact;
  job: PreviewJob;
  location: PreviewLocation;
}

/** A command argument may come from anywhere (a keybinding, another extension): check its shape. */
export function parsePreviewTarget(value: unknown): PreviewTarget | undefined {
  const t = record(value);
  const job = record(t?.job);
  const location = record(t?.location);
  if (!t || !job || !location || typeof t.title !== 'string') return undefined;
  if (t.artifact !== 'predictions' && t.artifact !== 'embeddings') return undefined;
  if (typeof job.ref !== 'string' || typeof job.workspace !== 'string') return undefined;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  let where: PreviewLocation;
  if (location.kind === 'files' && typeof location.path === 'string' && strings(location.files)) {
    if (location.format !== 'csv' && location.format !== 'parquet' && location.format !== 'json') return undefined;
    where = { kind: 'files', format: location.format, path: location.path, files: location.files };
  } else if (location.kind === 'presigned-urls' && strings(location.urls)) {
    where = { kind: 'presigned-urls', format: 'parquet', urls: location.urls };
  } else return undefined;
  return {
    title: t.title,
    artifact: t.artifact,
    job: {
      ref: job.ref,
      workspace: job.workspace,
      ...(typeof job.specPath === 'string' ? { specPath: job.specPath } : {}),
      ...(typeof job.threshold === 'number' ? { threshold: job.threshold } : {}),
      ...(typeof job.trainingJobId === 'string' ? { trainingJobId: job.trainingJobId } : {}),
    },
    location: where,
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The preview target of a local job's output, from its record (undefined when it wrote none). */
export function previewTargetOf(job: LoadedJob, outputType: PreviewArtifact): PreviewTarget | undefined {
  const artifact = job.record.artifacts.find((a) => a.type === outputType);
  if (!artifact || artifact.files.length === 0) return undefined;
  const summary = job.record.summary ?? {};
  const binary = summary.binary as { threshold?: unknown } | undefined;
  const format = artifact.format ?? (/\.csv$/i.test(artifact.files[0]) ? 'csv' : 'parquet');
  return {
    title: job.record.spec.name,
    artifact: outputType,
    job: {
      ref: job.record.id,
      workspace: job.workspace,
      specPath: job.record.spec.path,
      ...(typeof binary?.threshold === 'number' ? { threshold: binary.threshold } : {}),
      ...(typeof summary.training_job_id === 'string' ? { trainingJobId: summary.training_job_id } : {}),
    },
    location: { kind: 'files', format, path: artifact.path, files: artifact.files },
  };
}
