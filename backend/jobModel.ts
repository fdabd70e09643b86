/**
 * The job model the surfaces use, from core/jobs: the client imports only `protocol/` and `backend/`, so
 * what it needs of the record types, statuses and job references comes through here.
 */
export type {
  JobArtifact,
  JobError,
  JobEvent,
  JobKind,
  JobProcess,
  JobProgress,
  JobRecord,
  JobSpecRef,
} from '../core/jobs/JobRecord';
export { JOB_STATUSES, isJobStatus, isSubmittedStatus, isTerminalStatus } from '../core/jobs/JobStatus';
export { KUMO_JOB_PREFIX, formatJobRef, parseJobRef, type BackendId, type JobRef } from '../core/jobs/JobRef';
export { isValidJobId } from '../core/jobs/jobIds';
