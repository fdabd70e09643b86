import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import type { RunMode } from '../../../core/spec/SpecModel';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { anchorSchedule, AnchorScheduleError } from '../../../engine/training/AnchorSchedule';
import { TRAINING_PRESETS } from '../../../engine/training/trainingPresets';
import { DNF_QUERY, f1DriverGraph, hasF1Data } from './f1Data';

const day = (d: Date) => d.toISOString().slice(0, 10);
const MODES: RunMode[] = ['fast', 'normal', 'best'];
/** RelBench rel-f1's periods for a 30-day task: validation from 2005-01-01 to the last window ending by 2010. */
const RELBENCH = { endTime: '2009-11-06', timeframeStepDays: 30, validationStart: '2005-01-01' };

describe('anchor schedule on RelBench rel-f1 periods', { skip: !hasF1Data() && 'no examples/f1/data/full' }, () => {
  let session: DuckDbSession;
  let graph: LoadedGraph;
  const query = parsePql(DNF_QUERY).query!;

  before(async () => {
    session = await DuckDbSession.open({ threads: 2 });
    // The training graph as RelBench gives it: nothing after 2009-12-31.
    graph = await loadGraphTables(session, f1DriverGraph(), { notAfter: '2009-12-31 23:59:59' });
  });
  after(() => session.close());

  for (const mode of MODES) {
    it(`run_mode ${mode}: training anchors before 2005-01-01 and validation anchors 2005-2009, capped separately`, async () => {
      const budget = TRAINING_PRESETS[mode].anchors;
      const schedule = await anchorSchedule(session, graph, query, RELBENCH, budget);
      const train = schedule.anchors.filter((a) => a < schedule.validationStart);
      const validation = schedule.anchors.filter((a) => a >= schedule.validationStart);
      // Validation: every anchor from 2005-01-01 to end_time, on the same 30-day grid.
      assert.equal(day(validation[0]), '2005-01-01');
      assert.equal(day(validation[validation.length - 1]), '2009-11-06');
      assert.equal(validation.length, 60);
      assert.equal(schedule.validationAnchors, 60);
      // Training: the window right before validation, then back in 30-day steps; never zero anchors.
      assert.equal(day(train[train.length - 1]), '2004-12-02');
      assert.equal(schedule.trainingAnchors, train.length);
      // The data starts 1950-05-13: the whole history (from one step after it) is 664 anchors; fast's budget keeps 200.
      const expected = mode === 'fast' ? 200 : 664;
      assert.equal(train.length, expected);
      assert.equal(schedule.origin.startTime, mode === 'fast' ? 'budget' : 'history');
      for (let i = 1; i < schedule.anchors.length; i++) {
        assert.equal(schedule.anchors[i].getTime() - schedule.anchors[i - 1].getTime(), 30 * 86_400_000);
      }
    });
  }

  it('the default validation period is the latest tenth of the anchors', async () => {
    const schedule = await anchorSchedule(
      session,
      graph,
      query,
      { endTime: '2009-11-06', timeframeStepDays: 30 },
      TRAINING_PRESETS.normal.anchors,
    );
    assert.equal(schedule.validationAnchors, Math.round(schedule.anchors.length / 10));
    assert.equal(schedule.origin.validationStart, 'latest tenth');
  });

  it('no training anchor is an error before any work, naming the settings that caused it', async () => {
    await assert.rejects(
      anchorSchedule(session, graph, query, { ...RELBENCH, startTime: '2006-01-01' }, TRAINING_PRESETS.fast.anchors),
      (error: unknown) => {
        assert.ok(error instanceof AnchorScheduleError);
        assert.match(error.message, /no training anchor/);
        assert.match(error.message, /train\.start_time 2006-01-01/);
        assert.match(error.message, /train\.validation_start 2005-01-01/);
        assert.match(error.message, /set train\.start_time earlier than train\.validation_start/);
        return true;
      },
    );
  });

  it('a budget smaller than the history keeps the most recent anchors; an explicit start_time is honoured', async () => {
    const tight = { maxAnchors: 1000, candidatePairs: 857 * 24, minAnchors: 12 };
    const capped = await anchorSchedule(session, graph, query, RELBENCH, tight);
    assert.equal(capped.trainingAnchors, 24);
    assert.equal(capped.validationAnchors, 24);
    assert.equal(day(capped.anchors[capped.anchors.length - 1]), '2009-11-06');
    const explicit = await anchorSchedule(session, graph, query, { ...RELBENCH, startTime: '1990-01-01' }, tight);
    assert.equal(explicit.origin.startTime, 'spec');
    assert.equal(day(explicit.anchors[0]), '1990-01-20'); // on the 30-day grid back from end_time
    assert.equal(explicit.validationAnchors, 60);
  });
});
