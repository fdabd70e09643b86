import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import type { SpecHost } from '../host/SpecHost';
import type { TrainingJobRef } from '../spec/SpecModel';
import { diagnostic } from './diagnosticFactory';

/**
 * `training_job: <file>.training.yaml` whose spec has no finished local training job: the prediction would fail
 * at once, so say so while the spec is written (information: writing the prediction spec before training is
 * normal). The host reads the job store of the training spec's project; where there is none (a host without
 * job stores, a checkout that never ran a job) nothing is said.
 */
export function checkModelTrained(
  ref: Extract<TrainingJobRef, { kind: 'spec' }>,
  host: SpecHost,
): SpecDiagnostic | undefined {
  const status = host.trainingStatusOf?.(ref.absolutePath);
  if (!status || status.trained) return undefined;
  const active = status.activeJob;
  const message = active
    ? `'${ref.ref.value}' has no trained model yet: its training job ${active.id} is ${active.status}. Batch predictions can run once it is DONE.`
    : `'${ref.ref.value}' has no finished training job in this project, so there is no model to predict with yet: train it first ('relgraph train ${ref.ref.value}').`;
  return diagnostic('model-not-trained', message, ref.ref.range, {
    data: { trainingSpec: ref.absolutePath, ...(active ? { activeJob: active.id } : {}) },
  });
}
