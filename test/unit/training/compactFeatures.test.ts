import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { looksLikeIdentifier } from '../../../engine/features/columnRoles';
import { deriveFeaturePlan, type FeaturePlanOptions } from '../../../engine/features/deriveFeaturePlan';
import { buildFeatures } from '../../../engine/features/FeatureBuilder';
import { familyOf, planFeatures, type FeaturePlan } from '../../../engine/features/FeaturePlan';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { targetHistoryOf } from '../../../engine/training/targetHistory';
import { tinyRacesSources, writeTinyRaces } from './tinyRaces';

/**
 * The compact feature families on a hand-checked race graph (tinyRaces.ts). Rows are (driver, anchor):
 * d1 at 2024-02-01 00:00:00 (result 5, a non-finish, is exactly at the anchor: context), d1 one second
 * earlier (result 5 is then just after the anchor: invisible), d2 at 2024-02-15 (result 9 at the
 * anchor), d3 at 2024-02-01.
 */
const ROWS: [driver: number, anchor: string][] = [
  [1, '2024-02-01 00:00:00'],
  [1, '2024-01-31 23:59:59'],
  [2, '2024-02-15 00:00:00'],
  [3, '2024-02-01 00:00:00'],
];
const DNF = 'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 14, days) > 0 FOR EACH drivers.driverId';
const TOP3 = 'PREDICT MIN(results.position, 0, 14, days) <= 3 FOR EACH drivers.driverId';

const OPTIONS: FeaturePlanOptions = {
  windowsDays: [30],
  statWindowsDays: [30],
  maxCategories: 5,
  maxShareCardinality: 5,
  maxHops: 2,
  wide: false,
  compact: { historyWindowsDays: [30], lastK: [1, 3, 10], bestK: [1, 3], parentWindowsDays: [30] },
};

describe('compact feature families: target history and current parent, by hand', () => {
  let session: DuckDbSession;
  let graph: LoadedGraph;
  let dir: string;

  before(async () => {
    session = await DuckDbSession.open({ threads: 1 });
    dir = writeTinyRaces();
    graph = await loadGraphTables(session, tinyRacesSources(dir));
    const values = ROWS.map(([d, t]) => `(${d}, TIMESTAMP '${t}')`).join(', ');
    await session.run(`CREATE TEMP TABLE ea AS SELECT * FROM (VALUES ${values}) v(ENTITY, ANCHOR_TIMESTAMP)`);
  });
  after(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function plan(query: string, options: Partial<FeaturePlanOptions> = {}): Promise<FeaturePlan> {
    return deriveFeaturePlan(session, graph, 'drivers', {
      ...OPTIONS,
      ...options,
      targetHistory: targetHistoryOf(parsePql(query).query!),
      vocabularyCutoff: '2024-03-01 00:00:00',
    });
  }

  /** Values of the named features in ROWS order (the matrix is in anchor, entity order). */
  async function values(featurePlan: FeaturePlan): Promise<(name: string) => number[]> {
    const built = await buildFeatures(session, graph, featurePlan, 'ea', { rowOrderTable: 'ea_rows' });
    const order = await session.rows(`SELECT rid, ENTITY, strftime(anchor, '%Y-%m-%d %H:%M:%S') AS t FROM ea_rows`);
    const ridOf = new Map(order.map((r) => [`${Number(r.ENTITY)}@${String(r.t)}`, Number(r.rid)]));
    const n = built.matrix.numRows;
    return (name) => {
      const j = built.matrix.featureNames.indexOf(name);
      assert.ok(j >= 0, `no feature '${name}' in:\n${built.matrix.featureNames.join('\n')}`);
      return ROWS.map(([d, t]) => {
        const v = built.matrix.values[j * n + ridOf.get(`${d}@${t}`)!];
        return Number.isNaN(v) ? NaN : Math.round(v * 1e4) / 1e4;
      });
    };
  }

  it("the target's row filter over windows and the last K events; rows exactly at the anchor count, later ones do not", async () => {
    const f = await values(await plan(DNF));
    const dnf = 'results[results.statusId != 1]';
    // d1@02-01 sees results 1, 3, 5 (5 is a non-finish at the anchor); one second earlier only 1 and 3.
    // d2@02-15 sees 2 (non-finish), 4, 6, 9; d3 sees 7 (non-finish, at the anchor).
    assert.deepEqual(f(`${dnf}.count_all`), [1, 0, 1, 1]);
    assert.deepEqual(f(`${dnf}.share_all`), [0.3333, 0, 0.25, 1]);
    assert.deepEqual(f(`${dnf}.share_last1`), [1, 0, 0, 1]);
    assert.deepEqual(f(`${dnf}.share_last3`), [0.3333, 0, 0, 1]);
    assert.deepEqual(f(`${dnf}.share_last10`), [0.3333, 0, 0.25, 1]);
    // Window (t - 30 days, t]: d1@02-01 keeps results 3 and 5 (result 1 lies exactly 31 days back); a second
    // earlier only 3; d2@02-15 keeps 6 and 9 (4 lies 31 days back).
    assert.deepEqual(f('results.count_30d'), [2, 1, 2, 1]);
    assert.deepEqual(f(`${dnf}.share_30d`), [0.5, 0, 0, 1]);
    // Days since the latest non-finish: d2's was on 2024-01-01, 45 days before 02-15; d1 has none before 02-01.
    assert.deepEqual(f(`${dnf}.days_since_last`), [0, NaN, 45, 0]);
    // Trend: share over the last 3 minus share over the last 10.
    assert.deepEqual(f(`${dnf}.trend`), [0, 0, -0.25, 0]);
  });

  it("the fact table's numbers over the last K events skip missing values; key-like columns are never numbers", async () => {
    const featurePlan = await plan(DNF);
    const f = await values(featurePlan);
    // d1@02-01: latest results 5 (no position), 3 (1), 1 (3); one second earlier: 3, 1.
    assert.deepEqual(f('results.position.mean_last1'), [NaN, 1, 1, NaN]);
    assert.deepEqual(f('results.position.mean_last3'), [2, 2, 2.3333, NaN]);
    assert.deepEqual(f('results.points.mean_last1'), [0, 10, 10, 0]);
    const names = planFeatures(featurePlan).map((x) => x.name);
    assert.ok(!names.some((name) => /statusId\.|teamId\.|driverId\./.test(name)), names.join('\n'));
  });

  it('MIN / MAX targets: the mean of the k best values in the past year, and the comparison on single rows', async () => {
    const f = await values(await plan(TOP3));
    // d2@02-15 positions: (none), 2, 4, 1 -> best 1; best 3 = (1 + 2 + 4) / 3.
    assert.deepEqual(f('results.position.best1_mean_365d'), [1, 1, 1, NaN]);
    assert.deepEqual(f('results.position.best3_mean_365d'), [2, 2, 2.3333, NaN]);
    assert.deepEqual(f('results.position.min_30d'), [1, 1, 1, NaN]);
    // position <= 3 over the latest 3 rows: d2@02-15 -> 9 (1) yes, 6 (4) no, 4 (2) yes.
    assert.deepEqual(f('results[results.position <= 3].share_last3'), [0.6667, 1, 0.6667, 0]);
  });

  it("current parent: the team of the driver's latest result, over all of that team's results", async () => {
    const featurePlan = await plan(DNF);
    assert.ok(featurePlan.groups.some((g) => familyOf(g) === 'current_parent'));
    const f = await values(featurePlan);
    const team = 'results>teams(current)>results';
    // d1@02-01: latest result 5 -> team 10, whose results in (01-02, 02-01] are 3 and 5 (one non-finish).
    // d1 a second earlier: latest result 3 -> team 10: only result 3 in (01-01 23:59:59, 01-31 23:59:59].
    // d2@02-15: latest result 9 -> team 20 (he moved): results 6, 7, 9 in (01-16, 02-15]; 4 is 31 days back.
    // d3@02-01: result 7 -> team 20: results 6 and 7 (4 lies in the window too: 01-15 > 01-02).
    assert.deepEqual(f(`${team}.count_30d`), [2, 1, 3, 3]);
    assert.deepEqual(f(`${team}[results.statusId != 1].share_30d`), [0.5, 0, 0.3333, 0.3333]);
    assert.deepEqual(f(`${team}[results.statusId != 1].share_last10`), [0.5, 0, 0.3333, 0.3333]);
    assert.deepEqual(f(`${team}.points.mean_last10`), [5, 10, 5, 4.3333]);
  });

  it('categorical shares only for columns with few distinct values; the wide families come after the compact ones', async () => {
    const wide = await plan(DNF, { wide: true });
    const names = planFeatures(wide).map((x) => x.name);
    assert.ok(names.includes('results.weather=dry.share_all'), names.join('\n'));
    const families = wide.groups.map(familyOf);
    assert.ok(families.indexOf('target_history') < families.indexOf('aggregates'));
    assert.equal(new Set(names).size, names.length, 'every name once');
    const narrow = await plan(DNF, { wide: true, maxShareCardinality: 1 });
    assert.ok(!planFeatures(narrow).some((x) => x.name.includes('weather=')));
    // The key-like statusId is read as a category (its latest value), never averaged.
    assert.ok(names.includes('results.statusId.last'));
    assert.ok(!names.some((name) => name.startsWith('results.statusId.mean')));
  });

  it('identifier-like names', () => {
    for (const name of ['id', 'ID', 'statusId', 'status_id', 'statusID', 'STATUS_ID'])
      assert.ok(looksLikeIdentifier(name), name);
    for (const name of ['paid', 'valid', 'idle', 'width', 'Idaho']) assert.ok(!looksLikeIdentifier(name), name);
  });
});
