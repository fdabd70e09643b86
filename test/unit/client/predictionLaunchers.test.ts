import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobBackend } from '../../../backend/JobBackend';
import { LocalJobBackend } from '../../../backend/local/LocalJobBackend';
import { enginePredictionLauncher } from '../../../cli/enginePredictionLauncher';
import { CliPredictionLauncher } from '../../../client/jobs/CliPredictionLauncher';
import { isTerminalStatus } from '../../../core/jobs/JobStatus';
import { ShopWorkspace } from '../prediction/shopFixture';

/**
 * JobBackend.launchPrediction on the local backend, with each surface's injected launcher: the CLI's runs
 * the engine in its own process, the editor's spawns `relgraph predict` (the extension host never loads
 * the engine). Both answer once the job exists; a spec with errors is refused with its diagnostics.
 */
const REPO = path.resolve(__dirname, '../../..');
let ws: ShopWorkspace;

before(async () => {
  ws = ShopWorkspace.create();
  await ws.train('binary');
  ws.predictionSpec('ok', [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'destination: { type: local, path: out/ok.csv }',
  ]);
  ws.predictionSpec('bad', ['training_job: binary.training.yaml', 'anchor_time: 2023-06-01']);
});
after(() => ws.remove());

async function untilEnded(backend: JobBackend, id: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const job = await backend.get(id);
    if (isTerminalStatus(job.status)) return job.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${id} did not end`);
}

for (const [surface, launcher] of [
  ['CLI (engine in process)', enginePredictionLauncher()],
  [
    'editor (relgraph predict child)',
    new CliPredictionLauncher({
      cliPath: path.join(REPO, 'bin', 'relgraph.js'),
      nodePath: () => process.execPath,
      env: { RELGRAPH_FROM_SOURCE: '1' },
    }),
  ],
] as const) {
  describe(`launchPrediction through the ${surface} launcher`, () => {
    const backend = new LocalJobBackend({ workspaces: () => [ws.dir], launcher });

    it('answers with the new local job, which then runs to DONE', async () => {
      const outcome = await backend.launchPrediction({ specPath: ws.path('ok.prediction.yaml') });
      assert.ok(outcome.accepted, JSON.stringify(outcome));
      assert.equal(outcome.ref.backend, 'local');
      assert.match(outcome.ref.id, /^bp-job-/);
      assert.equal(await untilEnded(backend, outcome.ref.id), 'DONE');
      const [output] = await backend.outputs(outcome.ref.id, 'predictions');
      assert.equal(output.location.kind, 'files');
      assert.equal(output.rows, 203);
    });

    it('refuses a spec with errors, with its diagnostics, creating no job', async () => {
      const before = (await backend.list()).jobs.length;
      const outcome = await backend.launchPrediction({ specPath: ws.path('bad.prediction.yaml') });
      assert.equal(outcome.accepted, false);
      assert.ok(!outcome.accepted && outcome.validation.errors.some((e) => e.title === 'threshold-required'));
      assert.equal((await backend.list()).jobs.length, before);
    });
  });
}
