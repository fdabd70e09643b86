// Worker entry when Relgraph runs from its TypeScript sources (tests, `RELGRAPH_FROM_SOURCE`, tsx): worker
// threads do not inherit the parent's require hooks, so register tsx here before loading the worker.
// The bundled build uses dist/engine/predictionWorker.js instead (see esbuild.mjs).
require('tsx/cjs');
module.exports = require('./predictionWorker.ts');
