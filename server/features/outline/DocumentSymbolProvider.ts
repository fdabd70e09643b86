import { isMap, isScalar, type Node } from 'yaml';
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type Range } from 'vscode-languageserver';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import type { SpecWorkspace } from '../../workspace/SpecWorkspace';
import { edgeLabel, edgeValues } from '../specLookup';

/** The outline is capped so that a huge generated spec cannot stall the editor (the YAML-server lesson). */
const MAX_SYMBOLS = 5_000;

/**
 * The outline: tables (with their key, time and overridden columns) and edges for graphs, wherever the
 * graph is written, and the other top-level keys with their values.
 */
export class DocumentSymbolProvider {
  constructor(private readonly workspace: SpecWorkspace) {}

  provide(params: DocumentSymbolParams): DocumentSymbol[] {
    const open = this.workspace.open(params.textDocument.uri);
    const parsed = open ? this.workspace.parsed(open.doc.path) : undefined;
    const root = parsed?.document?.contents as Node | null | undefined;
    if (!open || !parsed?.ranges || !isMap(root)) return [];
    const spec = open.validation.spec;
    const budget = { left: MAX_SYMBOLS };
    const symbols: DocumentSymbol[] = [];
    for (const pair of root.items) {
      if (!isScalar(pair.key) || !pair.key.range || budget.left-- <= 0) continue;
      const key = String(pair.key.value);
      const value = pair.value as Node | null;
      const keyRange = parsed.ranges.range(pair.key.range[0], pair.key.range[1]);
      const fullRange = parsed.ranges.range(pair.key.range[0], value?.range?.[1] ?? pair.key.range[1]);
      if (spec?.kind === 'graph' && (key === 'tables' || key === 'edges')) {
        symbols.push(this.graphSection(key, spec, keyRange, fullRange, budget));
      } else if (key === 'graph' && spec && spec.kind !== 'graph' && spec.graph?.kind === 'inline') {
        const graph = spec.graph.graph;
        const children = [
          this.graphSection('tables', graph, graph.tablesKeyRange, fullRange, budget),
          ...(graph.edgesKeyRange ? [this.graphSection('edges', graph, graph.edgesKeyRange, fullRange, budget)] : []),
        ];
        symbols.push({
          name: 'graph',
          detail: 'inline graph',
          kind: SymbolKind.Namespace,
          range: fullRange,
          selectionRange: keyRange,
          children,
        });
      } else {
        const detail = isScalar(value)
          ? String(value.value ?? '')
              .replace(/\s+/g, ' ')
              .slice(0, 80)
          : undefined;
        symbols.push({
          name: key,
          detail,
          kind: isScalar(value) ? SymbolKind.Property : SymbolKind.Object,
          range: fullRange,
          selectionRange: keyRange,
        });
      }
    }
    return symbols;
  }

  private graphSection(
    section: 'tables' | 'edges',
    graph: GraphSpec,
    keyRange: Range,
    fallback: Range,
    budget: { left: number },
  ): DocumentSymbol {
    const children: DocumentSymbol[] = [];
    if (section === 'tables') {
      for (const table of graph.tables) {
        if (budget.left-- <= 0) break;
        const columns: DocumentSymbol[] = [];
        const keys: [string, typeof table.primaryKey][] = [
          ['primary key', table.primaryKey],
          ['time column', table.timeColumn],
          ['end time column', table.endTimeColumn],
        ];
        for (const [role, located] of keys) {
          if (located && budget.left-- > 0) {
            columns.push({
              name: located.value,
              detail: role,
              kind: role === 'primary key' ? SymbolKind.Key : SymbolKind.Field,
              range: located.range,
              selectionRange: located.range,
            });
          }
        }
        for (const column of table.columns) {
          if (budget.left-- <= 0) break;
          const detail = [column.stype?.value, column.dtype?.value, column.exclude ? 'excluded' : undefined]
            .filter(Boolean)
            .join(', ');
          columns.push({
            name: column.name,
            detail,
            kind: SymbolKind.Field,
            range: { start: column.keyRange.start, end: column.range.end },
            selectionRange: column.keyRange,
          });
        }
        children.push({
          name: table.name,
          detail: table.source?.value,
          kind: SymbolKind.Class,
          range: table.range,
          selectionRange: table.nameRange,
          children: columns,
        });
      }
    } else {
      for (const edge of graph.edges) {
        if (budget.left-- <= 0) break;
        children.push({
          name: edgeLabel(edgeValues(edge)),
          kind: SymbolKind.Interface,
          range: edge.range,
          selectionRange: edge.range,
        });
      }
    }
    const range =
      children.length > 0 ? { start: keyRange.start, end: children[children.length - 1].range.end } : keyRange;
    return {
      name: section,
      detail: `${children.length}`,
      kind: SymbolKind.Namespace,
      range: contains(fallback, range) ? range : keyRange,
      selectionRange: keyRange,
      children,
    };
  }
}

/** Whether `inner` lies inside `outer` (a symbol's range must contain its children's). */
function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}
