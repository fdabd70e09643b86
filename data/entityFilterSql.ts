import type { Aggregation, ColumnRef, Condition, TimeUnit } from '../core/pql/ast';
import { conditionSql, intervalSql } from './pqlConditionSql';
import { sqlIdent, sqlString } from './sourceScan';

/**
 * Translates a query's entity filter (`FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 0, days) > 0`)
 * into one DuckDB query counting the entities that pass it at an anchor time t: a window (s, e) covers
 * rows with t+s < time <= t+e, and only rows with time <= t are known (kumo-semantics.md §1.10).
 * Aggregations are supported over the entity table itself or a table with a foreign key to it (one hop);
 * anything else is reported as unsupported and the check is skipped rather than guessed.
 */

export interface FilterTable {
  /** The DuckDB table function reading the source. */
  scan: string;
  /** Column name -> DuckDB type, exactly as in the source. */
  columns: Map<string, string>;
  primaryKey?: string;
  /** Only when it can be read as a timestamp. */
  timeColumn?: string;
  /** Foreign-key column -> the table it points to. */
  foreignKeys: Map<string, string>;
}

export interface EligibilityInput {
  filter: Condition;
  entityTable: string;
  tables: Map<string, FilterTable>;
  /** `YYYY-MM-DD HH:MM:SS`, UTC. */
  anchor: string;
}

export type SqlOrReason = { sql: string } | { unsupported: string };

const KEY = '__relgraph_key';

class Unsupported extends Error {}

/** `SELECT entities, eligible`: entities known at the anchor, and how many of them pass the filter. */
export function eligibilitySql(input: EligibilityInput): SqlOrReason {
  try {
    return { sql: build(input) };
  } catch (error) {
    // Shapes the shared condition SQL cannot express (`< NULL`, ...) are skipped like the ones found here.
    if (error instanceof Error) return { unsupported: error.message };
    throw error;
  }
}

function build(input: EligibilityInput): string {
  const entity = input.tables.get(input.entityTable);
  if (!entity?.primaryKey || !entity.columns.has(entity.primaryKey)) throw new Unsupported('entity table has no key');
  const anchor = `CAST(${sqlString(input.anchor)} AS TIMESTAMP)`;
  const ts = (column: string) => `TRY_CAST(${sqlIdent(column)} AS TIMESTAMP)`;
  const ctes: string[] = [];
  const joins: string[] = [];

  const entityWhere = entity.timeColumn ? ` WHERE ${ts(entity.timeColumn)} <= ${anchor}` : '';
  ctes.push(`e AS (SELECT ${sqlIdent(entity.primaryKey)} AS ${KEY}, * FROM ${entity.scan}${entityWhere})`);

  const entityColumn = (ref: ColumnRef): string => {
    if (ref.table !== input.entityTable || !entity.columns.has(ref.column)) {
      throw new Unsupported(`column ${ref.table}.${ref.column} outside an aggregation`);
    }
    return `e.${sqlIdent(ref.column)}`;
  };

  const aggregation = (agg: Aggregation): string => {
    const table = input.tables.get(agg.column.table);
    if (!table) throw new Unsupported(`unknown table ${agg.column.table}`);
    const link = linkColumn(agg.column.table, table, input.entityTable);
    const conditions = [`${sqlIdent(link)} IS NOT NULL`];
    if (table.timeColumn) {
      const time = ts(table.timeColumn);
      if (agg.window) {
        if (agg.window.start !== -Infinity)
          conditions.push(`${time} > ${offset(anchor, agg.window.start, agg.window.unit)}`);
        conditions.push(`${time} <= ${offset(anchor, agg.window.end, agg.window.unit)}`);
      } else conditions.push(`${time} <= ${anchor}`);
    } else if (agg.window) throw new Unsupported(`${agg.column.table} has no time column`);
    if (agg.filter) {
      const own = (ref: ColumnRef): string => {
        if (ref.table !== agg.column.table || !table.columns.has(ref.column)) {
          throw new Unsupported(`filter column ${ref.table}.${ref.column}`);
        }
        return sqlIdent(ref.column);
      };
      conditions.push(
        conditionSql(agg.filter, (left) => {
          if (left.kind !== 'column') throw new Unsupported('nested aggregation');
          return own(left);
        }),
      );
    }
    const name = `a${ctes.length}`;
    const value = aggregate(agg, table);
    ctes.push(
      `${name} AS (SELECT ${sqlIdent(link)} AS ${KEY}, ${value} AS v FROM ${table.scan} WHERE ${conditions.join(' AND ')} GROUP BY 1)`,
    );
    joins.push(`LEFT JOIN ${name} ON e.${KEY} = ${name}.${KEY}`);
    // Kumo: COUNT and SUM over an empty window are 0; AVG, MIN, MAX, FIRST and LAST are undefined.
    return ['COUNT', 'COUNT_DISTINCT', 'SUM'].includes(agg.fn) ? `coalesce(${name}.v, 0)` : `${name}.v`;
  };

  const where = conditionSql(input.filter, (left) => (left.kind === 'column' ? entityColumn(left) : aggregation(left)));
  return (
    `WITH ${ctes.join(', ')} ` +
    `SELECT count(*) AS entities, count(*) FILTER (WHERE ${where}) AS eligible FROM e ${joins.join(' ')}`
  );
}

/** The column of `table` that holds the entity key: the key itself, or the foreign key pointing at it. */
function linkColumn(name: string, table: FilterTable, entityTable: string): string {
  if (name === entityTable && table.primaryKey) return table.primaryKey;
  for (const [fk, dst] of table.foreignKeys) if (dst === entityTable && table.columns.has(fk)) return fk;
  throw new Unsupported(`${name} does not link directly to ${entityTable}`);
}

function offset(anchor: string, amount: number, unit: TimeUnit): string {
  if (!Number.isFinite(amount)) throw new Unsupported('infinite window end');
  return `(${anchor} + ${intervalSql(amount, unit)})`;
}

function aggregate(agg: Aggregation, table: FilterTable): string {
  const column = agg.column.column;
  if (column === '*') {
    if (agg.fn !== 'COUNT') throw new Unsupported(`${agg.fn}(*)`);
    return 'count(*)';
  }
  if (!table.columns.has(column)) throw new Unsupported(`unknown column ${column}`);
  const c = sqlIdent(column);
  switch (agg.fn) {
    case 'COUNT':
      return `count(${c})`;
    case 'COUNT_DISTINCT':
      return `count(DISTINCT ${c})`;
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX':
      return `${agg.fn.toLowerCase()}(${c})`;
    case 'FIRST':
    case 'LAST':
      if (!table.timeColumn) throw new Unsupported(`${agg.fn} without a time column`);
      return `${agg.fn === 'FIRST' ? 'arg_min' : 'arg_max'}(${c}, TRY_CAST(${sqlIdent(table.timeColumn)} AS TIMESTAMP))`;
    default:
      throw new Unsupported(agg.fn);
  }
}
