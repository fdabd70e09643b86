import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A local job record as the job store writes it (the format in docs/engine.md), with its log, in
 * `<workspace>/.relgraph/jobs/`: a DONE job of the kind its id names, unless `overrides` say otherwise.
 */
export function writeLocalJobRecord(workspace: string, id: string, overrides: Record<string, unknown> = {}): void {
  const jobs = path.join(workspace, '.relgraph', 'jobs');
  fs.mkdirSync(path.join(jobs, id), { recursive: true });
  const record = {
    formatVersion: 1,
    id,
    kind: id.startsWith('bp-job') ? 'batch_prediction' : 'training',
    status: 'DONE',
    createdAt: id.startsWith('bp-job') ? '2024-01-31T14:25:01.120Z' : '2024-01-30T10:00:00.000Z',
    updatedAt: '2024-01-31T14:25:04.310Z',
    spec: { path: path.join(workspace, 'x.prediction.yaml'), name: 'x', sha256: '' },
    eventLog: [],
    artifacts: [],
    logPath: path.join(jobs, `${id}.log`),
    artifactDir: path.join(jobs, id),
    tags: {},
    ...overrides,
  };
  fs.writeFileSync(path.join(jobs, `${id}.json`), JSON.stringify(record));
  fs.writeFileSync(path.join(jobs, `${id}.log`), `2024-01-31T14:25:01.120Z job ${id} created\n`);
}
