import type { PathStep } from './FeaturePlan';
import type { LoadedGraph } from './GraphTables';

/**
 * Every path of 1..maxHops steps from the entity table along the graph's edges, in either direction:
 * to a parent (many-to-one, the current table's foreign key) or to a child (one-to-many, the child's
 * foreign key to the current table).
 *
 * Left out, because they would only repeat rows already seen or leak the entity's own rows back into
 * its features: stepping straight back over the edge just used, and any path that returns to the
 * entity table. Steps that would join by a key a table does not have are left out too.
 * Order is deterministic: by hop count, then edge order in the graph, parents before children.
 */
export function relationalPaths(graph: LoadedGraph, entityTable: string, maxHops: number): PathStep[][] {
  const paths: PathStep[][] = [];
  let frontier: PathStep[][] = [[]];
  for (let hop = 1; hop <= maxHops; hop++) {
    const next: PathStep[][] = [];
    for (const path of frontier) {
      const current = path.length === 0 ? entityTable : path[path.length - 1].table;
      for (const step of neighbours(graph, current)) {
        if (step.table === entityTable) continue;
        const last = path[path.length - 1];
        const previous = path.length < 2 ? entityTable : path[path.length - 2].table;
        if (last && reversesStep(last, step, previous)) continue;
        if (!joinable(graph, current, step, path.length === 0)) continue;
        next.push([...path, step]);
      }
    }
    paths.push(...next);
    frontier = next;
  }
  return paths;
}

function neighbours(graph: LoadedGraph, table: string): PathStep[] {
  const parents = graph.edges
    .filter((e) => e.srcTable === table)
    .map((e): PathStep => ({ table: e.dstTable, direction: 'parent', fkey: e.fkey }));
  const children = graph.edges
    .filter((e) => e.dstTable === table)
    .map((e): PathStep => ({ table: e.srcTable, direction: 'child', fkey: e.fkey }));
  return [...parents, ...children];
}

/** `last` came from `previous`; does `step` walk the same edge back to it? */
function reversesStep(last: PathStep, step: PathStep, previous: string): boolean {
  return last.fkey === step.fkey && last.direction !== step.direction && step.table === previous;
}

/**
 * A parent step needs the parent's primary key; a child step beyond the entity needs the current
 * table's primary key (the entity's key is the ENTITY column itself).
 */
function joinable(graph: LoadedGraph, current: string, step: PathStep, fromEntity: boolean): boolean {
  if (step.direction === 'parent') return !!graph.tables.get(step.table)?.primaryKey;
  return fromEntity || !!graph.tables.get(current)?.primaryKey;
}

/** Readable path name: `results`, `results>races`; a table reached twice by different keys gets `(fkey)`. */
export function pathName(path: PathStep[], all: PathStep[][]): string {
  return path
    .map((step, i) => {
      const ambiguous = all.some(
        (other) =>
          other.length > i &&
          other[i].table === step.table &&
          other[i].fkey !== step.fkey &&
          samePrefix(other, path, i),
      );
      return ambiguous ? `${step.table}(${step.fkey})` : step.table;
    })
    .join('>');
}

function samePrefix(a: PathStep[], b: PathStep[], length: number): boolean {
  for (let i = 0; i < length; i++) {
    if (a[i].table !== b[i].table || a[i].fkey !== b[i].fkey || a[i].direction !== b[i].direction) return false;
  }
  return true;
}
