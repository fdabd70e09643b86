import type { JobRef } from '../jobs/JobRef';
import type { Spec, TrainingJobRef } from '../spec/SpecModel';

/** What a prediction spec's `training_job:` names: a training spec file, or a job of a backend. */
export type TrainingLink = { kind: 'spec'; path: string } | { kind: 'job'; ref: JobRef };

/** How one spec file points at others: a training spec at its graph, a prediction spec at its graph and model. */
export interface SpecLinks {
  /** The graph file named by `graph:` (absolute), when the graph is not inline. */
  graphPath?: string;
  training?: TrainingLink;
}

export function linksOfSpec(spec: Spec | undefined): SpecLinks {
  if (!spec || spec.kind === 'graph') return {};
  const links: SpecLinks = {};
  if (spec.graph?.kind === 'path') links.graphPath = spec.graph.absolutePath;
  if (spec.kind === 'prediction' && spec.trainingJob) links.training = trainingLinkOf(spec.trainingJob);
  return links;
}

export function trainingLinkOf(ref: TrainingJobRef): TrainingLink {
  if (ref.kind === 'spec') return { kind: 'spec', path: ref.absolutePath };
  return { kind: 'job', ref: { backend: ref.kind === 'kumo' ? 'kumo' : 'local', id: ref.jobId } };
}
