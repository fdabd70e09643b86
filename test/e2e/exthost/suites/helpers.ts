// Helpers for the extension-host suites: workspace files, and waiting on diagnostics through VS Code's own event
// (no sleeps). Timeouts are hang guards; a timeout error says what was last seen.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const SERVER_TIMEOUT_MS = 60_000;

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'code-server opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openSpec(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

export function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(no diagnostics)';
  return diagnostics
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.message}`,
    )
    .join('\n');
}

export const errorsOf = (diagnostics: readonly vscode.Diagnostic[]) =>
  diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

/** Resolves with the document's diagnostics once `accept` holds for them; rejects after the timeout. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = SERVER_TIMEOUT_MS,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const last = describe(vscode.languages.getDiagnostics(uri));
      reject(
        new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} in ${uri.path}; last seen:\n${last}`),
      );
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export function withCode(code: string) {
  return (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === code);
}

/** Replaces the first occurrence of `search` in the open document (unsaved, like typing). */
export async function replaceInDocument(document: vscode.TextDocument, search: string, replacement: string) {
  const offset = document.getText().indexOf(search);
  assert.ok(offset >= 0, `'${search}' not found in ${document.uri.path}`);
  const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + search.length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, replacement);
  assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit was refused');
}
