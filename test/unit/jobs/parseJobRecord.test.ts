import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { parseJobRecord } from '../../../core/jobs/parseJobRecord';

/** The one record parser (core/jobs), against records a repository could ship. */
const JOBS = '/w/.relgraph/jobs';
const ID = 'bp-job-20240131-142501-3fa9c2';
const FILE = `${JOBS}/${ID}.json`;

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: JobRecord = {
    formatVersion: 1,
    id: ID,
    kind: 'batch_prediction',
    status: 'RUNNING',
    createdAt: '2024-01-31T14:25:01.120Z',
    updatedAt: '2024-01-31T14:25:04.310Z',
    spec: { path: '/w/dnf.prediction.yaml', name: 'dnf', sha256: '' },
    eventLog: [{ stage: 'Predicting', at: '2024-01-31T14:25:02.000Z' }],
    artifacts: [],
    outputPaths: ['/w/out/dnf_predictions.csv'],
    scratchPaths: [`${JOBS}/${ID}/work`, '/w/out/.dnf_predictions.csv.tmp-12-0badcafe'],
    process: { pid: 4242, hostname: 'h', startToken: 'boot:1' },
    logPath: `${JOBS}/${ID}.log`,
    artifactDir: `${JOBS}/${ID}`,
    tags: {},
  };
  return { ...base, ...overrides };
}

function reason(value: unknown, file = FILE): string {
  const parsed = parseJobRecord(typeof value === 'string' ? value : JSON.stringify(value), file);
  assert.equal(parsed.ok, false, `should be refused: ${JSON.stringify(value).slice(0, 200)}`);
  return parsed.ok ? '' : parsed.reason;
}

describe('parseJobRecord', () => {
  it('accepts a record as the engine writes it, with the store’s own log and job folder', () => {
    const parsed = parseJobRecord(JSON.stringify(record({ logPath: '/moved/x.log', artifactDir: '/moved/x' })), FILE);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.equal(parsed.record.logPath, `${JOBS}/${ID}.log`, 'never the path the file claims');
    assert.equal(parsed.record.artifactDir, `${JOBS}/${ID}`);
    assert.deepEqual(parsed.record.scratchPaths, record().scratchPaths);
  });

  it('drops unknown fields (a newer writer of the same version may add some)', () => {
    const parsed = parseJobRecord(JSON.stringify(record({ futureField: { x: 1 } })), FILE);
    assert.ok(parsed.ok);
    assert.equal((parsed.record as unknown as Record<string, unknown>).futureField, undefined);
  });

  it('refuses scratch paths outside the job folder and its outputs’ temporary names (issue #8 item 1)', () => {
    for (const scratch of [
      '/any/folder',
      '/w',
      `${JOBS}/${ID}`, // the job folder itself: only what is inside it
      `${JOBS}/bp-job-other/work`, // another job's folder
      `${JOBS}/${ID}/../../../victim`, // not normalised
      'relative/path',
      '/w/out/dnf_predictions.csv', // the output itself, not a temporary name of it
      '/w/out/.dnf_predictions.csv.tmp-12-0badcafe/../../victim',
      '/w/out/.other.csv.tmp-12-0badcafe', // a temporary name of something that is not its output
      '/w/.dnf_predictions.csv.tmp-12-0badcafe', // right name, other folder
    ]) {
      assert.match(
        reason(record({ scratchPaths: [scratch] })),
        /scratchPaths\[0\]|not an absolute, normalised path/,
        scratch,
      );
    }
  });

  it('refuses artifact paths outside the job folder and its outputs', () => {
    assert.match(
      reason(record({ artifacts: [{ type: 'predictions', path: '/etc', files: ['/etc/passwd'] }] })),
      /artifacts\[0\]\.path.*neither in the job's folder nor one of its outputPaths/,
    );
    assert.match(
      reason(
        record({
          artifacts: [{ type: 'predictions', path: '/w/out/dnf_predictions.csv', files: ['/etc/passwd'] }],
        }),
      ),
      /artifacts\[0\]\.files.*not part of/,
    );
  });

  it('refuses a commit journal naming anything but the outputs and their temporary names', () => {
    const journal = (rename: object) =>
      record({ commit: { startedAt: '2024-01-31T14:25:03.000Z', renames: [rename] } });
    assert.match(
      reason(journal({ path: '/home/victim/thesis.pdf', staged: '/home/victim/.thesis.pdf.tmp-1-0badcafe' })),
      /not one of the job's outputPaths/,
    );
    assert.match(
      reason(journal({ path: '/w/out/dnf_predictions.csv', staged: '/home/victim' })),
      /not a temporary name of/,
    );
    const ok = parseJobRecord(
      JSON.stringify(
        journal({
          path: '/w/out/dnf_predictions.csv',
          staged: '/w/out/.dnf_predictions.csv.tmp-1-0badcafe',
          previous: '/w/out/.dnf_predictions.csv.old-1-0badcafe',
        }),
      ),
      FILE,
    );
    assert.ok(ok.ok);
  });

  it('says which field is wrong for wrong types and missing fields (issue #8 item 7)', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [record({ createdAt: 5 }), /'createdAt' is not text/],
      [record({ createdAt: 'yesterday' }), /'createdAt' "yesterday" is not an ISO-8601 UTC time/],
      [record({ createdAt: undefined }), /no 'createdAt'/],
      [record({ status: 'PAUSED' }), /'status' "PAUSED" is not a job status/],
      [record({ kind: 'export' }), /'kind' "export" is not one of training, batch_prediction/],
      [record({ spec: 'x' }), /'spec' is not an object/],
      [record({ spec: { path: 'rel.yaml', name: 'x', sha256: '' } }), /'spec\.path' "rel\.yaml" is not an absolute/],
      [record({ eventLog: {} }), /'eventLog' is not a list/],
      [record({ eventLog: [{ stage: 1, at: 'x' }] }), /'eventLog\[0\]\.stage' is not text/],
      [record({ artifacts: undefined }), /no 'artifacts'/],
      [record({ progress: { completed: -1, total: 3 } }), /'progress\.completed' -1 is not a whole number/],
      [record({ process: { pid: '12', hostname: 'h' } }), /'process\.pid' "12" is not an integer/],
      [record({ process: { pid: 1.5, hostname: 'h' } }), /'process\.pid' 1\.5 is not an integer/],
      [record({ tags: { a: 1 } }), /'tags\.a' is not text/],
      [record({ summary: [1] }), /'summary' is not an object/],
      [record({ error: { message: 3 } }), /'error\.message' is not text/],
      [record({ id: '../../etc' }), /'id' "\.\.\/\.\.\/etc" is not a job id/],
      [record({ id: 'bp-job-other' }), /holds job 'bp-job-other', not/],
    ];
    for (const [value, expected] of cases) assert.match(reason(value), expected);
  });

  it('refuses other format versions, non-JSON, non-objects and deep nesting', () => {
    assert.match(reason(record({ formatVersion: 2 })), /record format version 2: this Relgraph reads version 1/);
    assert.match(reason(record({ formatVersion: undefined })), /no 'formatVersion'/);
    assert.match(reason('{ not json'), /not valid JSON/);
    assert.match(reason('\u0000\u0001binary'), /not valid JSON/);
    assert.match(reason('[1, 2]'), /'the record' is not an object/);
    assert.match(reason('null'), /'the record' is not an object/);
    // Built as text: a summary nested 100,000 deep overflows JSON.stringify in whoever prints it.
    const deep = '{"n":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const text = JSON.stringify(record({ summary: 'DEEP' })).replace('"DEEP"', deep);
    assert.match(reason(text), /nested more than 24 levels/);
  });

  it('accepts pids Relgraph would never signal (they are judged when signalling, not parsing)', () => {
    for (const pid of [-1, 0, 1])
      assert.ok(parseJobRecord(JSON.stringify(record({ process: { pid, hostname: 'h' } })), FILE).ok);
  });

  it('refuses a file not named like a record, and a record under another job’s name', () => {
    assert.match(reason(record(), `${JOBS}/notes.json`), /not named like a job record/);
    assert.match(reason(record(), `${JOBS}/bp-job-x.json`), /holds job .* not 'bp-job-x'/);
  });
});
