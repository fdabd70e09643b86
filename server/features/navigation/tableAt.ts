import type { Position, Range } from 'vscode-languageserver';
import { pqlTokenAt } from '../../../core/pql/pqlReference';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import { queryOffsetAt, queryRange } from '../queryPosition';
import { graphTargetAt, ownGraph, type GraphTarget } from '../specLookup';

/** A table name under the cursor: a table key, an edge end, or a table in the query. */
export interface TableAt {
  name: string;
  /** The name's text in the document (what rename replaces). */
  range: Range;
  /** The graph the name is resolved in. */
  graph?: GraphSpec;
  /** Set when the cursor is on a column of the table (a key, an override, a foreign key, a query column). */
  column?: { name: string; range: Range };
  /** The graph-side target, when the cursor is inside this document's own graph. */
  target?: GraphTarget;
}

export function tableAt(validation: SpecValidation, position: Position): TableAt | undefined {
  const graph = ownGraph(validation.spec);
  const target = graphTargetAt(graph, position);
  if (target) {
    switch (target.kind) {
      case 'table':
        return { name: target.table.name, range: target.range, graph, target };
      case 'edge-table':
        return { name: target.table, range: target.range, graph, target };
      case 'column':
        return {
          name: target.table.name,
          range: target.table.nameRange,
          graph,
          column: { name: target.column, range: target.range },
          target,
        };
      case 'edge-fkey':
        return {
          name: target.table,
          range: target.range,
          graph,
          column: { name: target.column, range: target.range },
          target,
        };
    }
  }
  const spec = validation.spec;
  if (spec?.kind !== 'training' || !spec.query) return undefined;
  const offset = queryOffsetAt(spec.query, position);
  const token = offset === undefined ? undefined : pqlTokenAt(spec.query.value, offset);
  if (token?.kind === 'table')
    return { name: token.table, range: queryRange(spec.query, token.span), graph: validation.graph };
  if (token?.kind === 'column') {
    const columnRange = queryRange(spec.query, token.span);
    return {
      name: token.table,
      range: queryRange(spec.query, token.tableSpan),
      graph: validation.graph,
      column: { name: token.column, range: columnRange },
    };
  }
  return undefined;
}
