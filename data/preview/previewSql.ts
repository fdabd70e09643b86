import type {
  FilterOp,
  PreviewColumn,
  PreviewColumnKind,
  PreviewFilter,
  PreviewView,
} from '../../core/preview/PreviewModel';
import { sqlIdent } from '../sourceScan';

/**
 * The SQL of the predictions preview, built from typed parameters only: column names must be columns of
 * the output (then quoted with sqlIdent), filter values and page bounds are bound parameters (`$1`, ...),
 * never spliced into the text. A view names a column the output lacks, or asks an operation its kind does
 * not have (a `<` on text): PreviewQueryError, with a sentence for the user.
 */

/** A statement and its bound values, in `$n` order. */
export interface BoundSql {
  sql: string;
  params: (string | number)[];
}

/** What a session knows of its relations: built once when the preview opens. */
export interface PreviewSchema {
  /** The relation over the output (a view of the Parquet files, or a table loaded from CSV). */
  output: string;
  columns: PreviewColumn[];
  /** The entity table's relation, joined on the output's key (`ENTITY`). */
  entity?: EntitySide;
}

export interface EntitySide {
  relation: string;
  /** The output's column matched against the entity key. */
  outputKey: string;
  /** The entity relation's key column (the table's primary key, one row per key). */
  entityKey: string;
  /** Compare both keys as text (their types differ: an integer ENTITY against a text primary key). */
  compareAsText: boolean;
}

export class PreviewQueryError extends Error {}

/** Columns that make a row's position unique within equal sort values, in this order when present. */
const KEY_COLUMNS = ['ENTITY', 'ANCHOR_TIMESTAMP', 'TIMESTAMP', 'CLASS'];

const TEXT_OPS: ReadonlySet<FilterOp> = new Set(['contains', 'notContains', 'equals', 'notEquals', 'startsWith']);
const COMPARE_OPS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

function columnOf(schema: PreviewSchema, name: string): PreviewColumn {
  const column = schema.columns.find((c) => c.name === name);
  if (!column) throw new PreviewQueryError(`the output has no column '${name}'`);
  return column;
}

/** A column as the joined relation (`o` for the output, `e` for the entity side) names it. */
function ref(column: PreviewColumn, outputAlias = 'o'): string {
  return `${column.origin === 'entity' ? 'e' : outputAlias}.${sqlIdent(column.name)}`;
}

/** The SQL condition of one filter; its value is appended to `params`. */
export function filterCondition(column: PreviewColumn, filter: PreviewFilter, params: (string | number)[]): string {
  const c = ref(column);
  const bind = (value: string | number): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const { op } = filter;
  if (op === 'isEmpty' || op === 'notEmpty') {
    const empty =
      column.kind === 'text'
        ? `(${c} IS NULL OR CAST(${c} AS VARCHAR) = '')`
        : column.kind === 'list'
          ? `(${c} IS NULL OR len(${c}) = 0)`
          : `${c} IS NULL`;
    return op === 'isEmpty' ? empty : `NOT ${empty}`;
  }
  if (op === 'isTrue' || op === 'isFalse') {
    if (column.kind !== 'boolean') throw new PreviewQueryError(`'${column.name}' is not a true/false column`);
    return `${c} = ${op === 'isTrue' ? 'true' : 'false'}`;
  }
  if (column.kind === 'list') throw new PreviewQueryError(`'${column.name}' holds lists: filter it by empty or not`);
  if (TEXT_OPS.has(op)) {
    if (typeof filter.value !== 'string') throw new PreviewQueryError(`a text filter on '${column.name}' needs text`);
    const text = `CAST(${c} AS VARCHAR)`;
    const value = bind(filter.value);
    switch (op) {
      case 'contains':
        return `contains(lower(${text}), lower(${value}))`;
      case 'notContains':
        return `NOT coalesce(contains(lower(${text}), lower(${value})), false)`;
      case 'startsWith':
        return `starts_with(lower(${text}), lower(${value}))`;
      case 'equals':
        return `${text} = ${value}`;
      default:
        return `${text} IS DISTINCT FROM ${value}`;
    }
  }
  const operator = COMPARE_OPS[op];
  if (!operator) throw new PreviewQueryError(`unknown filter '${op}'`);
  if (column.kind === 'number') {
    const value = typeof filter.value === 'string' ? Number(filter.value.trim()) : filter.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || filter.value === '')
      throw new PreviewQueryError(`'${column.name}' ${operator} needs a number`);
    return `CAST(${c} AS DOUBLE) ${operator} CAST(${bind(value)} AS DOUBLE)`;
  }
  if (column.kind === 'time') {
    if (typeof filter.value !== 'string' || Number.isNaN(Date.parse(filter.value)))
      throw new PreviewQueryError(`'${column.name}' ${operator} needs a date such as 2010-01-01`);
    return `CAST(${c} AS TIMESTAMP) ${operator} CAST(${bind(filter.value.trim())} AS TIMESTAMP)`;
  }
  throw new PreviewQueryError(`'${column.name}' is ${kindName(column.kind)}: compare it with the text filters`);
}

function kindName(kind: PreviewColumnKind): string {
  return kind === 'boolean' ? 'true/false' : kind;
}

function whereClause(schema: PreviewSchema, view: PreviewView, params: (string | number)[]): string {
  const conditions = view.filters.map((f) => filterCondition(columnOf(schema, f.column), f, params));
  return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * The order: the chosen column (empty values last both ways), then the columns that name a row (ENTITY,
 * its anchor time and class), so that equal scores page in one fixed order and no row is shown twice or skipped.
 */
function orderClause(schema: PreviewSchema, view: PreviewView, outputAlias: string): string {
  const keys: string[] = [];
  if (view.sort) {
    const column = columnOf(schema, view.sort.column);
    if (column.kind === 'list') throw new PreviewQueryError(`'${column.name}' holds lists and cannot be sorted`);
    keys.push(`${ref(column, outputAlias)} ${view.sort.descending ? 'DESC' : 'ASC'} NULLS LAST`);
  }
  const output = schema.columns.filter((c) => c.origin === 'output' && c.kind !== 'list');
  const keyColumns = KEY_COLUMNS.map((name) => output.find((c) => c.name === name)).filter(
    (c): c is PreviewColumn => !!c,
  );
  // ENTITY (with its anchor and class) names a row of a prediction output; other files fall back to every column.
  const tiebreak = keyColumns.some((c) => c.name === 'ENTITY') ? keyColumns : output;
  for (const column of tiebreak) {
    if (column.name !== view.sort?.column) keys.push(`${ref(column, outputAlias)} ASC NULLS LAST`);
  }
  return keys.length > 0 ? ` ORDER BY ${keys.join(', ')}` : '';
}

function usesEntity(schema: PreviewSchema, view: PreviewView): boolean {
  const entityColumns = new Set(schema.columns.filter((c) => c.origin === 'entity').map((c) => c.name));
  return (
    (view.sort !== undefined && entityColumns.has(view.sort.column)) ||
    view.filters.some((f) => entityColumns.has(f.column))
  );
}

function joinOn(entity: EntitySide, outputAlias: string): string {
  const outputKey = `${outputAlias}.${sqlIdent(entity.outputKey)}`;
  const entityKey = `e.${sqlIdent(entity.entityKey)}`;
  return entity.compareAsText
    ? `CAST(${outputKey} AS VARCHAR) = CAST(${entityKey} AS VARCHAR)`
    : `${outputKey} = ${entityKey}`;
}

/** `o.*` and the entity columns, in `schema.columns` order. */
function selectList(schema: PreviewSchema, outputAlias: string): string {
  return schema.columns.map((c) => ref(c, outputAlias)).join(', ');
}

/** The relation with the entity table joined: `FROM output o LEFT JOIN entity e ON ...`. */
function fromClause(schema: PreviewSchema, withEntity: boolean): string {
  const output = `${schema.output} o`;
  if (!withEntity || !schema.entity) return ` FROM ${output}`;
  return ` FROM ${output} LEFT JOIN ${schema.entity.relation} e ON ${joinOn(schema.entity, 'o')}`;
}

/** Every row of the view, filtered and sorted, with the entity's columns (for the export). */
export function viewQuery(schema: PreviewSchema, view: PreviewView): BoundSql {
  const params: (string | number)[] = [];
  const sql =
    `SELECT ${selectList(schema, 'o')}${fromClause(schema, true)}` +
    `${whereClause(schema, view, params)}${orderClause(schema, view, 'o')}`;
  return { sql, params };
}

/**
 * One page. When the sort and the filters only read the output's own columns, the page is cut from the
 * output first and only its rows are joined to the entity table (a join of `limit` rows, not of all).
 */
export function pageQuery(schema: PreviewSchema, view: PreviewView, offset: number, limit: number): BoundSql {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new PreviewQueryError('the page offset must be 0 or more');
  if (!Number.isSafeInteger(limit) || limit < 1) throw new PreviewQueryError('a page has at least one row');
  const params: (string | number)[] = [];
  const where = whereClause(schema, view, params);
  const bounds = ` LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`;
  if (!schema.entity || usesEntity(schema, view)) {
    const sql = `SELECT ${selectList(schema, 'o')}${fromClause(schema, true)}${where}${orderClause(schema, view, 'o')}${bounds}`;
    return { sql, params };
  }
  const outputOnly: PreviewSchema = { ...schema, entity: undefined };
  const page = `SELECT o.*${fromClause(outputOnly, false)}${where}${orderClause(schema, view, 'o')}${bounds}`;
  const sql =
    `WITH page AS (${page}) SELECT ${selectList(schema, 'p')} FROM page p` +
    ` LEFT JOIN ${schema.entity.relation} e ON ${joinOn(schema.entity, 'p')}${orderClause(schema, view, 'p')}`;
  return { sql, params };
}

/** How many rows pass the view's filters. */
export function countQuery(schema: PreviewSchema, view: PreviewView): BoundSql {
  const params: (string | number)[] = [];
  const where = whereClause(schema, view, params);
  return { sql: `SELECT count(*) AS n${fromClause(schema, usesEntity(schema, view))}${where}`, params };
}

/** The filtered rows as a subquery (output columns, plus the entity's when a filter reads them), for stats. */
export function filteredRelation(schema: PreviewSchema, view: PreviewView): BoundSql {
  const params: (string | number)[] = [];
  const where = whereClause(schema, { filters: view.filters }, params);
  if (!where) return { sql: schema.output, params };
  return { sql: `(SELECT o.*${fromClause(schema, usesEntity(schema, view))}${where})`, params };
}
