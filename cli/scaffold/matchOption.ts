import * as path from 'node:path';
import type { CandidateSource, ScaffoldTrainingGraph } from '../../core/scaffold/ScaffoldModel';
import type { SourceChoices } from '../../core/scaffold/sourceChoices';
import { UsageError } from '../CliCommand';

/** `--match <table>=<source>` as typed: a training table and the source the user picks for it ('' for none). */
export interface MatchOption {
  table: string;
  source: string;
}

export function parseMatchOption(value: string, earlier: readonly MatchOption[]): MatchOption {
  const equals = value.indexOf('=');
  if (equals <= 0) {
    throw new UsageError(
      `--match takes <table>=<source> (nothing after = leaves the table's source: to fill in): got '${value}'`,
    );
  }
  const table = value.slice(0, equals).trim();
  if (earlier.some((m) => m.table === table)) throw new UsageError(`--match names ${table} twice`);
  return { table, source: value.slice(equals + 1).trim() };
}

/**
 * The `--match` choices as candidate keys (applySourceChoices): a file or folder among the --data
 * candidates (a path relative to the current folder), or a source table of the connector (its name, in any
 * case when that names one table); an empty source leaves the table without one. Anything else is bad usage.
 */
export function resolveMatchOptions(
  options: readonly MatchOption[],
  training: ScaffoldTrainingGraph,
  candidates: readonly CandidateSource[],
  cwd: string,
): SourceChoices {
  const choices = new Map<string, string | null>();
  for (const { table, source } of options) {
    if (!training.tables.some((t) => t.name === table)) {
      const names = training.tables.map((t) => t.name).join(', ');
      throw new UsageError(`--match ${table}=${source}: ${table} is not a table of the training graph (${names})`);
    }
    choices.set(table, source === '' ? null : candidateKey(table, source, candidates, cwd));
  }
  return choices;
}

function candidateKey(table: string, source: string, candidates: readonly CandidateSource[], cwd: string): string {
  const connector = candidates.find((c) => c.connector)?.connector;
  if (connector) {
    const exact = candidates.find((c) => c.name === source);
    const anyCase = candidates.filter((c) => c.name.toLowerCase() === source.toLowerCase());
    const found = exact ?? (anyCase.length === 1 ? anyCase[0] : undefined);
    if (found) return found.path;
    throw new UsageError(
      `--match ${table}=${source}: Kumo connector ${connector} has no source table ${source}` +
        ' among the tables scaffold read (with --tables, only those named like its pattern)',
    );
  }
  const file = path.resolve(cwd, source);
  const found = candidates.find((c) => path.resolve(c.path) === file);
  if (found) return found.path;
  throw new UsageError(
    candidates.length === 0
      ? `--match ${table}=${source}: there are no candidates to pick from (give --data or --connector)`
      : `--match ${table}=${source}: not one of the CSV or Parquet files and table folders --data found`,
  );
}
