import { stemOf } from './candidateFit';
import type { CandidateFit, CandidateSource, ModelColumn, RetypedColumn, TableMatch } from './ScaffoldModel';

/** How a candidate is named in text: relative to the terminal's folder in the CLI, to the graph file in comments. */
export type CandidateLabel = (candidate: CandidateSource) => string;

/** What the candidates are: files and folders on this machine, or source tables of one Kumo connector. */
export type CandidateKind = 'files' | 'connector-tables';

const WORDS: Record<CandidateKind, { noun: string; sameName: string; unreadable: string }> = {
  files: { noun: 'file', sameName: 'same file name as the training source', unreadable: 'Cannot read' },
  'connector-tables': {
    noun: 'source table',
    sameName: 'same name as the training source table',
    unreadable: 'Kumo did not list the columns of',
  },
};

/** The words for one table's decision, shared by the CLI report, the comments in the written spec and the editor. */
export interface MatchDescription {
  /** The chosen source, as `label` names it; absent when none was picked. */
  source?: string;
  /** Why this source, or why none: `same file name as the training source`, `no match: ...`. */
  reason: string;
  /** What the user must look at: missing and retyped columns, unreadable files, what to fill in. */
  problems: string[];
}

export function describeColumn(column: ModelColumn): string {
  return column.dtype ? `${column.name} (${column.dtype})` : column.name;
}

export function describeColumns(columns: readonly ModelColumn[]): string {
  return columns.map(describeColumn).join(', ');
}

export function describeRetyped(r: RetypedColumn): string {
  const trained = r.trained.stype ? `${r.trained.dtype}, ${r.trained.stype}` : r.trained.dtype;
  return `${r.column} was ${trained} in training, is ${r.found.dtype}, ${r.found.stype} here`;
}

function coverage(fit: CandidateFit, neededCount: number): string {
  const retyped = fit.retyped.length > 0 ? ` (${fit.retyped.length} more with other types)` : '';
  return `${fit.matched.length} of ${neededCount} columns the model uses${retyped}`;
}

export function describeMatch(
  match: TableMatch,
  label: CandidateLabel,
  kind: CandidateKind = 'files',
): MatchDescription {
  const needed = match.needed.length;
  const words = WORDS[kind];
  switch (match.status) {
    case 'matched': {
      const fit = match.fit;
      const named =
        stemOf(fit.candidate.name).toLowerCase() === match.table.toLowerCase()
          ? 'named after the table'
          : 'named like the training source';
      const reason = {
        'file-name': words.sameName,
        'table-name': named,
        columns: `matched by its columns: ${coverage(fit, needed)}`,
        chosen: `chosen: ${coverage(fit, needed)}`,
      }[match.reason];
      // Not a problem (predicting on the training data is allowed), but rarely what a new graph is for.
      const own = fit.isTrainingSource ? '; it is the table the model was trained on, not new data' : '';
      return { source: label(fit.candidate), reason: reason + own, problems: problemsOf(fit, match.table, words) };
    }
    case 'ambiguous': {
      const names = match.tied.map((f) => label(f.candidate)).join(', ');
      const how = match.reason === 'columns' ? 'fit equally by their columns' : 'are named like it and fit equally';
      const glob = partsGlob(match.tied);
      return {
        reason: `ambiguous: ${names} ${how} (${coverage(match.tied[0], needed)} each); none picked`,
        problems: [
          `Pick one of ${names} as its source` +
            (glob ? `, or all of them with a glob if they are parts of one table (${glob})` : '') +
            '.',
        ],
      };
    }
    case 'unmatched': {
      if (match.chosen) {
        return {
          reason: 'no source: left to fill in, as chosen',
          problems: [`It needs a source with the columns ${describeColumns(match.needed)}.`],
        };
      }
      const closest = match.closest ? ` Closest: ${label(match.closest.candidate)}, ${nearMiss(match.closest)}.` : '';
      return {
        reason: `no match: no ${words.noun} is named like it and none has its columns`,
        problems: [`It needs a source with the columns ${describeColumns(match.needed)}.${closest}`],
      };
    }
  }
}

/** `with statusId but without status`: what a near miss has and lacks. */
function nearMiss(fit: CandidateFit): string {
  const lacks = [...fit.missing.map((c) => c.name), ...fit.retyped.map((r) => `${r.column} as ${r.trained.dtype}`)];
  return `with ${fit.matched.join(', ')}${lacks.length > 0 ? ` but without ${lacks.join(', ')}` : ''}`;
}

function problemsOf(fit: CandidateFit, table: string, words: (typeof WORDS)[CandidateKind]): string[] {
  if (fit.candidate.problem) return [`${words.unreadable} ${fit.candidate.name}: ${fit.candidate.problem}.`];
  const problems: string[] = [];
  if (fit.missing.length > 0) {
    problems.push(
      `Missing columns the model uses: ${describeColumns(fit.missing)}. Add them to the data (empty values are allowed) or retrain without them.`,
    );
  }
  for (const r of fit.retyped) {
    problems.push(`Retyped: ${describeRetyped(r)}; the model would read ${table}.${r.column} differently.`);
  }
  return problems;
}

/**
 * When tied candidates look like parts of one table (files of one format, same columns, one folder, a
 * common name prefix), the file pattern that reads them together: `results_2010.csv` + `results_2011.csv`
 * -> `results_*.csv`. Without a common prefix there is none: `*.csv` would read every table's file.
 */
export function partsGlob(tied: readonly CandidateFit[]): string | undefined {
  const files = tied.map((f) => f.candidate);
  if (files.length < 2 || files.some((f) => f.isFolder || f.connector || !f.columns)) return undefined;
  const dirs = new Set(files.map((f) => f.path.slice(0, f.path.length - f.name.length)));
  const extension = (name: string) => name.slice(stemOf(name).length);
  const extensions = new Set(files.map((f) => extension(f.name)));
  const schema = (f: CandidateSource) => JSON.stringify((f.columns ?? []).map((c) => [c.name, c.dtype]));
  if (dirs.size !== 1 || extensions.size !== 1 || new Set(files.map(schema)).size !== 1) return undefined;
  let prefix = stemOf(files[0].name);
  for (const f of files) while (!stemOf(f.name).startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix ? `${prefix}*${[...extensions][0]}` : undefined;
}
