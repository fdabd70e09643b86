import { basename } from 'node:path';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver';
import { hasCode, type Range, type SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import type { EdgePayload } from '../../../core/diagnostics/diagnosticCodeEntry';
import { specKindOfPath } from '../../../core/spec/specFileNames';
import type { TableSpec } from '../../../core/spec/SpecModel';
import { RelgraphCommands } from '../../../protocol/commands';
import { pathToUri } from '../../documents/specFiles';
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
 * The facts are read from the server's own diagnostics (typed by the code registry), matched to the ones
 * the client sends back by code and range: the client's copy of `data` is never trusted.
 */
export class CodeActionProvider {
  constructor(
    private readonly workspace: SpecWorkspace,
    /** Commands the client implements: a fix that runs one is offered only to such clients. */
    private readonly clientCommands: ReadonlySet<string> = new Set(),
    /** A trusted workspace runs jobs; Restricted Mode is offered no fix that starts one. */
    private readonly trusted: () => boolean = () => true,
  ) {}

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
        const own = ownDiagnostic(open, diagnostic);
        if (!own) continue; // stale: the document changed since the client got it
        for (const fix of this.fixesFor(open, own, diagnostic))
          actions.push(this.toAction(open, fix, CodeActionKind.QuickFix));
        const command =
          this.allowOutsideWorkspace(own, diagnostic) ??
          this.trainNow(own, diagnostic) ??
          this.createGraph(open, own, diagnostic);
        if (command) actions.push(command);
      }
      const tables = open.validation.diagnostics.flatMap((d) =>
        hasCode(d, 'training-table-missing') && d.data ? [d.data.table] : [],
      );
      if (tables.length > 1) {
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
    const wantsRefactor = !only || only.some((kind) => kind.startsWith(CodeActionKind.Refactor));
    if (wantsRefactor) {
      const create = this.createGraphForTrainingGraph(open, params.range);
      if (create) actions.push(create);
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
      if (hasCode(diagnostic, 'training-edge-missing') && diagnostic.data) {
        edges.push(edgeOf(diagnostic.data.edge));
        continue;
      }
      for (const fix of this.fixesFor(open, diagnostic)) {
        if (!fix.safe) continue;
        // Two misspelt tables suggesting the same name: neither rename is certain.
        const suggestion = hasCode(diagnostic, 'table-not-in-training') ? diagnostic.data?.suggestion : undefined;
        if (suggestion !== undefined && renamed.has(suggestion)) continue;
        if (suggestion !== undefined) renamed.add(suggestion);
        edits.push(...fix.edits);
      }
    }
    const editor = this.editor(open);
    if (editor && edges.length > 0) edits.push(...editor.insertEdges(edges));
    return edits;
  }

  /** Fixes of one of the server's diagnostics; `lsp` is the client's copy, attached to the actions. */
  private fixesFor(open: OpenSpec, own: SpecDiagnostic, lsp: Diagnostic = toLsp(own)): Fix[] {
    const editor = this.editor(open);
    const graph = ownGraph(open.validation.spec);
    if (hasCode(own, 'table-not-in-training')) {
      if (!editor || !own.data) return [];
      const { table, suggestion } = own.data;
      const fixes: Fix[] = [];
      if (suggestion) {
        const free = !findTable(graph, suggestion);
        fixes.push({
          title: `Rename table '${table}' to '${suggestion}' (the training graph's name)`,
          edits: editor.renameTable(table, suggestion),
          safe: free && this.uniqueSuggestion(open, table, suggestion),
          preferred: free,
          diagnostic: lsp,
        });
      }
      fixes.push({
        title: `Remove table '${table}' and its edges`,
        edits: editor.removeTable(table),
        safe: false,
        diagnostic: lsp,
      });
      return fixes;
    }
    if (hasCode(own, 'training-table-missing')) {
      if (!own.data) return [];
      const { table } = own.data;
      const edits = this.addTrainingTables(open, [table]);
      return edits.length
        ? [{ title: `Add training table '${table}' and its edges`, edits, safe: false, diagnostic: lsp }]
        : [];
    }
    if (hasCode(own, 'training-edge-missing')) {
      if (!editor || !own.data) return [];
      const edge = edgeOf(own.data.edge);
      return [
        {
          title: `Add edge ${edgeLabel(edge)}`,
          edits: editor.insertEdges([edge]),
          safe: true,
          preferred: true,
          diagnostic: lsp,
        },
      ];
    }
    if (own.code === 'threshold-required') {
      return [
        {
          title: 'Add binary_classification_threshold: 0.5',
          edits: [this.addRootKey(open, 'binary_classification_threshold: 0.5')],
          safe: true,
          preferred: true,
          diagnostic: lsp,
        },
      ];
    }
    if (own.code === 'threshold-not-applicable' || own.code === 'classes-not-applicable') {
      const key = own.code === 'threshold-not-applicable' ? 'binary_classification_threshold' : 'num_classes_to_return';
      return [
        {
          title: `Remove ${key} (it has no effect on this task)`,
          edits: [deleteLines(own.range)],
          safe: false,
          diagnostic: lsp,
        },
      ];
    }
    // A misspelt name core found a likely match for (an edge end, a query table or column): replace it.
    const suggestion = suggestionOf(own);
    if (suggestion === undefined) return [];
    return [
      {
        title: `Change to '${suggestion}'`,
        edits: [{ range: own.range, newText: suggestion }],
        safe: false,
        preferred: true,
        diagnostic: lsp,
      },
    ];
  }

  /** `source-outside-workspace`: the user allows this folder's specs to read sources anywhere (a user setting). */
  private allowOutsideWorkspace(own: SpecDiagnostic, lsp: Diagnostic): CodeAction | undefined {
    if (!hasCode(own, 'source-outside-workspace') || !own.data) return undefined;
    if (!this.clientCommands.has(RelgraphCommands.allowOutsideWorkspace)) return undefined;
    const { folder } = own.data;
    return {
      title: `Allow data checks of specs in ${folder} to read files outside it`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lsp],
      command: { title: 'Allow', command: RelgraphCommands.allowOutsideWorkspace, arguments: [folder] },
    };
  }

  /** `model-not-trained`: runs the training spec (the client's "Train model" command, which shows its progress). */
  private trainNow(own: SpecDiagnostic, lsp: Diagnostic): CodeAction | undefined {
    if (!hasCode(own, 'model-not-trained') || !own.data) return undefined;
    if (!this.clientCommands.has(RelgraphCommands.runTraining) || !this.trusted()) return undefined;
    return {
      title: `Train now (${basename(own.data.trainingSpec)})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lsp],
      isPreferred: true,
      command: {
        title: 'Train now',
        command: RelgraphCommands.runTraining,
        arguments: [pathToUri(own.data.trainingSpec)],
      },
    };
  }

  /**
   * A prediction spec's `graph:` names a file that does not exist: create it from the training graph, with
   * the sources matched among new files (the editor's scaffold, which reads data: trusted workspaces only).
   */
  private createGraph(open: OpenSpec, own: SpecDiagnostic, lsp: Diagnostic): CodeAction | undefined {
    const spec = open.validation.spec;
    if (!hasCode(own, 'file-not-found') || spec?.kind !== 'prediction' || spec.graph?.kind !== 'path') return undefined;
    if (!sameRange(own.range, spec.graph.path.range)) return undefined;
    if (!this.clientCommands.has(RelgraphCommands.newInferenceGraph) || !this.trusted()) return undefined;
    if (specKindOfPath(spec.graph.absolutePath) !== 'graph') return undefined;
    return {
      title: `Create ${basename(spec.graph.absolutePath)} from the training graph…`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lsp],
      isPreferred: true,
      command: {
        title: 'New Inference Graph from Training',
        command: RelgraphCommands.newInferenceGraph,
        arguments: [open.doc.uri, spec.graph.absolutePath],
      },
    };
  }

  /**
   * A prediction spec without `graph:` predicts on the training graph. On its `kind:` or `training_job:` line,
   * a refactoring writes an inference graph for new files instead (the same scaffold) and links it into the spec.
   * Local models only (a Kumo model's tables come from connectors: `relgraph scaffold --connector`).
   */
  private createGraphForTrainingGraph(open: OpenSpec, range: Range): CodeAction | undefined {
    const spec = open.validation.spec;
    if (spec?.kind !== 'prediction' || spec.graph !== undefined || !spec.trainingJob) return undefined;
    if (spec.trainingJob.kind === 'kumo') return undefined;
    if (!this.clientCommands.has(RelgraphCommands.newInferenceGraph) || !this.trusted()) return undefined;
    const lines = open.doc.document.getText().split(/\r?\n/);
    const anchors = lines.flatMap((line, i) => (/^(kind|training_job)\s*:/.test(line) ? [i] : []));
    if (!anchors.some((line) => range.start.line <= line && line <= range.end.line)) return undefined;
    return {
      title: 'Predict on new files: create an inference graph from the training graph…',
      kind: CodeActionKind.RefactorRewrite,
      command: {
        title: 'New Inference Graph from Training',
        command: RelgraphCommands.newInferenceGraph,
        arguments: [open.doc.uri],
      },
    };
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
      (d) => hasCode(d, 'table-not-in-training') && d.data?.suggestion === suggestion && d.data.table !== table,
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

function edgeOf(edge: EdgePayload): EdgeValues {
  return { srcTable: edge.src_table, fkey: edge.fkey, dstTable: edge.dst_table };
}

/** The replacement a name check suggested: codes whose payload includes `NameSuggestion` may carry one. */
function suggestionOf(diagnostic: SpecDiagnostic): string | undefined {
  const suggestion = diagnostic.data?.suggestion;
  return typeof suggestion === 'string' ? suggestion : undefined;
}

/** The server's diagnostic the client's one stands for: same code, same range. */
function ownDiagnostic(open: OpenSpec, lsp: Diagnostic): SpecDiagnostic | undefined {
  return [...open.validation.diagnostics, ...open.state.data.diagnostics].find(
    (d) => d.code === lsp.code && sameRange(d.range, lsp.range),
  );
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
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
