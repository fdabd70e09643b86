import type { PqlGraphView } from './PqlGraphView';
import { formatColumnName, quoteName } from './pqlNames';

/** One foreign key followed from its table to the table it points to: `orders.user_id -> users`. */
export interface ForeignKeyHop {
  table: string;
  fkey: string;
  to: string;
}

export type ForeignKeyPath = ForeignKeyHop[];

/**
 * The local engine aggregates rows up to three foreign keys away from the entity (engine/features/pqlSql.ts),
 * so a longer chain is as good as none.
 */
export const MAX_PATH_HOPS = 3;

/** Stop enumerating once this many paths are found: one more than needed to call a link ambiguous, with room to name them. */
const MAX_PATHS = 8;

/** The foreign keys of `from` that point to `to` (several make the link between the two tables ambiguous). */
export function directForeignKeys(graph: PqlGraphView, from: string, to: string): string[] {
  const table = graph.tables.get(from);
  if (!table) return [];
  return [...table.foreignKeys].filter(([fkey, dst]) => dst === to && fkey !== table.primaryKey).map(([fkey]) => fkey);
}

/**
 * The shortest chains of foreign keys leading from `from` to `to` (each row of `from` then belongs to
 * exactly one row of `to`), at most MAX_PATH_HOPS long. Empty when none exists; several of the same
 * length mean the link is ambiguous.
 */
export function shortestForeignKeyPaths(
  graph: PqlGraphView,
  from: string,
  to: string,
  maxHops = MAX_PATH_HOPS,
): ForeignKeyPath[] {
  let frontier: ForeignKeyPath[] = [[]];
  for (let hops = 1; hops <= maxHops; hops++) {
    const next: ForeignKeyPath[] = [];
    const found: ForeignKeyPath[] = [];
    for (const path of frontier) {
      const at = path.length === 0 ? from : path[path.length - 1].to;
      const visited = new Set([from, ...path.map((hop) => hop.to)]);
      const table = graph.tables.get(at);
      for (const [fkey, dst] of table?.foreignKeys ?? []) {
        if (fkey === table?.primaryKey) continue;
        const extended = [...path, { table: at, fkey, to: dst }];
        if (dst === to) found.push(extended);
        else if (!visited.has(dst)) next.push(extended);
      }
    }
    if (found.length > 0) return found.slice(0, MAX_PATHS);
    frontier = next.slice(0, 64 * MAX_PATHS);
    if (frontier.length === 0) return [];
  }
  return [];
}

/**
 * A table that links `entity` and `other` through its own foreign keys (`orders` between `users` and
 * `products`): the other table is then reachable, but only through many rows of the middle one.
 */
export function sharedChildTables(graph: PqlGraphView, entity: string, other: string): string[] {
  const middles: string[] = [];
  for (const [name] of graph.tables) {
    if (name === entity || name === other) continue;
    if (directForeignKeys(graph, name, entity).length > 0 && directForeignKeys(graph, name, other).length > 0) {
      middles.push(name);
    }
  }
  return middles;
}

/** `orders.user_id -> users, users.region_id -> regions` */
export function describePath(path: ForeignKeyPath): string {
  return path.map((hop) => `${formatColumnName(hop.table, hop.fkey)} -> ${quoteName(hop.to)}`).join(', ');
}

/** `orders.user_id -> users` for each foreign key of `from` to `to`. */
export function describeForeignKeys(from: string, fkeys: string[], to: string): string {
  return fkeys.map((fkey) => `${formatColumnName(from, fkey)} -> ${quoteName(to)}`).join(', ');
}
