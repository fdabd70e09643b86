// node test/e2e/lib/prepareJobsWorkspace.mjs <workspace>: the shop project of jobsWorkspace.mjs in <workspace>/shop,
// trained and predicted with the real CLI (run.sh calls it for the workspace of the Jobs UI test).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREDICTION_NAME, SHOP_FOLDER, TRAINING_NAME, prepareJobsWorkspace } from './jobsWorkspace.mjs';

const workspace = process.argv[2];
if (!workspace) throw new Error('usage: node test/e2e/lib/prepareJobsWorkspace.mjs <workspace>');
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const t0 = Date.now();
await prepareJobsWorkspace(path.resolve(workspace), repo);
const seconds = ((Date.now() - t0) / 1000).toFixed(1);
console.log(
  `jobs workspace: ${TRAINING_NAME} trained, ${PREDICTION_NAME} predicted in ${workspace}/${SHOP_FOLDER} (${seconds} s)`,
);
