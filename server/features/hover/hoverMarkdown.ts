import type { EdgeSpec, GraphSpec, TableSpec } from '../../../core/spec/SpecModel';
import type { TrainingGraphShape } from '../../../core/validation/trainingContractRules';
import type { TableProfile } from '../../../data/TableProfile';
import { edgeLabel, edgeValues, findTable } from '../specLookup';

/** Where a table sits relative to the training graph, for hover. */
export interface TrainingContext {
  /** The training side the diagnostics checked this graph against (a graph file or a job's record). */
  contract?: TrainingGraphShape;
  /** The graph being hovered is the training graph itself. */
  isTrainingGraph: boolean;
}

export function tableHover(
  table: TableSpec,
  graph: GraphSpec,
  profile: TableProfile | undefined,
  training: TrainingContext,
): string {
  const lines = [`**${table.name}** · table`];
  if (table.source) {
    const files = profile
      ? ` (${profile.format.toUpperCase()}, ${plural(profile.files.length, 'file')}, ${bytes(profile.totalBytes)})`
      : '';
    lines.push(`Source: \`${table.source.value}\`${files}`);
  }
  const facts: string[] = [];
  if (profile) facts.push(`${profile.rowCount.toLocaleString('en-US')} rows`);
  if (table.primaryKey) {
    const pk = profile?.primaryKey;
    const unique = pk
      ? pk.duplicateValueCount === 0 && pk.nullCount === 0
        ? ' (unique)'
        : ` (${pk.duplicateValueCount} duplicated values)`
      : '';
    facts.push(`primary key \`${table.primaryKey.value}\`${unique}`);
  } else {
    facts.push('no primary key');
  }
  if (table.timeColumn) {
    const stats = profile?.timeColumns.find((t) => t.column === table.timeColumn!.value);
    const span = stats?.min && stats.max ? ` (${stats.min.slice(0, 10)} to ${stats.max.slice(0, 10)})` : '';
    facts.push(`time column \`${table.timeColumn.value}\`${span}`);
  }
  lines.push(capitalize(facts.join(' · ')));

  const edges = graph.edges.filter((e) => e.srcTable.value === table.name || e.dstTable.value === table.name);
  if (edges.length > 0) lines.push(`Edges: ${edges.map((e) => `\`${edgeLabel(edgeValues(e))}\``).join(', ')}`);

  if (training.isTrainingGraph) {
    lines.push('Part of the training graph: inference graphs must name it exactly so.');
  } else if (training.contract) {
    const trained = training.contract.tables.get(table.name);
    const where = training.contract.label;
    const line = trained?.location ? ` (line ${trained.location.range.start.line + 1})` : '';
    lines.push(
      trained
        ? `Training graph: \`${table.name}\` in ${where}${line}${trained.source ? `, trained on \`${trained.source}\`` : ''}`
        : `**Not in the training graph** (${where}): the model does not know this table.`,
    );
  }
  if (!profile && table.source)
    lines.push('_Data profile not available yet (the source is being read, or cannot be read)._');
  return lines.join('\n\n');
}

export function columnHover(
  table: TableSpec,
  column: string,
  profile: TableProfile | undefined,
  role?: string,
): string {
  const lines = [`**${table.name}.${column}** · column${role ? ` (${role.replace(/_/g, ' ')})` : ''}`];
  const stats = profile?.columns.find((c) => c.name === column);
  if (!stats) {
    lines.push(
      profile ? `Not found in \`${table.source?.value ?? table.name}\`.` : '_Data profile not available yet._',
    );
    return lines.join('\n\n');
  }
  const overridden =
    stats.stype !== stats.inferredStype ? ` (set in \`columns:\`; inferred \`${stats.inferredStype}\`)` : '';
  const nullShare = profile!.rowCount > 0 ? `${((100 * stats.nullCount) / profile!.rowCount).toFixed(1)}%` : 'n/a';
  lines.push(
    [
      `dtype \`${stats.dtype}\` (${stats.duckDbType})`,
      `stype \`${stats.stype}\`${overridden}`,
      `nulls ${nullShare} (${stats.nullCount.toLocaleString('en-US')} of ${profile!.rowCount.toLocaleString('en-US')})`,
      `${stats.distinctApproximate ? '~' : ''}${stats.distinctCount.toLocaleString('en-US')} distinct`,
    ].join(' · '),
  );
  if (stats.min !== undefined && stats.max !== undefined) lines.push(`Range: ${stats.min} to ${stats.max}`);
  if (stats.excluded) lines.push('Excluded from the graph (`exclude: true`).');
  return lines.join('\n\n');
}

export function edgeHover(
  edge: EdgeSpec,
  graph: GraphSpec,
  sourceProfile: TableProfile | undefined,
  training: TrainingContext,
): string {
  const values = edgeValues(edge);
  const destination = findTable(graph, values.dstTable);
  const lines = [
    `**${edgeLabel(values)}** · edge`,
    `Each \`${values.srcTable}\` row references one \`${values.dstTable}\` row: \`${values.srcTable}.${values.fkey}\` = \`${values.dstTable}.${destination?.primaryKey?.value ?? '(no primary key)'}\`. Features flow both ways along it.`,
  ];
  const stats = sourceProfile?.columns.find((c) => c.name === values.fkey);
  if (stats && sourceProfile) {
    const nullShare = sourceProfile.rowCount > 0 ? ((100 * stats.nullCount) / sourceProfile.rowCount).toFixed(1) : '0';
    lines.push(`Foreign key: dtype \`${stats.dtype}\`, ${nullShare}% null`);
  }
  if (training.contract && !training.isTrainingGraph) {
    const trained = training.contract.edges.some(
      (e) => e.srcTable === values.srcTable && e.fkey === values.fkey && e.dstTable === values.dstTable,
    );
    lines.push(
      trained ? 'In the training graph.' : '**Not in the training graph**: the model was not trained with this edge.',
    );
  }
  return lines.join('\n\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
