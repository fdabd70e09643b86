import { describeMatch, type CandidateKind, type CandidateLabel } from '../../core/scaffold/describeMatch';
import {
  isCleanMatch,
  type CandidateSource,
  type SourceMatching,
  type TableMatch,
} from '../../core/scaffold/ScaffoldModel';
import type { ScaffoldTrainingGraph } from '../../core/scaffold/ScaffoldModel';
import { rankedFits } from '../../core/scaffold/sourceChoices';
import { SCAFFOLD_TYPE_RULES } from '../../data/scaffold/scaffoldTypeRules';

const MAX_UNUSED_SHOWN = 20;

/**
 * What `relgraph scaffold inference-graph` prints: one line per training table (its source and why,
 * or why none), the problems under it, the files no table uses, and a summary.
 */
export function formatMatchingReport(
  training: ScaffoldTrainingGraph,
  matching: SourceMatching,
  options: {
    label: CandidateLabel;
    candidateCount: number;
    dataLabel?: string;
    /** The whole `Candidates:` line's text, when they are not files (a Kumo connector's tables). */
    candidatesText?: string;
    candidateKind?: CandidateKind;
  },
): string {
  const width = Math.max(...training.tables.map((t) => t.name.length));
  const lines = [
    `Training graph: ${training.label}, ${plural(training.tables.length, 'table')}, ${plural(training.edges.length, 'edge')}`,
    options.candidatesText
      ? `Candidates: ${options.candidatesText}`
      : options.dataLabel
        ? `Candidates: ${plural(options.candidateCount, 'file or folder', 'files or folders')} in ${options.dataLabel}`
        : 'Candidates: none (no --data or --connector given): every source is left to fill in',
    '',
  ];
  for (const match of matching.tables) {
    const described = describeMatch(match, options.label, options.candidateKind);
    const mark = match.status === 'matched' ? '  ' : match.status === 'ambiguous' ? '? ' : '! ';
    const source = described.source ? `${described.source} (${described.reason})` : described.reason;
    lines.push(`${mark}${match.table.padEnd(width)}  ${source}`);
    const table = training.tables.find((t) => t.name === match.table);
    if (table?.columnsUnknown) {
      lines.push(`${' '.repeat(width + 4)}- training data unreadable (${table.columnsUnknown}): matched on keys only`);
    }
    for (const problem of described.problems) lines.push(`${' '.repeat(width + 4)}- ${problem}`);
  }
  if (matching.unused.length > 0) {
    // A warehouse connector can hold hundreds of tables: name a few and count the rest.
    const shown = matching.unused.slice(0, MAX_UNUSED_SHOWN).map(options.label);
    const more = matching.unused.length - shown.length;
    lines.push('', `Not used: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
  }
  return lines.join('\n') + '\n';
}

export function matchingSummary(tables: readonly TableMatch[]): string {
  const clean = tables.filter(isCleanMatch).length;
  const count = (status: TableMatch['status']) => tables.filter((t) => t.status === status).length;
  const parts = [`${clean} of ${tables.length} tables matched cleanly`];
  const withProblems = count('matched') - clean;
  if (withProblems > 0) parts.push(`${withProblems} matched with column problems`);
  if (count('ambiguous') > 0) parts.push(`${count('ambiguous')} ambiguous`);
  if (count('unmatched') > 0) parts.push(`${count('unmatched')} without a source`);
  return parts.join(', ');
}

/**
 * The decisions as JSON (`--json`), for scripts, CI and the editor: paths are absolute, `source` as written
 * in the graph (a connector table as `{ connector, table }`, without a path). Each table also carries the
 * report's words for its decision (`description`) and every candidate's fit to it, best first (`fits`): what
 * a user weighs to correct a match with `--match`.
 */
export function matchingJson(
  training: ScaffoldTrainingGraph,
  matching: SourceMatching,
  candidates: readonly CandidateSource[],
  options: { sourceOf: CandidateLabel; candidateKind: CandidateKind },
): unknown {
  const { sourceOf, candidateKind } = options;
  const source = (c: CandidateSource) => (c.connector ? { connector: c.connector, table: c.name } : sourceOf(c));
  const where = (c: CandidateSource) => (c.connector ? c.name : c.path);
  const label = (c: CandidateSource) => (c.connector ? c.name : sourceOf(c));
  return {
    complete: matching.tables.every(isCleanMatch),
    tables: matching.tables.map((m) => ({
      table: m.table,
      status: m.status,
      needed: m.needed,
      ...(m.status === 'matched'
        ? {
            reason: m.reason,
            source: source(m.fit.candidate),
            ...(m.fit.candidate.connector ? {} : { path: m.fit.candidate.path }),
            ...(m.fit.isTrainingSource ? { trainingSource: true } : {}),
            missing: m.fit.missing,
            retyped: m.fit.retyped,
            ...(m.fit.candidate.problem ? { unreadable: m.fit.candidate.problem } : {}),
          }
        : m.status === 'ambiguous'
          ? { reason: m.reason, candidates: m.tied.map((f) => where(f.candidate)) }
          : { closest: m.closest ? where(m.closest.candidate) : null }),
      description: describeMatch(m, label, candidateKind),
      fits: rankedFits(training, m.table, candidates, SCAFFOLD_TYPE_RULES, label).map((fit) => ({
        candidate: where(fit.candidate),
        source: source(fit.candidate),
        matched: fit.matched,
        missing: fit.missing,
        retyped: fit.retyped,
        ...(fit.candidate.problem ? { unreadable: fit.candidate.problem } : {}),
      })),
    })),
    unused: matching.unused.map(where),
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
