import { KumoJobTreeNode } from './KumoJobsView';

/** Kumo job ids as Relgraph accepts them in `kumo:<id>` (safe in a file name and a URL path segment). */
const KUMO_MODEL = /^kumo:([A-Za-z0-9][A-Za-z0-9._-]{0,127})$/;

/**
 * The Kumo training job a command's argument names: a training job's row in the Kumo view, or `kumo:<id>` (a
 * prediction spec's `training_job`, the scaffold's continuation into the wizard). Undefined for anything else.
 */
export function kumoTrainingJobId(arg: unknown): string | undefined {
  if (arg instanceof KumoJobTreeNode) return arg.job.kind === 'training' ? arg.job.ref.id : undefined;
  return typeof arg === 'string' ? KUMO_MODEL.exec(arg)?.[1] : undefined;
}
