/**
 * Job statuses, with Kumo's names and meanings (kumoapi.common.JobStatus), so a local job reads like
 * a Kumo job to anyone who knows the SDK and the VS Code client can share one status vocabulary.
 */
export const JOB_STATUSES = ['NOT_STARTED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const TERMINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(['DONE', 'FAILED', 'CANCELLED']);
const SUBMITTED: ReadonlySet<JobStatus> = new Set<JobStatus>(['QUEUED', 'RUNNING']);

/** DONE, FAILED and CANCELLED: the job will never change again. */
export function isTerminalStatus(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** QUEUED and RUNNING: a process owns the job right now. */
export function isSubmittedStatus(status: JobStatus): boolean {
  return SUBMITTED.has(status);
}

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}
