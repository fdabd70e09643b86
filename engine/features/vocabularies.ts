import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import type { LoadedColumn, LoadedGraph, LoadedTable } from './GraphTables';

/** Reads (and caches) a column's most frequent values, as DuckDB prints them. */
export class VocabularyReader {
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly session: DuckDbSession,
    private readonly options: { maxCategories: number; vocabularyCutoff?: string },
    private readonly signal?: AbortSignal,
  ) {}

  async read(table: LoadedTable, col: LoadedColumn): Promise<string[]> {
    const key = `${table.name}\u0000${col.name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const value = `CAST(${sqlIdent(col.name)} AS VARCHAR)`;
    const conditions = [`${sqlIdent(col.name)} IS NOT NULL`];
    if (this.options.vocabularyCutoff && table.timeColumn) {
      conditions.push(
        `${sqlIdent(table.timeColumn)} <= CAST(${sqlString(this.options.vocabularyCutoff)} AS TIMESTAMP)`,
      );
    }
    // Ties in frequency are broken by value, so the vocabulary (and the model) is the same on every run.
    const rows = await this.session.rows(
      `SELECT ${value} AS v, count(*) AS n FROM ${sqlIdent(table.relation)} WHERE ${conditions.join(' AND ')} ` +
        `GROUP BY v HAVING count(*) >= 2 ORDER BY n DESC, v LIMIT ${this.options.maxCategories}`,
      this.signal,
    );
    const vocabulary = rows.map((r) => String(r.v));
    this.cache.set(key, vocabulary);
    return vocabulary;
  }
}

/** Foreign keys of a table, by column. */
export function foreignKeys(graph: LoadedGraph, table: string): Map<string, string> {
  return new Map(graph.edges.filter((e) => e.srcTable === table).map((e) => [e.fkey, e.dstTable]));
}

/**
 * A foreign key to a table without a time column points at a dimension (a status, a country, a
 * team): its values behave like categories. A key to a timed table (an order, a race) identifies
 * one event and would only make noise as a category.
 */
export function isDimensionKey(graph: LoadedGraph, table: string, col: string): boolean {
  const target = foreignKeys(graph, table).get(col);
  return !!target && !graph.tables.get(target)?.timeColumn;
}
