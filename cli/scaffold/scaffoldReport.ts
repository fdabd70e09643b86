import { describeMatch, type CandidateLabel } from '../../core/scaffold/describeMatch';
import { isCleanMatch, type SourceMatching, type TableMatch } from '../../core/scaffold/ScaffoldModel';
import type { ScaffoldTrainingGraph } from '../../core/scaffold/ScaffoldModel';

/**
 * What `relgraph scaffold inference-graph` prints: one line per training table (its source and why,
 * or why none), the problems under it, the files no table uses, and a summary.
 */
export function formatMatchingReport(
  training: ScaffoldTrainingGraph,
  matching: SourceMatching,
  options: { label: CandidateLabel; candidateCount: number; dataLabel?: string },
): string {
  const width = Math.max(...training.tables.map((t) => t.name.length));
  const lines = [
    `Training graph: ${training.label}, ${plural(training.tables.length, 'table')}, ${plural(training.edges.length, 'edge')}`,
    options.dataLabel
      ? `Candidates: ${plural(options.candidateCount, 'file or folder', 'files or folders')} in ${options.dataLabel}`
      : 'Candidates: none (no --data given): every source is left to fill in',
    '',
  ];
  for (const match of matching.tables) {
    const described = describeMatch(match, options.label);
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
    lines.push('', `Not used: ${matching.unused.map(options.label).join(', ')}`);
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

/** The decisions as JSON (`--json`), for scripts and CI: paths are absolute, `source` as written in the graph. */
export function matchingJson(matching: SourceMatching, sourceOf: CandidateLabel): unknown {
  return {
    complete: matching.tables.every(isCleanMatch),
    tables: matching.tables.map((m) => ({
      table: m.table,
      status: m.status,
      needed: m.needed,
      ...(m.status === 'matched'
        ? {
            reason: m.reason,
            source: sourceOf(m.fit.candidate),
            path: m.fit.candidate.path,
            missing: m.fit.missing,
            retyped: m.fit.retyped,
            ...(m.fit.candidate.problem ? { unreadable: m.fit.candidate.problem } : {}),
          }
        : m.status === 'ambiguous'
          ? { reason: m.reason, candidates: m.tied.map((f) => f.candidate.path) }
          : { closest: m.closest?.candidate.path ?? null }),
    })),
    unused: matching.unused.map((c) => c.path),
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
