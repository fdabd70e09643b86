/**
 * The IDs the jobs feature contributes in package.json. They are public: the e2e tests and users'
 * keybindings use them, so they never change (docs/editor.md, section "Jobs", lists them).
 */
export const JobsCommandIds = {
  refresh: 'relgraph.jobs.refresh',
  cancel: 'relgraph.jobs.cancel',
  showLogs: 'relgraph.jobs.showLogs',
  showDetails: 'relgraph.jobs.showDetails',
  openOutput: 'relgraph.jobs.openOutput',
  previewPredictions: 'relgraph.jobs.previewPredictions',
  rerun: 'relgraph.jobs.rerun',
  createPredictionSpec: 'relgraph.prediction.create',
} as const;

export const JOBS_VIEW_ID = 'relgraph.jobs';
export const JOBS_VIEW_CONTAINER_ID = 'relgraph';
/** Context key: true once the jobs were read (the welcome view waits for it, so "no jobs" never flashes). */
export const JOBS_LOADED_CONTEXT = 'relgraph.jobs.loaded';
/** The scheme of the read-only job documents (logs and details). */
export const JOB_DOCUMENT_SCHEME = 'relgraph-job';
