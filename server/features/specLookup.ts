import type { Position, Range } from 'vscode-languageserver';
import type { EdgeSpec, GraphSpec, Located, Spec, TableSpec } from '../../core/spec/SpecModel';

/** Whether `position` lies in `range` (both ends included: a cursor right after a word is on it). */
export function contains(range: Range, position: Position): boolean {
  const afterStart =
    position.line > range.start.line ||
    (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The graph a spec file itself writes: a graph file's, or a training/prediction spec's inline graph. */
export function ownGraph(spec: Spec | undefined): GraphSpec | undefined {
  if (!spec) return undefined;
  if (spec.kind === 'graph') return spec;
  return spec.graph?.kind === 'inline' ? spec.graph.graph : undefined;
}

export function findTable(graph: GraphSpec | undefined, name: string): TableSpec | undefined {
  return graph?.tables.find((table) => table.name === name);
}

export type TableColumnRole = 'primary_key' | 'time_column' | 'end_time_column' | 'columns';

/** What the cursor is on inside a graph: a table key, a column name of a table, or an end of an edge. */
export type GraphTarget =
  | { kind: 'table'; table: TableSpec; range: Range }
  | { kind: 'column'; table: TableSpec; column: string; role: TableColumnRole; range: Range }
  | { kind: 'edge-table'; edge: EdgeSpec; end: 'src' | 'dst'; table: string; range: Range }
  | { kind: 'edge-fkey'; edge: EdgeSpec; table: string; column: string; range: Range };

export function graphTargetAt(graph: GraphSpec | undefined, position: Position): GraphTarget | undefined {
  if (!graph) return undefined;
  for (const table of graph.tables) {
    if (contains(table.nameRange, position)) return { kind: 'table', table, range: table.nameRange };
    if (!contains(table.range, position)) continue;
    const roles: [TableColumnRole, Located<string> | undefined][] = [
      ['primary_key', table.primaryKey],
      ['time_column', table.timeColumn],
      ['end_time_column', table.endTimeColumn],
    ];
    for (const [role, located] of roles) {
      if (located && contains(located.range, position)) {
        return { kind: 'column', table, column: located.value, role, range: located.range };
      }
    }
    for (const column of table.columns) {
      if (contains(column.keyRange, position)) {
        return { kind: 'column', table, column: column.name, role: 'columns', range: column.keyRange };
      }
    }
  }
  for (const edge of graph.edges) {
    if (contains(edge.srcTable.range, position)) {
      return { kind: 'edge-table', edge, end: 'src', table: edge.srcTable.value, range: edge.srcTable.range };
    }
    if (contains(edge.dstTable.range, position)) {
      return { kind: 'edge-table', edge, end: 'dst', table: edge.dstTable.value, range: edge.dstTable.range };
    }
    if (contains(edge.fkey.range, position)) {
      return { kind: 'edge-fkey', edge, table: edge.srcTable.value, column: edge.fkey.value, range: edge.fkey.range };
    }
  }
  return undefined;
}

/** `src.fkey -> dst`, as messages and the diagram write an edge. */
export function edgeLabel(edge: { srcTable: string; fkey: string; dstTable: string }): string {
  return `${edge.srcTable}.${edge.fkey} -> ${edge.dstTable}`;
}

export function edgeValues(edge: EdgeSpec): { srcTable: string; fkey: string; dstTable: string } {
  return { srcTable: edge.srcTable.value, fkey: edge.fkey.value, dstTable: edge.dstTable.value };
}
