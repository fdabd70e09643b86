import type { Connection } from 'vscode-languageserver';
import type { TableDataService } from '../data/TableDataService';
import { guard } from '../handlerGuard';
import { BUNDLED_SCHEMAS } from '../schema/bundledSchemas';
import { SchemaCatalog } from '../schema/SchemaCatalog';
import type { ServerSettings } from '../ServerSettings';
import type { SpecWorkspace } from '../workspace/SpecWorkspace';
import { CodeActionProvider } from './codeActions/CodeActionProvider';
import { CompletionProvider } from './completion/CompletionProvider';
import { OnTypeFormattingProvider } from './formatting/OnTypeFormattingProvider';
import { HoverProvider } from './hover/HoverProvider';
import { CodeLensProvider } from './lenses/CodeLensProvider';
import { NavigationProvider } from './navigation/NavigationProvider';
import { DocumentSymbolProvider } from './outline/DocumentSymbolProvider';
import { FoldingRangeProvider } from './outline/FoldingRangeProvider';

/**
 * `.` for `table.column` in queries, `:` and space after a key (YAML values are strings, where editors do
 * not suggest while typing), `/` in paths. A space only answers right after `key: ` and `FOR EACH `.
 */
export const FEATURE_TRIGGER_CHARACTERS = ['.', ':', ' ', '/'];

export interface FeatureDependencies {
  workspace: SpecWorkspace;
  tableData: TableDataService;
  settings: () => ServerSettings;
  clientCommands: ReadonlySet<string>;
  /** The client inserts snippets. */
  snippets: boolean;
}

/** Registers every language feature on the connection, each behind a guard that logs and degrades instead of failing. */
export function registerFeatures(connection: Connection, deps: FeatureDependencies): void {
  const log = connection.console;
  const catalog = new SchemaCatalog(BUNDLED_SCHEMAS);
  // VS Code can re-open suggestions after a key is inserted; other clients may not know the command.
  const retrigger =
    deps.clientCommands.size > 0 ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined;
  const completion = new CompletionProvider(deps.workspace, catalog, deps.tableData, {
    snippets: deps.snippets,
    retrigger,
  });
  const hover = new HoverProvider(deps.workspace, catalog, deps.tableData);
  const actions = new CodeActionProvider(deps.workspace, deps.clientCommands, () => deps.settings().trusted);
  const navigation = new NavigationProvider(deps.workspace);
  const symbols = new DocumentSymbolProvider(deps.workspace);
  const folding = new FoldingRangeProvider(deps.workspace);
  const lenses = new CodeLensProvider(deps.workspace, deps.clientCommands, deps.settings);
  const onType = new OnTypeFormattingProvider(deps.workspace);

  connection.onCompletion(guard(log, 'Completion', { isIncomplete: false, items: [] }, (p) => completion.provide(p)));
  connection.onHover(guard(log, 'Hover', null, (p) => hover.provide(p)));
  connection.onCodeAction(guard(log, 'Code actions', [], (p) => actions.provide(p)));
  connection.onDefinition(guard(log, 'Definition', null, (p) => navigation.definition(p)));
  connection.onReferences(guard(log, 'References', null, (p) => navigation.references(p)));
  connection.onPrepareRename(guard(log, 'Prepare rename', null, (p) => navigation.prepareRename(p)));
  // Rename reports invalid names as errors on purpose, so it is not guarded.
  connection.onRenameRequest((p) => navigation.rename(p));
  connection.onDocumentSymbol(guard(log, 'Document symbols', [], (p) => symbols.provide(p)));
  connection.onFoldingRanges(guard(log, 'Folding', [], (p) => folding.provide(p)));
  connection.onCodeLens(guard(log, 'Code lenses', [], (p) => lenses.provide(p)));
  connection.onDocumentOnTypeFormatting(guard(log, 'On-type formatting', [], (p) => onType.provide(p)));
}
