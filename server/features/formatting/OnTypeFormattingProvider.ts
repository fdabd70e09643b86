import type { DocumentOnTypeFormattingParams, TextEdit } from 'vscode-languageserver';
import type { SpecWorkspace } from '../../workspace/SpecWorkspace';
import { enterIndentation } from './enterIndentation';

/** Characters after which the client asks (LSP `documentOnTypeFormattingProvider`): Enter only. */
export const ON_TYPE_FORMATTING_TRIGGER = '\n';

/**
 * `textDocument/onTypeFormatting` after Enter: indents the new line as YAML wants (enterIndentation.ts), for
 * editors that format on type (VS Code with `editor.formatOnType`, Emacs, ...). VS Code also gets the same
 * behaviour without that setting from the client's Enter rules.
 */
export class OnTypeFormattingProvider {
  constructor(private readonly workspace: SpecWorkspace) {}

  provide(params: DocumentOnTypeFormattingParams): TextEdit[] {
    if (params.ch !== ON_TYPE_FORMATTING_TRIGGER) return [];
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return [];
    return enterIndentation(open.doc.document.getText(), params.position, params.options);
  }
}
