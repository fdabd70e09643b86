import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readTrainingJobMetadata } from '../../../data/jobs/readTrainingJobMetadata';

describe('readTrainingJobMetadata', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-jobmeta-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const jobs = path.join(root, '.relgraph', 'jobs');
  fs.mkdirSync(jobs, { recursive: true });
  fs.mkdirSync(path.join(root, 'specs', 'deep'), { recursive: true });
  const graph = {
    jobId: 'ignored',
    query: 'PREDICT drivers.nationality FOR EACH drivers.driverId',
    taskType: 'multiclass_classification',
    tables: [{ name: 'drivers', primaryKey: 'driverId', columns: [{ name: 'driverId', dtype: 'int64', stype: 'ID' }] }],
    edges: [],
  };
  // Whole records, as the engine writes them (the one record parser refuses partial ones).
  const write = (id: string, record: object) =>
    fs.writeFileSync(
      path.join(jobs, `${id}.json`),
      JSON.stringify({
        formatVersion: 1,
        id,
        kind: 'training',
        createdAt: '2024-01-01T00:00:00.000Z',
        updatedAt: '2024-01-01T00:00:00.000Z',
        spec: { path: '/a/x.training.yaml', name: 'x', sha256: '' },
        eventLog: [],
        artifacts: [],
        logPath: path.join(jobs, `${id}.log`),
        artifactDir: path.join(jobs, id),
        tags: {},
        ...record,
      }),
    );
  write('trainingjob-done', { status: 'DONE', summary: { training_graph: graph } });
  write('trainingjob-running', { status: 'RUNNING' });
  // A record whose summary is not the engine's shape reads as unknown, not as a crash of validation.
  write('trainingjob-bad-graph', { status: 'DONE', summary: { training_graph: { tables: [{ name: 7 }] } } });
  fs.writeFileSync(path.join(jobs, 'trainingjob-corrupt.json'), '{"kind": "train');

  it('reads a finished job from the nearest workspace above the spec', () => {
    const metadata = readTrainingJobMetadata('trainingjob-done', path.join(root, 'specs', 'deep', 'p.prediction.yaml'));
    assert.equal(metadata?.jobId, 'trainingjob-done');
    assert.equal(metadata?.specPath, '/a/x.training.yaml');
    assert.equal(metadata?.tables[0].name, 'drivers');
  });

  it('treats unfinished, corrupt, missing and malformed ids as unknown', () => {
    const spec = path.join(root, 'p.prediction.yaml');
    assert.equal(readTrainingJobMetadata('trainingjob-running', spec), undefined);
    assert.equal(readTrainingJobMetadata('trainingjob-corrupt', spec), undefined);
    assert.equal(readTrainingJobMetadata('trainingjob-bad-graph', spec), undefined);
    assert.equal(readTrainingJobMetadata('trainingjob-nope', spec), undefined);
    assert.equal(readTrainingJobMetadata('../../etc/passwd', spec), undefined);
  });
});
