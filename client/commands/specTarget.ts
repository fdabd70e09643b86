import * as vscode from 'vscode';
import { specKindOf, type SpecKind } from '../specDocuments';

/**
 * The spec a command acts on: the URI a code lens or menu passed, else the active editor's document.
 * Says why when there is none, so a command run from the palette on the wrong file explains itself.
 */
export function specTarget(arg: unknown, kinds: readonly SpecKind[]): vscode.Uri | undefined {
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : typeof arg === 'string'
        ? vscode.Uri.parse(arg)
        : vscode.window.activeTextEditor?.document.uri;
  const kind = uri ? specKindOf(uri) : undefined;
  if (!uri || !kind || !kinds.includes(kind)) {
    const names = kinds.map((k) => `*.${k}.yaml`).join(' or ');
    void vscode.window.showWarningMessage(`Open a ${names} file first.`);
    return undefined;
  }
  return uri;
}

/** The CLI reads specs from disk: unsaved changes are saved first so the run matches what the editor shows. */
export async function saveIfDirty(uri: vscode.Uri): Promise<boolean> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return !document?.isDirty || (await document.save());
}
