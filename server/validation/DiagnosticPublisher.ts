import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { ServerSettings } from '../ServerSettings';
import type { SpecState } from './SpecState';
import { toLspDiagnostic } from './toLspDiagnostic';

/**
 * Publishes one document's diagnostics: the static tier ('relgraph') and the data tier ('relgraph-data')
 * merged into one list, since LSP keeps one list per document and server. Data diagnostics stay until
 * the next data run replaces them, so they do not flicker away on every keystroke.
 */
export class DiagnosticPublisher {
  constructor(
    private readonly connection: Connection,
    private readonly settings: () => ServerSettings,
  ) {}

  publish(state: SpecState): void {
    const overrides = this.settings().severityOverrides;
    const diagnostics: Diagnostic[] = [];
    for (const diagnostic of [...state.validation.diagnostics, ...state.data.diagnostics]) {
      const lsp = toLspDiagnostic(diagnostic, overrides);
      if (lsp) diagnostics.push(lsp);
    }
    void this.connection.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics });
  }

  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
