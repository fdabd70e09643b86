import * as path from 'node:path';
import { describeMatch, type CandidateKind } from './describeMatch';
import {
  isCleanMatch,
  type CandidateSource,
  type ScaffoldColumnOverride,
  type ScaffoldTrainingGraph,
  type ScaffoldTrainingTable,
  type TableMatch,
} from './ScaffoldModel';
import { commentLines, yamlScalar } from './yamlText';

export interface InferenceGraphTextOptions {
  /** Absolute path of the graph file being written: sources are relative to its folder. */
  outputPath: string;
  /**
   * Where the sources were looked for, for the header (`data/full/`, `Kumo connector shop_sf`); absent:
   * nowhere (every source to fill).
   */
  dataLabel?: string;
  /** Files (the default) or the source tables of a Kumo connector. */
  candidateKind?: CandidateKind;
}

/** A source path as a spec writes it: relative to the graph file, `/`-separated, a folder ending with `/`. */
export function sourceText(candidate: CandidateSource, outputPath: string): string {
  const relative = path.relative(path.dirname(outputPath), candidate.path).split(path.sep).join('/') || '.';
  return candidate.isFolder ? `${relative}/` : relative;
}

/** A candidate as the comments and reports name it: a file by its path, a connector table by its name. */
export function candidateText(candidate: CandidateSource, outputPath: string): string {
  return candidate.connector ? candidate.name : sourceText(candidate, outputPath);
}

/** The `source:` value of a candidate: a path, or a connector table in the form the graph schema takes. */
export function sourceValueText(candidate: CandidateSource, outputPath: string): string {
  return candidate.connector
    ? `{ connector: ${yamlScalar(candidate.connector)}, table: ${yamlScalar(candidate.name)} }`
    : yamlScalar(sourceText(candidate, outputPath));
}

/**
 * The text of the inference graph: the training graph's tables (in its order, with its keys, time
 * columns and column overrides) and edges, each table's `source` from its match. Formatted like the
 * examples; a table whose match needs attention gets comment lines saying what and why, and a table
 * without a source gets an empty `source:` (which validation reports until it is filled).
 */
export function inferenceGraphText(
  training: ScaffoldTrainingGraph,
  matches: readonly TableMatch[],
  options: InferenceGraphTextOptions,
): string {
  const label = (c: CandidateSource) => candidateText(c, options.outputPath);
  const gaps = matches.filter((m) => !isCleanMatch(m)).length;
  const where = options.dataLabel ? `matched in ${options.dataLabel}` : 'to fill in';
  const out = commentLines(
    `The INFERENCE graph for ${training.label}, written by \`relgraph scaffold inference-graph\`: the training ` +
      `graph's table names, keys, time columns, column overrides and edges, with each table's source ${where}.`,
    0,
  );
  if (gaps > 0) {
    out.push(
      ...commentLines(
        `${gaps} of ${matches.length} tables need attention (see the comments on them); \`relgraph validate\` reports what is left.`,
        0,
      ),
    );
  }
  out.push('kind: graph', 'tables:');
  for (const table of training.tables) {
    const match = matches.find((m) => m.table === table.name);
    out.push(...tableLines(table, match, label, options));
  }
  if (training.edges.length > 0) {
    out.push('edges:');
    for (const e of training.edges) {
      out.push(
        `  - { src_table: ${yamlScalar(e.srcTable)}, fkey: ${yamlScalar(e.fkey)}, dst_table: ${yamlScalar(e.dstTable)} }`,
      );
    }
  }
  return out.join('\n') + '\n';
}

function tableLines(
  table: ScaffoldTrainingTable,
  match: TableMatch | undefined,
  label: (c: CandidateSource) => string,
  options: InferenceGraphTextOptions,
): string[] {
  const out = [`  ${yamlScalar(table.name)}:`];
  if (!match) {
    out.push('    source:');
  } else {
    const described = describeMatch(match, label, options.candidateKind);
    // A source named like the training one explains itself; any other choice (or none) says why.
    const byName =
      match.status === 'matched' &&
      (match.reason === 'file-name' || match.reason === 'table-name') &&
      !match.fit.isTrainingSource;
    if (!byName) out.push(...commentLines(capitalize(described.reason) + '.', 4));
    for (const problem of described.problems) out.push(...commentLines(problem, 4));
    out.push(
      match.status === 'matched'
        ? `    source: ${sourceValueText(match.fit.candidate, options.outputPath)}`
        : '    source: # to fill in',
    );
  }
  if (table.columnsUnknown) {
    out.splice(
      1,
      0,
      ...commentLines(`The training data could not be read (${table.columnsUnknown}): only its keys were matched.`, 4),
    );
  }
  if (table.primaryKey) out.push(`    primary_key: ${yamlScalar(table.primaryKey)}`);
  if (table.timeColumn) out.push(`    time_column: ${yamlScalar(table.timeColumn)}`);
  if (table.endTimeColumn) out.push(`    end_time_column: ${yamlScalar(table.endTimeColumn)}`);
  if (table.overrides.length > 0) {
    out.push('    columns:');
    for (const o of table.overrides) out.push(`      ${yamlScalar(o.name)}: ${overrideText(o)}`);
  }
  return out;
}

/** `categorical`, `{ stype: ID, dtype: string }`, `{ exclude: true }`: the forms docs/spec-format.md shows. */
function overrideText(o: ScaffoldColumnOverride): string {
  if (o.stype && !o.dtype && !o.exclude) return o.stype;
  const parts = [
    o.stype ? `stype: ${o.stype}` : undefined,
    o.dtype ? `dtype: ${o.dtype}` : undefined,
    o.exclude ? 'exclude: true' : undefined,
  ].filter((p) => p !== undefined);
  return `{ ${parts.join(', ')} }`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
