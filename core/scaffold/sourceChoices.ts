import { matchChosenSource, unusedCandidates } from './matchSources';
import type {
  CandidateFit,
  CandidateSource,
  ScaffoldTrainingGraph,
  ScaffoldTypeRules,
  SourceMatching,
  TableMatch,
} from './ScaffoldModel';

/**
 * The user's corrections of an automatic match (the editor's review, `relgraph scaffold --match`), and
 * what they choose among: every candidate's fit to a table.
 */

/** Per training table: the chosen candidate's key (CandidateSource.path), or null to leave `source:` to fill in. */
export type SourceChoices = ReadonlyMap<string, string | null>;

/** A choice that names no candidate of the scaffold. */
export class UnknownSourceChoiceError extends Error {
  constructor(
    readonly table: string,
    readonly source: string,
  ) {
    super(`${source} is not a candidate source of ${table}`);
  }
}

/**
 * The matching with the user's choices: a chosen candidate is fitted to its table exactly as an automatic
 * match is (reason `chosen`, with the columns it lacks or retypes), null leaves the table without a
 * source, and tables without a choice keep their automatic match. Choices for tables the training graph
 * does not have are ignored (callers that take them from a user say so first).
 */
export function applySourceChoices(
  training: ScaffoldTrainingGraph,
  matching: SourceMatching,
  candidates: readonly CandidateSource[],
  choices: SourceChoices,
  rules: ScaffoldTypeRules,
): SourceMatching {
  const tables = matching.tables.map((match): TableMatch => {
    if (!choices.has(match.table)) return match;
    const chosen = choices.get(match.table) ?? null;
    if (chosen === null) return { table: match.table, needed: match.needed, status: 'unmatched', chosen: true };
    if (match.status === 'matched' && match.fit.candidate.path === chosen) return match;
    const candidate = candidates.find((c) => c.path === chosen);
    if (!candidate) throw new UnknownSourceChoiceError(match.table, chosen);
    return matchChosenSource(training, match.table, candidate, rules);
  });
  return { tables, unused: unusedCandidates(tables, candidates) };
}

/** One candidate's fit to one table, as a user weighs it when correcting a match. */
export interface RankedFit extends Pick<CandidateFit, 'candidate' | 'missing' | 'retyped'> {
  /** How the candidate is named (a path relative to the graph, a connector table's name). */
  label: string;
  /** Needed columns it has with the types the model read. */
  matched: number;
}

/** Every candidate's fit to `table`, best first: the most needed columns, then the fewest missing, then by name. */
export function rankedFits(
  training: ScaffoldTrainingGraph,
  table: string,
  candidates: readonly CandidateSource[],
  rules: ScaffoldTypeRules,
  label: (candidate: CandidateSource) => string,
): RankedFit[] {
  return candidates
    .map((candidate): RankedFit => {
      const match = matchChosenSource(training, table, candidate, rules);
      const fit = match.status === 'matched' ? match.fit : undefined;
      return {
        candidate,
        label: label(candidate),
        matched: fit?.matched.length ?? 0,
        missing: fit?.missing ?? [],
        retyped: fit?.retyped ?? [],
      };
    })
    .sort((a, b) => b.matched - a.matched || a.missing.length - b.missing.length || a.label.localeCompare(b.label));
}
