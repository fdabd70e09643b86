import type {
  CandidateFit,
  CandidateSource,
  ModelColumn,
  RetypedColumn,
  ScaffoldColumnRole,
  ScaffoldEdge,
  ScaffoldTrainingTable,
  ScaffoldTypeRules,
} from './ScaffoldModel';

/** A candidate must have at least this share of the needed columns, with the model's types, to match by columns. */
export const MIN_COLUMN_COVERAGE = 0.5;

const DATA_EXTENSIONS = /\.(csv|tsv)(\.gz)?$|\.(parquet|pq)$/i;

/** `results.csv` -> `results`, `results.csv.gz` -> `results`, `standings` -> `standings`. */
export function stemOf(name: string): string {
  return name.replace(DATA_EXTENSIONS, '');
}

export function foreignKeysOf(table: string, edges: readonly ScaffoldEdge[]): Set<string> {
  return new Set(edges.filter((e) => e.srcTable === table).map((e) => e.fkey));
}

export function roleOf(
  table: ScaffoldTrainingTable,
  column: string,
  foreignKeys: ReadonlySet<string>,
): ScaffoldColumnRole {
  if (table.primaryKey === column) return 'primary-key';
  if (foreignKeys.has(column)) return 'foreign-key';
  if (table.timeColumn === column || table.endTimeColumn === column) return 'time';
  return 'plain';
}

/**
 * The columns an inference source must have for this table: the columns the model uses, plus the keys
 * and time columns the graph itself needs (all a table has when the training data could not be read).
 */
export function neededColumns(table: ScaffoldTrainingTable, edges: readonly ScaffoldEdge[]): ModelColumn[] {
  const needed: ModelColumn[] = [...(table.columns ?? [])];
  const keys = [table.primaryKey, table.timeColumn, table.endTimeColumn, ...foreignKeysOf(table.name, edges)];
  for (const key of keys) {
    if (key !== undefined && !needed.some((c) => c.name === key)) needed.push({ name: key });
  }
  return needed;
}

function nameMatchOf(table: ScaffoldTrainingTable, candidate: CandidateSource): CandidateFit['nameMatch'] {
  if (table.sourceNames.includes(candidate.name)) return 'file-name';
  const stem = stemOf(candidate.name).toLowerCase();
  const names = [table.name, ...table.sourceNames.map(stemOf)].map((n) => n.toLowerCase());
  return names.includes(stem) ? 'table-name' : undefined;
}

/** How one candidate serves one table: which needed columns it has, lacks or has with other types. */
export function fitCandidate(
  table: ScaffoldTrainingTable,
  edges: readonly ScaffoldEdge[],
  candidate: CandidateSource,
  rules: ScaffoldTypeRules,
): CandidateFit {
  const needed = neededColumns(table, edges);
  const nameMatch = nameMatchOf(table, candidate);
  if (!candidate.columns) {
    const why = `its columns could not be read (${candidate.problem ?? 'unknown reason'})`;
    return {
      candidate,
      nameMatch,
      matched: [],
      missing: [],
      retyped: [],
      extra: 0,
      ...(isTrainingSource(table, candidate) ? { isTrainingSource: true } : {}),
      qualifies: false,
      notQualified: why,
    };
  }
  const foreignKeys = foreignKeysOf(table.name, edges);
  const matched: string[] = [];
  const missing: ModelColumn[] = [];
  const retyped: RetypedColumn[] = [];
  for (const column of needed) {
    const found = candidate.columns.find((c) => c.name === column.name);
    if (!found) {
      missing.push(column);
      continue;
    }
    // The inference graph keeps the training graph's overrides, so they apply to the new column too.
    const override = table.overrides.find((o) => o.name === column.name);
    const dtype = override?.dtype ?? found.dtype;
    if (dtype === undefined) {
      // A connector that gave no type for it: the name is all there is to compare.
      matched.push(column.name);
      continue;
    }
    const stype = override?.stype ?? rules.inferredStype(dtype, roleOf(table, column.name, foreignKeys));
    const familyChanged = column.dtype !== undefined && rules.dtypeFamily(column.dtype) !== rules.dtypeFamily(dtype);
    const stypeChanged = column.stype !== undefined && column.stype !== stype;
    if (column.dtype !== undefined && (familyChanged || stypeChanged)) {
      retyped.push({
        column: column.name,
        trained: { dtype: column.dtype, stype: column.stype },
        found: { dtype, stype },
      });
    } else {
      matched.push(column.name);
    }
  }
  const extra = candidate.columns.length - matched.length - retyped.length;
  const fit: CandidateFit = { candidate, nameMatch, matched, missing, retyped, extra, qualifies: false };
  if (isTrainingSource(table, candidate)) fit.isTrainingSource = true;
  fit.notQualified = whyNotQualified(table, needed, fit, foreignKeys);
  fit.qualifies = fit.notQualified === undefined;
  return fit;
}

function isTrainingSource(table: ScaffoldTrainingTable, candidate: CandidateSource): boolean {
  const own = table.connectorSource;
  return !!own && candidate.connector === own.connector && candidate.name === own.table;
}

/**
 * Columns are evidence enough when the candidate has the table's primary key and time column, at
 * least half of the needed columns with the model's types, and (when the table has any) one of its
 * own attribute columns: a foreign key alone (`statusId` in results) does not make a file the table
 * it points to.
 */
function whyNotQualified(
  table: ScaffoldTrainingTable,
  needed: readonly ModelColumn[],
  fit: CandidateFit,
  foreignKeys: ReadonlySet<string>,
): string | undefined {
  if (needed.length === 0) return 'the table needs no known column to compare';
  const has = (name: string) => !fit.missing.some((c) => c.name === name);
  if (table.primaryKey && !has(table.primaryKey)) return `no column '${table.primaryKey}' (the primary key)`;
  if (table.timeColumn && !has(table.timeColumn)) return `no column '${table.timeColumn}' (the time column)`;
  if (fit.matched.length < needed.length * MIN_COLUMN_COVERAGE) {
    return `only ${fit.matched.length} of the ${needed.length} needed columns`;
  }
  const attributes = needed.filter((c) => roleOf(table, c.name, foreignKeys) === 'plain').map((c) => c.name);
  if (attributes.length > 0 && !attributes.some((name) => fit.matched.includes(name))) {
    return `none of the table's own columns (${attributes.join(', ')})`;
  }
  return undefined;
}

/**
 * The evidence a fit carries, compared lexicographically (higher is better): the name match (the
 * training source's file name beats the table's name), then the share of needed columns matched with
 * their types, then matched by name at all, then the fewest columns the table does not need.
 */
export function evidenceOf(fit: CandidateFit, neededCount: number, withName: boolean): number[] {
  const nameLevel = !withName ? 0 : fit.nameMatch === 'file-name' ? 2 : fit.nameMatch === 'table-name' ? 1 : 0;
  const total = Math.max(neededCount, 1);
  return [nameLevel, fit.matched.length / total, (fit.matched.length + fit.retyped.length) / total, -fit.extra];
}

export function compareEvidence(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
