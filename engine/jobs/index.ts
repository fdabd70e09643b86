/** The job store: records, statuses, logs and cancellation of training and batch-prediction jobs. */
export * from '../../core/jobs/JobRecord';
export * from '../../core/jobs/JobStatus';
export * from './JobStore';
export * from './jobIds';
export * from './runJob';
export * from './workspace';
export { jobProcessState, currentJobProcess } from './processLiveness';
export { writeFileAtomic, temporarySibling } from './atomicFile';
