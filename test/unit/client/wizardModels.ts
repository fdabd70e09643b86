import * as models from '../../../server/features/custom/trainingModels';
import { NodeSpecHost } from '../../../data/NodeSpecHost';

/** A job as the Jobs view knows it: enough to name it to the server (its id and its store's folder). */
interface JobLike {
  record: { id: string };
  workspace: string;
}

/**
 * The language server's answers to the "New prediction spec" wizard (server/features/custom/trainingModels),
 * on the host `relgraph validate` uses, with the Jobs view's jobs as arguments.
 */
export function wizardModels(host = new NodeSpecHost()) {
  const jobOf = (job: JobLike) => ({ id: job.record.id, workspace: job.workspace });
  return {
    describeTrainingSpec: (file: string) => models.describeTrainingSpec(file, host),
    describeTrainingJob: (job: JobLike) => models.describeTrainingJob(jobOf(job)),
    isUsableTrainingJob: (job: JobLike) => models.isUsableTrainingJob(jobOf(job), host),
    validateSpecText: (file: string, text: string) => models.validateSpecText(file, text, host),
  };
}
