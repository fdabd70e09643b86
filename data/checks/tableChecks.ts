import type { GraphSpec, TableSpec } from '../../core/spec/SpecModel';
import { closestMatch } from '../../core/text/didYouMean';
import type { SourceRefusal } from '../SourceAccessPolicy';
import type { SourceColumn, TableProfile } from '../TableProfile';
import { MAX_SOURCE_FILES } from '../TableSource';
import { isTimestampCastable } from '../profileSql';
import { describeAllowedDtypes, duckDbTypeToDtype, inferredStype, stypeSupportsDtype } from '../typeMapping';
import type { DataCheckContext, TableState } from './DataCheckContext';
import { columnTypeKnown } from './knownTypes';
import { count, examples, percent, type SpecLocation } from './DiagnosticSink';

/**
 * Source, schema and statistics checks of one table: `source-unreadable`, `unknown-column` (keys,
 * time columns, `columns:` entries, edge foreign keys), `schema` (a stype/dtype override Kumo does not
 * allow), `time-column-not-temporal`, `empty-table`, `primary-key-null`, `primary-key-not-unique`.
 * Findings are reported only by the file that defines the graph (`report`).
 */

/** Resolves the source and reads its columns (no scan of the rows). */
export function loadTable(ctx: DataCheckContext, graph: GraphSpec, spec: TableSpec): Promise<TableState> {
  return ctx.table(graph, spec, async () => {
    const state: TableState = { spec, graph };
    if (ctx.staticallyFailed(graph, spec)) return { ...state, unreadable: 'reported by static validation' };
    const report = ctx.ownsGraph(graph);
    const refusal = ctx.refusalOf(spec, graph);
    if (refusal) {
      if (report) reportOutsideWorkspace(ctx, state, refusal);
      return { ...state, unreadable: 'outside the workspace' };
    }
    const source = ctx.profiler.resolve(spec);
    if (!source) return state;
    state.source = source;
    const at = ctx.sourceLocation(state);
    const label = spec.source?.value ?? source.pattern;
    if (source.problem) {
      if (report) ctx.sink.add('source-unreadable', `Cannot read source '${label}': ${source.problem}.`, at);
      return { ...state, unreadable: source.problem };
    }
    if (source.truncated && report) {
      ctx.sink.add(
        'data-check-incomplete',
        `Source '${label}' matches more than ${MAX_SOURCE_FILES} files; only the first ${MAX_SOURCE_FILES} (in name order) were checked. Point the source at a directory of parts or a narrower pattern.`,
        at,
        { data: { maxFiles: MAX_SOURCE_FILES } },
      );
    }
    const schema = await ctx.guard(`schema read of '${spec.name}'`, at, () =>
      ctx.profiler.schema(source, ctx.signal, spec),
    );
    if (!schema) return { ...state, unreadable: 'timed out' };
    if ('error' in schema) {
      if (report) ctx.sink.add('source-unreadable', `Cannot read source '${label}': ${schema.error}`, at);
      return { ...state, unreadable: schema.error };
    }
    state.columns = schema.value;
    if (report) checkColumnNames(ctx, state, schema.value);
    return state;
  });
}

function reportOutsideWorkspace(ctx: DataCheckContext, state: TableState, refusal: SourceRefusal): void {
  const label = state.spec.source?.value ?? state.spec.name;
  ctx.sink.add(
    'source-outside-workspace',
    `Source '${label}' of table '${state.spec.name}' lies outside ${refusal.folder}, so the data checks did not read it: a spec must not make Relgraph read files elsewhere on this machine unless you allow it. ${refusal.howToAllow}`,
    ctx.sourceLocation(state),
    { data: { table: state.spec.name, path: state.spec.sourcePath ?? label, folder: refusal.folder } },
  );
}

/** `unknown-column` for every column the table spec (and its outgoing edges) names, and `schema` for overrides. */
function checkColumnNames(ctx: DataCheckContext, state: TableState, columns: SourceColumn[]): void {
  const { spec, graph } = state;
  const named: { name: string; location: SpecLocation; what: string }[] = [];
  const add = (name: string | undefined, range: SpecLocation['range'] | undefined, what: string) => {
    if (name !== undefined && range) named.push({ name, location: ctx.at(graph, range), what });
  };
  add(spec.primaryKey?.value, spec.primaryKey?.range, 'primary key');
  add(spec.timeColumn?.value, spec.timeColumn?.range, 'time column');
  add(spec.endTimeColumn?.value, spec.endTimeColumn?.range, 'end time column');
  for (const override of spec.columns) add(override.name, override.keyRange, '`columns:` entry');
  for (const edge of graph.edges) {
    if (edge.srcTable.value === spec.name) add(edge.fkey.value, edge.fkey.range, 'foreign key');
  }
  for (const { name, location, what } of named) {
    if (columns.some((c) => c.name === name)) continue;
    reportUnknownColumn(ctx, state, name, location, `The ${what} '${name}'`);
  }
}

export function reportUnknownColumn(
  ctx: DataCheckContext,
  state: TableState,
  name: string,
  location: SpecLocation,
  subject: string,
  extra: { related?: { path: string; range: SpecLocation['range']; message: string }[] } = {},
): void {
  const columns = state.columns ?? [];
  const names = columns.map((c) => c.name);
  const suggestion = closestMatch(name, names);
  let hint = suggestion ? ` Did you mean '${suggestion}'?` : ` Its columns: ${names.slice(0, 20).join(', ')}.`;
  const lone = names.length === 1 ? names[0] : undefined;
  if (lone && /[;|\t]/.test(lone)) {
    hint += ` The file was read as one column named '${lone}': CSV sources must be comma-separated (.tsv for tabs).`;
  }
  ctx.sink.add(
    'unknown-column',
    `${subject} is not a column of table '${state.spec.name}'.${hint} (${ctx.readNoteOf(state)})`,
    location,
    { related: extra.related, data: { table: state.spec.name, column: name, ...(suggestion ? { suggestion } : {}) } },
  );
}

/**
 * A `columns:` override whose stype does not accept the column's dtype: Kumo rejects the table. Judged after the
 * statistics scan: a column whose type the source cannot tell (an empty CSV) is not held against its override.
 */
function checkOverrides(
  ctx: DataCheckContext,
  state: TableState,
  columns: SourceColumn[],
  profile: TableProfile,
): void {
  const foreignKeys = ctx.foreignKeysOf(state.graph, state.spec.name);
  for (const override of state.spec.columns) {
    const column = columns.find((c) => c.name === override.name);
    if (!column || !override.stype || !columnTypeKnown(state.spec, profile, column.name)) continue;
    const physical = duckDbTypeToDtype(column.duckDbType);
    const dtype = override.dtype?.value ?? physical;
    const stype = override.stype.value;
    if (stypeSupportsDtype(stype, dtype)) continue;
    const why = override.dtype
      ? `dtype ${dtype}`
      : `dtype ${dtype} (the source's ${column.duckDbType}; no \`dtype:\` override)`;
    const role = foreignKeys.has(column.name) ? 'foreign-key' : 'plain';
    ctx.sink.add(
      'schema',
      `Column '${override.name}': stype '${stype}' does not accept ${why}. Kumo allows stype '${stype}' only for dtype ${describeAllowedDtypes(stype)}; the default for this column is '${inferredStype(dtype, role)}' (${ctx.readNoteOf(state)}).`,
      ctx.at(state.graph, override.stype.range),
      { data: { column: override.name, stype, dtype, allowedDtypes: describeAllowedDtypes(stype) } },
    );
  }
}

/** Computes the full statistics (one scan) and reports what they reveal. */
export async function profileTable(ctx: DataCheckContext, state: TableState): Promise<TableProfile | undefined> {
  if (state.profile) return state.profile;
  const { spec, graph, source, columns } = state;
  if (!source || !columns || state.unreadable) return undefined;
  const report = ctx.ownsGraph(graph);
  const at = ctx.sourceLocation(state);
  const outcome = await ctx.guard(`statistics scan of '${spec.name}'`, at, () =>
    ctx.profiler.profile(spec, source, columns, ctx.foreignKeysOf(graph, spec.name), ctx.signal),
  );
  if (!outcome) return undefined;
  if ('error' in outcome) {
    state.unreadable = outcome.error;
    if (report) {
      ctx.sink.add(
        'source-unreadable',
        `Cannot read source '${spec.source?.value ?? source.pattern}': ${outcome.error}`,
        at,
      );
    }
    return undefined;
  }
  const profile = outcome.value;
  state.profile = profile;
  if (report) {
    reportProfile(ctx, state, profile);
    checkOverrides(ctx, state, columns, profile);
  }
  return profile;
}

function reportProfile(ctx: DataCheckContext, state: TableState, profile: TableProfile): void {
  const { spec, graph } = state;
  const note = `(${profile.readNote})`;
  if (profile.rowCount === 0) {
    ctx.sink.add(
      'empty-table',
      `Table '${spec.name}' has no rows: nothing can be learnt from or predicted for it ${note}.`,
      ctx.sourceLocation(state),
    );
  }
  for (const time of profile.timeColumns) {
    const located = time.column === spec.timeColumn?.value ? spec.timeColumn : spec.endTimeColumn;
    if (!located || time.notTemporalCount === 0) continue;
    const type = state.columns?.find((c) => c.name === time.column)?.duckDbType ?? '?';
    const message = isTimestampCastable(type)
      ? `Time column '${time.column}' has ${count(time.notTemporalCount)} value${time.notTemporalCount === 1 ? '' : 's'} that cannot be read as a timestamp, e.g. ${examples(time.notTemporalExamples)}. Use ISO dates such as '2024-01-31' or '2024-01-31 12:00:00' ${note}.`
      : `Time column '${time.column}' is ${type} (values such as ${examples(time.notTemporalExamples)}), which Kumo cannot read as a timestamp: store a date/timestamp or ISO date text ${note}.`;
    ctx.sink.add('time-column-not-temporal', message, ctx.at(graph, located.range), {
      data: { column: time.column, count: time.notTemporalCount, examples: time.notTemporalExamples },
    });
  }
  const pk = profile.primaryKey;
  if (pk && spec.primaryKey) {
    const location = ctx.at(graph, spec.primaryKey.range);
    if (pk.nullCount > 0) {
      ctx.sink.add(
        'primary-key-null',
        `Primary key '${pk.column}' is null in ${count(pk.nullCount)} of ${count(profile.rowCount)} rows (${percent(pk.nullCount, profile.rowCount)}); every row needs a key ${note}.`,
        location,
        { data: { column: pk.column, nullRows: pk.nullCount, rows: profile.rowCount } },
      );
    }
    if (pk.duplicateValueCount > 0) {
      const shown = pk.duplicateExamples.map((e) => `'${e.value}' (${count(e.count)} rows)`).join(', ');
      ctx.sink.add(
        'primary-key-not-unique',
        `Primary key '${pk.column}' is not unique: ${count(pk.duplicateValueCount)} value${pk.duplicateValueCount === 1 ? ' occurs' : 's occur'} more than once, in ${count(pk.duplicateRowCount)} rows, e.g. ${shown} ${note}.`,
        location,
        {
          data: {
            column: pk.column,
            duplicateValues: pk.duplicateValueCount,
            duplicateRows: pk.duplicateRowCount,
            examples: pk.duplicateExamples,
          },
        },
      );
    }
  }
}
