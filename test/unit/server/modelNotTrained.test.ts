import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { trainingStatusOfSpec } from '../../../data/jobs/trainingStatusOfSpec';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { codes, LspTestClient } from './lspTestClient';
import { SHOP_FILES } from './shopWorkspace';

/** A job record as the engine writes it (the fields the check reads), replaced by rename like the engine does. */
function writeTrainingRecord(root: string, id: string, specPath: string, status: string, createdAt: string): void {
  const jobs = path.join(root, '.relgraph', 'jobs');
  fs.mkdirSync(jobs, { recursive: true });
  const record = { formatVersion: 1, id, kind: 'training', status, createdAt, spec: { path: specPath, name: 'churn' } };
  const temporary = path.join(jobs, `.${id}.tmp`);
  fs.writeFileSync(temporary, JSON.stringify(record));
  fs.renameSync(temporary, path.join(jobs, `${id}.json`));
}

describe('model-not-trained', () => {
  describe('the job store check (data/jobs/trainingStatusOfSpec) and the rule', () => {
    let root: string;
    let trainingSpec: string;
    let predictionSpec: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-untrained-'));
      for (const [name, text] of Object.entries(SHOP_FILES)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
      }
      trainingSpec = path.join(root, 'churn.training.yaml');
      predictionSpec = path.join(root, 'churn.prediction.yaml');
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    const diagnosticsOf = () =>
      validateSpecFile(predictionSpec, new NodeSpecHost()).diagnostics.filter((d) => d.code === 'model-not-trained');

    it('says nothing in a project without a job store (a fresh clone, CI)', () => {
      assert.equal(trainingStatusOfSpec(trainingSpec), undefined);
      assert.deepEqual(diagnosticsOf(), []);
    });

    it('reports a training spec without a DONE job on the training_job value, with the spec for "Train now"', () => {
      writeTrainingRecord(root, 'trainingjob-20260101-000000-aaaaaa', trainingSpec, 'FAILED', '2026-01-01T00:00:00Z');
      // Another spec's DONE job does not count.
      writeTrainingRecord(root, 'trainingjob-20260101-000001-bbbbbb', '/x/other.training.yaml', 'DONE', '2026-01-01');
      const [diagnostic, ...rest] = diagnosticsOf();
      assert.deepEqual(rest, []);
      assert.equal(diagnostic.severity, 'information');
      assert.deepEqual(diagnostic.data, { trainingSpec });
      assert.match(diagnostic.message, /'churn\.training\.yaml' has no finished training job in this project/);
      assert.match(diagnostic.message, /relgraph train churn\.training\.yaml/);
      const line = fs.readFileSync(predictionSpec, 'utf8').split('\n')[diagnostic.range.start.line];
      assert.equal(line.slice(diagnostic.range.start.character, diagnostic.range.end.character), 'churn.training.yaml');
    });

    it('names a training job that is still running', () => {
      writeTrainingRecord(root, 'trainingjob-20260102-000000-cccccc', trainingSpec, 'RUNNING', '2026-01-02T00:00:00Z');
      const [diagnostic] = diagnosticsOf();
      assert.deepEqual(diagnostic.data, { trainingSpec, activeJob: 'trainingjob-20260102-000000-cccccc' });
      assert.match(diagnostic.message, /trainingjob-20260102-000000-cccccc is RUNNING/);
    });

    it('skips records that are not well-formed training records of this store', () => {
      const jobs = path.join(root, '.relgraph', 'jobs');
      fs.writeFileSync(path.join(jobs, 'trainingjob-20260103-000000-torn00.json'), '{"id": "trainingjob-2026');
      const wrongId = { id: 'trainingjob-other', kind: 'training', status: 'DONE', spec: { path: trainingSpec } };
      fs.writeFileSync(path.join(jobs, 'trainingjob-20260103-000000-dddddd.json'), JSON.stringify(wrongId));
      const relative = { ...wrongId, id: 'trainingjob-20260103-000000-eeeeee', spec: { path: 'churn.training.yaml' } };
      fs.writeFileSync(path.join(jobs, 'trainingjob-20260103-000000-eeeeee.json'), JSON.stringify(relative));
      const badStatus = { ...wrongId, id: 'trainingjob-20260103-000000-ffffff', status: 'FINISHED' };
      fs.writeFileSync(path.join(jobs, 'trainingjob-20260103-000000-ffffff.json'), JSON.stringify(badStatus));
      assert.equal(trainingStatusOfSpec(trainingSpec)?.trained, false);
      assert.equal(diagnosticsOf().length, 1);
    });

    it('goes once a training job of the spec is DONE (the store is read again when it changes)', () => {
      writeTrainingRecord(root, 'trainingjob-20260102-000000-cccccc', trainingSpec, 'DONE', '2026-01-02T00:00:00Z');
      assert.deepEqual(trainingStatusOfSpec(trainingSpec), { trained: true });
      assert.deepEqual(diagnosticsOf(), []);
    });
  });

  describe('in the language server', () => {
    let client: LspTestClient;
    before(async () => {
      client = await LspTestClient.start({
        files: SHOP_FILES,
        settings: { dataChecks: { enabled: false } },
        initializationOptions: { clientCommands: ['relgraph.training.run'] },
      });
    });
    after(() => client.dispose());

    const actionsFor = (uri: string, diagnostics: Diagnostic[]) =>
      client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostics[0].range,
        context: { diagnostics },
      });

    it('offers "Train now", which runs the training spec, and clears when the job record says DONE', async () => {
      const trainingSpec = client.path('churn.training.yaml');
      writeTrainingRecord(client.root, 'trainingjob-20260101-000000-aaaaaa', trainingSpec, 'RUNNING', '2026-01-01');
      const uri = client.open('churn.prediction.yaml');
      const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('model-not-trained'));
      const untrained = diagnostics.filter((d) => d.code === 'model-not-trained');
      const [train] = (await actionsFor(uri, untrained)).filter((a) => a.title.startsWith('Train now'));
      assert.equal(train.title, 'Train now (churn.training.yaml)');
      assert.deepEqual(train.command, {
        title: 'Train now',
        command: 'relgraph.training.run',
        arguments: [client.uri('churn.training.yaml')],
      });
      // The job finishes: its record changes, and the file watcher's event re-validates the prediction spec.
      writeTrainingRecord(client.root, 'trainingjob-20260101-000000-aaaaaa', trainingSpec, 'DONE', '2026-01-01');
      client.fileChanged('.relgraph/jobs/trainingjob-20260101-000000-aaaaaa.json');
      await client.waitForDiagnostics(uri, (d) => !codes(d).includes('model-not-trained'));
    });
  });
});
