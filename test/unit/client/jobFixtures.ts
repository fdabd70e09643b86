import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { LocalJobBackend } from '../../../backend/local/LocalJobBackend';
import { JobsLoader, type LoadedJob } from '../../../client/jobs/JobsLoader';

/** Job records as the engine writes them (docs/engine.md), for the client's pure-logic tests. */
export function jobRecord(overrides: Partial<JobRecord> = {}): JobRecord {
  const id = overrides.id ?? 'bp-job-20240131-142501-3fa9c2';
  return {
    formatVersion: 1,
    id,
    kind: id.startsWith('trainingjob') ? 'training' : 'batch_prediction',
    status: 'DONE',
    createdAt: '2024-01-31T14:25:01.120Z',
    updatedAt: '2024-01-31T14:25:04.310Z',
    startedAt: '2024-01-31T14:25:01.130Z',
    endedAt: '2024-01-31T14:25:04.310Z',
    spec: { path: '/p/examples/f1/driver-dnf-2010.prediction.yaml', name: 'driver-dnf-2010', sha256: '' },
    eventLog: [
      { stage: 'Validating', at: '2024-01-31T14:25:01.131Z' },
      { stage: 'Selecting rows', at: '2024-01-31T14:25:01.400Z', detail: 'anchor 2010-01-01T00:00:00' },
      { stage: 'Predicting', at: '2024-01-31T14:25:01.700Z', detail: '2 workers' },
      { stage: 'Writing outputs', at: '2024-01-31T14:25:03.900Z' },
    ],
    artifacts: [],
    logPath: `/p/examples/f1/.relgraph/jobs/${id}.log`,
    artifactDir: `/p/examples/f1/.relgraph/jobs/${id}`,
    tags: {},
    ...overrides,
  };
}

export function loadedJob(overrides: Partial<JobRecord> = {}, cancelRequested = false): LoadedJob {
  const record = jobRecord(overrides);
  return {
    record,
    workspace: '/p/examples/f1',
    file: `/p/examples/f1/.relgraph/jobs/${record.id}.json`,
    cancelRequested,
  };
}

/** A running record: no end, the last stage current, progress part-way. */
export function runningRecord(overrides: Partial<JobRecord> = {}): Partial<JobRecord> {
  return {
    status: 'RUNNING',
    endedAt: undefined,
    updatedAt: '2024-01-31T14:25:02.000Z',
    eventLog: [
      { stage: 'Validating', at: '2024-01-31T14:25:01.131Z' },
      { stage: 'Predicting', at: '2024-01-31T14:25:01.700Z', detail: '2 workers' },
    ],
    progress: { completed: 3, total: 8 },
    ...overrides,
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `relgraph-client-${prefix}-`));
}

/** The repository's F1 example folder (specs and data; tests only read it). */
export const F1_DIR = path.resolve(__dirname, '../../../examples/f1');

/** The Jobs view's loader as the editor builds it: over a read-only LocalJobBackend of these stores. */
export function jobsLoader(workspaces: readonly string[]): JobsLoader {
  return new JobsLoader(new LocalJobBackend({ workspaces: () => workspaces, readOnly: true }));
}
