import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver';
import type { SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import type { TableSpec } from '../../../core/spec/SpecModel';
import type { OpenSpec, SpecWorkspace } from '../../workspace/SpecWorkspace';
import { edgeLabel, edgeValues, findTable, ownGraph } from '../specLookup';
import { GraphEditor, type EdgeValues } from './graphEdits';
import { deleteLines, insertLines } from './lineEdits';

/** `source.fixAll.relgraph`: applies the fixes that cannot change what the user meant (see `safe` below). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.relgraph`;

interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes restore the training contract or a required default without guessing: fix-all applies them. */
  safe: boolean;
  preferred?: boolean;
  diagnostic?: Diagnostic;
}

/**
 * Quick fixes keyed by diagnostic code, reading the facts core put in `diagnostic.data` (the training
 * name a misspelt table most likely means, the missing table or edge), plus "fix all" for the safe ones.
 */
export class CodeActionProvider {
  constructor(private readonly workspace: SpecWorkspace) {}

  provide(params: CodeActionParams): CodeAction[] {
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return [];
    const only = params.context.only;
    const wantsFixAll = !only || only.some((kind) => FIX_ALL_KIND.startsWith(kind));
    const wantsQuickFixes = !only || only.some((kind) => CodeActionKind.QuickFix.startsWith(kind));
    const actions: CodeAction[] = [];
    if (wantsQuickFixes) {
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== 'relgraph' && diagnostic.source !== 'relgraph-data') continue;
        for (const fix of this.fixesFor(open, diagnostic))
          actions.push(this.toAction(open, fix, CodeActionKind.QuickFix));
      }
      const missing = open.validation.diagnostics.filter((d) => d.code === 'training-table-missing');
      if (missing.length > 1) {
        const tables = missing.map((d) => String(d.data?.table));
        const edits = this.addTrainingTables(open, tables);
        if (edits.length > 0) {
          actions.push(
            this.toAction(
              open,
              { title: `Add all ${tables.length} missing training tables`, edits, safe: false },
              CodeActionKind.QuickFix,
            ),
          );
        }
      }
    }
    if (wantsFixAll) {
      const edits = this.safeFixes(open);
      if (edits.length > 0)
        actions.push(this.toAction(open, { title: 'Fix all safe Relgraph problems', edits, safe: true }, FIX_ALL_KIND));
    }
    return actions;
  }

  /** All safe fixes of the document at once; edge insertions are merged so that they do not collide. */
  private safeFixes(open: OpenSpec): TextEdit[] {
    const edits: TextEdit[] = [];
    const edges: EdgeValues[] = [];
    const renamed = new Set<string>();
    for (const diagnostic of open.validation.diagnostics) {
      if (diagnostic.code === 'training-edge-missing' && isEdge(diagnostic.data?.edge)) {
        const e = diagnostic.data.edge;
        edges.push({ srcTable: e.src_table, fkey: e.fkey, dstTable: e.dst_table });
        continue;
      }
      for (const fix of this.fixesFor(open, toLsp(diagnostic))) {
        if (!fix.safe) continue;
        // Two misspelt tables suggesting the same name: neither rename is certain.
        if (diagnostic.code === 'table-not-in-training' && renamed.has(String(diagnostic.data?.suggestion))) continue;
        renamed.add(String(diagnostic.data?.suggestion));
        edits.push(...fix.edits);
      }
    }
    const editor = this.editor(open);
    if (editor && edges.length > 0) edits.push(...editor.insertEdges(edges));
    return edits;
  }

  private fixesFor(open: OpenSpec, diagnostic: Diagnostic): Fix[] {
    const data = (diagnostic.data ?? {}) as Record<string, unknown>;
    const editor = this.editor(open);
    const graph = ownGraph(open.validation.spec);
    switch (diagnostic.code) {
      case 'table-not-in-training': {
        if (!editor || typeof data.table !== 'string') return [];
        const fixes: Fix[] = [];
        const suggestion = typeof data.suggestion === 'string' ? data.suggestion : undefined;
        if (suggestion) {
          const free = !findTable(graph, suggestion);
          fixes.push({
            title: `Rename table '${data.table}' to '${suggestion}' (the training graph's name)`,
            edits: editor.renameTable(data.table, suggestion),
            safe: free && this.uniqueSuggestion(open, data.table, suggestion),
            preferred: free,
            diagnostic,
          });
        }
        fixes.push({
          title: `Remove table '${data.table}' and its edges`,
          edits: editor.removeTable(data.table),
          safe: false,
          diagnostic,
        });
        return fixes;
      }
      case 'training-table-missing': {
        if (typeof data.table !== 'string') return [];
        const edits = this.addTrainingTables(open, [data.table]);
        return edits.length
          ? [{ title: `Add training table '${data.table}' and its edges`, edits, safe: false, diagnostic }]
          : [];
      }
      case 'training-edge-missing': {
        if (!editor || !isEdge(data.edge)) return [];
        const edge = { srcTable: data.edge.src_table, fkey: data.edge.fkey, dstTable: data.edge.dst_table };
        return [
          {
            title: `Add edge ${edgeLabel(edge)}`,
            edits: editor.insertEdges([edge]),
            safe: true,
            preferred: true,
            diagnostic,
          },
        ];
      }
      case 'threshold-required':
        return [
          {
            title: 'Add binary_classification_threshold: 0.5',
            edits: [this.addRootKey(open, 'binary_classification_threshold: 0.5')],
            safe: true,
            preferred: true,
            diagnostic,
          },
        ];
      case 'threshold-not-applicable':
      case 'classes-not-applicable': {
        const key =
          diagnostic.code === 'threshold-not-applicable' ? 'binary_classification_threshold' : 'num_classes_to_return';
        return [
          {
            title: `Remove ${key} (it has no effect on this task)`,
            edits: [deleteLines(diagnostic.range)],
            safe: false,
            diagnostic,
          },
        ];
      }
      default:
        // A misspelt name core found a likely match for (an edge end, a query table or column): replace it.
        if (typeof data.suggestion === 'string') {
          return [
            {
              title: `Change to '${data.suggestion}'`,
              edits: [{ range: diagnostic.range, newText: data.suggestion }],
              safe: false,
              preferred: true,
              diagnostic,
            },
          ];
        }
        return [];
    }
  }

  /** Copies training tables into the inference graph, with the training edges between them and the tables it has. */
  private addTrainingTables(open: OpenSpec, names: string[]): TextEdit[] {
    const editor = this.editor(open);
    const graph = ownGraph(open.validation.spec);
    const training = this.workspace.trainingGraphOf(open.validation);
    if (!editor || !graph || !training) return [];
    const tables = names.map((name) => findTable(training, name)).filter((t): t is TableSpec => t !== undefined);
    const present = new Set([...graph.tables.map((t) => t.name), ...tables.map((t) => t.name)]);
    const existing = new Set(graph.edges.map((e) => edgeLabel(edgeValues(e))));
    const edges = training.edges
      .map(edgeValues)
      .filter(
        (e) =>
          (names.includes(e.srcTable) || names.includes(e.dstTable)) &&
          present.has(e.srcTable) &&
          present.has(e.dstTable),
      )
      .filter((e) => !existing.has(edgeLabel(e)));
    return [...editor.insertTables(tables), ...editor.insertEdges(edges)];
  }

  /** Whether no other table of the graph would also be renamed to `suggestion`. */
  private uniqueSuggestion(open: OpenSpec, table: string, suggestion: string): boolean {
    return !open.validation.diagnostics.some(
      (d) => d.code === 'table-not-in-training' && d.data?.suggestion === suggestion && d.data?.table !== table,
    );
  }

  private addRootKey(open: OpenSpec, line: string): TextEdit {
    const spec = open.validation.spec;
    const after =
      spec?.kind === 'prediction' && spec.trainingJob
        ? spec.trainingJob.ref.range.end.line + 1
        : open.doc.document.lineCount;
    return insertLines(open.doc.document, after, [line]);
  }

  private editor(open: OpenSpec): GraphEditor | undefined {
    const graph = ownGraph(open.validation.spec);
    if (!graph) return undefined;
    return new GraphEditor(
      open.doc.document,
      graph,
      this.workspace.parsed(open.doc.path)?.document,
      open.doc.kind === 'graph' ? [] : ['graph'],
    );
  }

  private toAction(open: OpenSpec, fix: Fix, kind: string): CodeAction {
    return {
      title: fix.title,
      kind,
      diagnostics: fix.diagnostic ? [fix.diagnostic] : undefined,
      isPreferred: fix.preferred,
      edit: { changes: { [open.doc.uri]: fix.edits } },
    };
  }
}

function isEdge(value: unknown): value is { src_table: string; fkey: string; dst_table: string } {
  const edge = value as Record<string, unknown> | undefined;
  return typeof edge?.src_table === 'string' && typeof edge.fkey === 'string' && typeof edge.dst_table === 'string';
}

function toLsp(diagnostic: SpecDiagnostic): Diagnostic {
  return {
    range: diagnostic.range,
    message: diagnostic.message,
    code: diagnostic.code,
    source: diagnostic.source,
    data: diagnostic.data,
  };
}
