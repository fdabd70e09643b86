import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jobsLoader } from '../client/jobFixtures';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { filesUnder, leftovers, relgraph, spawnPredict } from './predictProcess';
import { ShopWorkspace } from './shopFixture';

/**
 * Issue #8 items 5 and 12: `kill -9` of a real `relgraph predict` at every stage it prints, then an on-disk
 * check: no half output at a final name, the earlier outputs intact (or the new ones complete, with the
 * record DONE), no temporary files or locks left once the job is settled, and a record that says exactly
 * what is on disk. The commit itself (several renames) is hit at every point with the engine's fault
 * injection (RELGRAPH_TEST_KILL_AFTER_RENAMES), since a kill from outside cannot be timed to land there.
 */
let ws: ShopWorkspace;
const OUT = () => ws.path('out');
/** Two outputs, single CSV files: each commit renames marker, file, marker, file. */
const FINALS = ['k_predictions.csv', 'k_embeddings.csv'];

before(async () => {
  ws = ShopWorkspace.create();
  await ws.train('binary');
  ws.predictionSpec('k', [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'output_types: [predictions, embeddings]',
    'destination: { type: local, path: out/k.csv }',
    'num_workers: 2',
  ]);
});
after(() => ws.remove());

interface Snapshot {
  bytes: Map<string, Buffer>;
  markers: Map<string, string>;
}

function snapshot(): Snapshot {
  const bytes = new Map<string, Buffer>();
  const markers = new Map<string, string>();
  for (const name of FINALS) {
    const file = path.join(OUT(), name);
    if (fs.existsSync(file)) bytes.set(name, fs.readFileSync(file));
    const marker = path.join(OUT(), `.${name}.relgraph-output.json`);
    if (fs.existsSync(marker)) markers.set(name, JSON.parse(fs.readFileSync(marker, 'utf8')).jobId);
  }
  return { bytes, markers };
}

async function settled(id: string): Promise<JobRecord> {
  // `jobs show` is a CLI reader: it settles a dead job (undoing an interrupted commit) before answering.
  const show = await relgraph(ws.dir, ['jobs', 'show', id, '--json']);
  assert.equal(show.code, 0, show.stderr);
  return JSON.parse(show.stdout) as JobRecord;
}

/** The on-disk promise: outputs all from the old job, or all from the new one with the record DONE. */
function assertCommittedTogether(old: Snapshot, record: JobRecord): void {
  const now = snapshot();
  if (record.status === 'DONE') {
    for (const name of FINALS) {
      assert.equal(now.markers.get(name), record.id, `${name}: the DONE job's output`);
      const artifact = record.artifacts.find((a) => a.path === path.join(OUT(), name))!;
      const lines = fs.readFileSync(path.join(OUT(), name), 'utf8').trimEnd().split('\n').length;
      assert.equal(lines - 1, artifact.rows, `${name}: complete`);
    }
  } else {
    for (const name of FINALS) {
      assert.deepEqual(now.bytes.get(name), old.bytes.get(name), `${name}: the earlier output, byte for byte`);
      assert.equal(now.markers.get(name), old.markers.get(name), `${name}: its marker names the earlier job`);
    }
  }
  assert.deepEqual(leftovers(filesUnder(OUT())), [], 'no temporary files or locks at the destination');
  assert.deepEqual(record.scratchPaths ?? [], []);
  assert.equal(record.commit, undefined);
}

describe('kill -9 of relgraph predict at every stage', () => {
  let old: Snapshot;

  it('a first run writes both outputs with markers (the earlier outputs of the kills below)', async () => {
    const first = spawnPredict(ws.dir, 'k.prediction.yaml');
    assert.equal(await first.exited, 0, first.stderr());
    old = snapshot();
    assert.deepEqual([...old.bytes.keys()], FINALS);
    assert.equal(old.markers.get(FINALS[0]), first.jobId());
  });

  for (const stage of ['Loading model', 'Loading tables', 'Selecting rows', 'Predicting', 'Writing outputs']) {
    it(`killed at '${stage}': earlier outputs intact or new ones complete, the record true`, async () => {
      const run = spawnPredict(ws.dir, 'k.prediction.yaml');
      await run.stage(stage);
      run.child.kill('SIGKILL');
      assert.equal(await run.exited, 'SIGKILL');
      const id = run.jobId()!;
      // Before anyone settles it, a reader that writes nothing already sees the job as FAILED.
      const seen = (await jobsLoader([ws.dir]).load()).jobs.find((j) => j.record.id === id)!;
      if (seen.record.status !== 'DONE') {
        assert.equal(seen.record.status, 'FAILED');
        assert.match(seen.record.error!.message, /exited without finishing it/);
      }
      const record = await settled(id);
      assert.ok(['FAILED', 'DONE'].includes(record.status), record.status);
      if (record.status === 'FAILED') assert.match(record.error!.message, /killed or crashed/);
      assertCommittedTogether(old, record);
      if (record.status === 'DONE') old = snapshot();
      assert.equal(fs.existsSync(path.join(record.artifactDir, 'work')), false, 'the work folder is gone');
    });
  }

  for (const renames of [0, 1, 2, 3, 4]) {
    it(`killed after ${renames} of the commit's 4 renames: the next reader tells, settling restores the earlier outputs`, async () => {
      const run = spawnPredict(ws.dir, 'k.prediction.yaml', {
        env: { RELGRAPH_TEST_KILL_AFTER_RENAMES: String(renames) },
      });
      assert.equal(await run.exited, 'SIGKILL', run.stderr());
      const id = run.jobId()!;
      const onDisk = ws.store.get(id)!;
      assert.equal(onDisk.status, 'RUNNING');
      assert.equal(onDisk.commit?.renames.length, 4, 'the journal was written before the first rename');
      const seen = (await jobsLoader([ws.dir]).load()).jobs.find((j) => j.record.id === id)!;
      assert.equal(seen.record.status, 'FAILED');
      const expected = renames >= 2 ? 'new' : 'earlier';
      assert.match(
        seen.record.error!.message,
        new RegExp(
          `while committing its outputs \\(killed or crashed\\); on disk now: k_predictions.csv: ${expected}, `,
        ),
      );
      const record = await settled(id);
      assert.equal(record.status, 'FAILED');
      assert.match(record.error!.message, /while committing its outputs/);
      if (renames >= 2) assert.match(record.error!.message, /restored the earlier k_predictions\.csv/);
      assertCommittedTogether(old, record);
    });
  }

  it('killed mid-commit with no earlier outputs: settling leaves no output at all', async () => {
    fs.rmSync(OUT(), { recursive: true });
    const run = spawnPredict(ws.dir, 'k.prediction.yaml', { env: { RELGRAPH_TEST_KILL_AFTER_RENAMES: '3' } });
    assert.equal(await run.exited, 'SIGKILL');
    assert.ok(fs.existsSync(path.join(OUT(), FINALS[0])), 'half-way: the predictions are in place');
    const record = await settled(run.jobId()!);
    assert.equal(record.status, 'FAILED');
    assert.match(record.error!.message, /removed the partly committed k_predictions\.csv/);
    assert.deepEqual(filesUnder(OUT()), []);
  });

  it('after all that, a run writes both outputs again (no lock or leftover is in the way)', async () => {
    const last = spawnPredict(ws.dir, 'k.prediction.yaml');
    assert.equal(await last.exited, 0, last.stderr());
    const now = snapshot();
    assert.deepEqual([...now.markers.values()], [last.jobId(), last.jobId()]);
    assert.deepEqual(leftovers(filesUnder(OUT())), []);
  });
});
