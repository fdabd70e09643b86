import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { jobDetailsMarkdown, specState } from '../../../client/jobs/jobDetailsMarkdown';
import { JobProgressTracker } from '../../../client/jobs/JobProgressTracker';
import { JobStatusWatcher, type PollTimer } from '../../../client/jobs/JobStatusWatcher';
import { sha256OfFile } from '../../../backend/local/LocalJobStore';
import { jobRecord, loadedJob, runningRecord, tempDir } from './jobFixtures';

/** A timer the test fires by hand: no waiting, and the scheduled delays can be read. */
class ManualTimer implements PollTimer {
  pending: { callback: () => void; delayMs: number; id: number }[] = [];
  private next = 0;
  schedule(callback: () => void, delayMs: number): unknown {
    const id = this.next++;
    this.pending.push({ callback, delayMs, id });
    return id;
  }
  cancel(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }
  fire(): void {
    const [first] = this.pending.splice(0, 1);
    first.callback();
  }
}

describe('JobStatusWatcher', () => {
  const intervals = { minMs: 1000, maxMs: 8000 };

  function setup() {
    const timer = new ManualTimer();
    let polls = 0;
    const watcher = new JobStatusWatcher(() => polls++, timer, intervals);
    return { timer, watcher, polls: () => polls };
  }

  it('has no timer while no job is active', () => {
    const { timer, watcher } = setup();
    watcher.jobsLoaded(false, true);
    assert.equal(watcher.state, 'idle');
    assert.deepEqual(timer.pending, []);
  });

  it('polls an active job, backing off while nothing changes and resetting on a change', () => {
    const { timer, watcher, polls } = setup();
    watcher.jobsLoaded(true, true);
    const delays = [timer.pending[0].delayMs];
    for (let i = 0; i < 5; i++) {
      timer.fire();
      watcher.jobsLoaded(true, false); // the poll's load found nothing new
      delays.push(timer.pending[0].delayMs);
    }
    assert.equal(polls(), 5);
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000, 8000]);
    watcher.jobsLoaded(true, true);
    assert.equal(watcher.scheduledDelayMs, 1000);
    assert.equal(timer.pending.length, 1, 'a load reschedules; it never stacks timers');
  });

  it('stops polling when the last active job ends, and for good once disposed', () => {
    const { timer, watcher, polls } = setup();
    watcher.jobsLoaded(true, true);
    watcher.jobsLoaded(false, true);
    assert.equal(watcher.state, 'idle');
    assert.deepEqual(timer.pending, []);
    watcher.jobsLoaded(true, true);
    watcher.dispose();
    assert.deepEqual(timer.pending, []);
    watcher.jobsLoaded(true, true);
    assert.equal(watcher.state, 'disposed');
    assert.deepEqual(timer.pending, []);
    assert.equal(polls(), 0);
  });
});

describe('JobProgressTracker', () => {
  it('reports the stage with completed/total and moves the bar only forward', () => {
    const tracker = new JobProgressTracker();
    const at = (stage: string, progress?: { completed: number; total: number }) =>
      jobRecord(
        runningRecord({
          eventLog: [{ stage, at: '2024-01-31T14:25:01.700Z' }],
          ...(progress ? { progress } : { progress: undefined }),
        }),
      );
    assert.deepEqual(tracker.update(at('Loading model')), { message: 'Loading model' });
    assert.equal(tracker.update(at('Loading model')), undefined, 'nothing new: no report');
    assert.deepEqual(tracker.update(at('Predicting', { completed: 2, total: 8 })), {
      message: 'Predicting 2/8',
      increment: 25,
    });
    assert.deepEqual(tracker.update(at('Predicting', { completed: 6, total: 8 })), {
      message: 'Predicting 6/8',
      increment: 50,
    });
    // A later stage restarting its own count: the message follows it, the bar stays where it was.
    assert.deepEqual(tracker.update(at('Writing outputs', { completed: 1, total: 4 })), {
      message: 'Writing outputs 1/4',
    });
    assert.deepEqual(tracker.update(jobRecord({ progress: { completed: 4, total: 4 } })), {
      message: 'DONE',
      increment: 25,
    });
  });
});

describe('job details document', () => {
  it('tells whether the spec changed since the job ran, or is gone', () => {
    const dir = tempDir('spec');
    const spec = path.join(dir, 'a.prediction.yaml');
    fs.writeFileSync(spec, 'kind: prediction\n');
    const record = jobRecord({ spec: { path: spec, name: 'a', sha256: sha256OfFile(spec) } });
    assert.equal(specState(record), 'unchanged');
    fs.appendFileSync(spec, 'num_workers: 2\n');
    assert.equal(specState(record), 'changed');
    fs.rmSync(spec);
    assert.equal(specState(record), 'missing');
  });

  it('has the facts table, stages, error, summary, outputs and the raw record', () => {
    const job = loadedJob({
      status: 'DONE',
      summary: { num_entities_predicted: 130 },
      artifacts: [
        {
          type: 'predictions',
          format: 'parquet',
          path: '/p/out/a|b_predictions',
          files: ['/p/out/a|b_predictions/part_000.parquet', '/p/out/a|b_predictions/part_001.parquet'],
          rows: 130,
        },
      ],
      tags: { team: 'f1' },
    });
    const text = jobDetailsMarkdown(job, Date.parse('2024-02-01T00:00:00Z'), 'changed');
    assert.match(text, /^# driver-dnf-2010: Batch prediction job/);
    assert.match(text, /\| Status \| DONE \|/);
    assert.match(text, /\*\*changed since the job ran\*\*/);
    assert.match(text, /\| Duration \| 3\.2 s \|/);
    assert.match(text, /\| Tags \| team=f1 \|/);
    assert.match(text, /\| 3 \| Predicting \| 2 workers \| 2024-01-31T14:25:01\.700Z \| 2\.2 s \|/);
    assert.match(text, /## Summary\n\n- entities predicted: 130/);
    assert.ok(
      text.includes('| predictions | parquet | 130 | `/p/out/a\\|b_predictions` |'),
      'a | cannot break the table',
    );
    assert.ok(text.includes('- `/p/out/a\\|b_predictions/part_001.parquet`'));
    const json = text.slice(text.indexOf('```json\n') + 8, text.lastIndexOf('\n```'));
    assert.deepEqual(JSON.parse(json), job.record);
  });

  it('names a cancelled job as such, with its reason', () => {
    const text = jobDetailsMarkdown(
      loadedJob({ status: 'CANCELLED', error: { message: 'cancelled by relgraph jobs cancel', stage: 'Predicting' } }),
      0,
      'unknown',
    );
    assert.match(text, /## Cancelled\n\ncancelled by relgraph jobs cancel \(during Predicting\)/);
  });
});
