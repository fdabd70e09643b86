import { compareEvidence, evidenceOf, fitCandidate, neededColumns } from './candidateFit';
import type {
  CandidateFit,
  CandidateSource,
  ModelColumn,
  ScaffoldTrainingGraph,
  ScaffoldTypeRules,
  SourceMatching,
  TableMatch,
} from './ScaffoldModel';

interface TableState {
  name: string;
  needed: ModelColumn[];
  fits: CandidateFit[];
}

/**
 * Picks each training table's inference source among the candidates, in two rounds:
 *
 * 1. By name: a candidate named like the training source's file (`results.csv`), or whose stem is the
 *    table's or that file's (`results.parquet`, `Results.csv`). A file name match beats a stem match;
 *    among equals, the better column evidence wins (evidenceOf). Several tables may share one file, as
 *    they may in the training graph.
 * 2. By columns, for the tables left: among the candidates no table has taken, those whose columns
 *    qualify (candidateFit). The strongest table-candidate pair is settled first, so a file is given to
 *    the table it fits best (all of results' columns) before a table it fits less (`status`, through
 *    its `statusId`); each file serves one table in this round.
 *
 * Never a guess: when a table's best candidates carry equal evidence the table is `ambiguous`, lists
 * them all and gets none. A table no candidate qualifies for is `unmatched`, with the closest one.
 */
export function matchSources(
  training: ScaffoldTrainingGraph,
  candidates: readonly CandidateSource[],
  rules: ScaffoldTypeRules,
): SourceMatching {
  const states: TableState[] = training.tables.map((table) => ({
    name: table.name,
    needed: neededColumns(table, training.edges),
    fits: candidates.map((c) => fitCandidate(table, training.edges, c, rules)),
  }));
  const decided = new Map<string, TableMatch>();
  const taken = new Set<string>();

  for (const state of states) {
    const named = state.fits.filter((f) => f.nameMatch !== undefined);
    const best = bestOf(named, state.needed.length, true);
    if (best.length === 0) continue;
    for (const fit of best) taken.add(fit.candidate.path);
    decided.set(
      state.name,
      best.length === 1
        ? { table: state.name, needed: state.needed, status: 'matched', reason: best[0].nameMatch!, fit: best[0] }
        : { table: state.name, needed: state.needed, status: 'ambiguous', reason: best[0].nameMatch!, tied: best },
    );
  }

  for (;;) {
    let strongest: { state: TableState; best: CandidateFit[]; evidence: number[] } | undefined;
    for (const state of states) {
      if (decided.has(state.name)) continue;
      const open = state.fits.filter((f) => f.qualifies && !taken.has(f.candidate.path));
      const best = bestOf(open, state.needed.length, false);
      if (best.length === 0) continue;
      const evidence = evidenceOf(best[0], state.needed.length, false);
      if (!strongest || compareEvidence(evidence, strongest.evidence) > 0) strongest = { state, best, evidence };
    }
    if (!strongest) break;
    const { state, best } = strongest;
    if (best.length === 1) {
      taken.add(best[0].candidate.path);
      decided.set(state.name, {
        table: state.name,
        needed: state.needed,
        status: 'matched',
        reason: 'columns',
        fit: best[0],
      });
    } else {
      decided.set(state.name, {
        table: state.name,
        needed: state.needed,
        status: 'ambiguous',
        reason: 'columns',
        tied: best,
      });
    }
  }

  const tables = states.map(
    (state): TableMatch =>
      decided.get(state.name) ?? {
        table: state.name,
        needed: state.needed,
        status: 'unmatched',
        closest: closestOf(state),
      },
  );
  return { tables, unused: unusedCandidates(tables, candidates) };
}

/** The candidates no table's source is. */
export function unusedCandidates(
  tables: readonly TableMatch[],
  candidates: readonly CandidateSource[],
): CandidateSource[] {
  const used = new Set(tables.flatMap((t) => (t.status === 'matched' ? [t.fit.candidate.path] : [])));
  return candidates.filter((c) => !used.has(c.path));
}

/** The fits with the highest evidence (several when tied), best first; [] for no fits. */
function bestOf(fits: readonly CandidateFit[], neededCount: number, withName: boolean): CandidateFit[] {
  if (fits.length === 0) return [];
  const scored = fits.map((fit) => ({ fit, evidence: evidenceOf(fit, neededCount, withName) }));
  scored.sort((a, b) => compareEvidence(b.evidence, a.evidence));
  return scored.filter((s) => compareEvidence(s.evidence, scored[0].evidence) === 0).map((s) => s.fit);
}

/** The candidate that came nearest, for the report of an unmatched table: the most needed columns matched. */
function closestOf(state: TableState): CandidateFit | undefined {
  const withColumns = state.fits.filter((f) => f.matched.length > 0);
  return bestOf(withColumns, state.needed.length, false)[0];
}

/**
 * The fit of a candidate the user picked for a table (the editor lets them correct a match): what it
 * lacks or has with other types, reported the same way as an automatic match.
 */
export function matchChosenSource(
  training: ScaffoldTrainingGraph,
  table: string,
  candidate: CandidateSource,
  rules: ScaffoldTypeRules,
): TableMatch {
  const spec = training.tables.find((t) => t.name === table);
  if (!spec) throw new Error(`'${table}' is not a table of the training graph (${training.label})`);
  const fit = fitCandidate(spec, training.edges, candidate, rules);
  return { table, needed: neededColumns(spec, training.edges), status: 'matched', reason: 'chosen', fit };
}
