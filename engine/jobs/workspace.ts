// The workspace rule lives in data/ so that the language server and `relgraph validate` can find job
// records without importing the engine.
export { findWorkspace, RELGRAPH_DIR } from '../../data/jobs/jobWorkspace';
