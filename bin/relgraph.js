#!/usr/bin/env node
// Runs the bundled CLI when it has been built (npm run build), else the TypeScript sources through tsx,
// so `npx relgraph` works from a fresh clone right after `npm ci`.
const path = require('node:path');
const fs = require('node:fs');
const bundled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(bundled) && !process.env.RELGRAPH_FROM_SOURCE) {
  require(bundled).main();
} else {
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'cli', 'main.ts')).main();
}
