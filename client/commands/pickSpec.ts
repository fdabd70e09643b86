import * as path from 'node:path';
import * as vscode from 'vscode';
import { specFileGlob } from '../../protocol/specFiles';
import { SPEC_SEARCH_EXCLUDE, type SpecKind } from '../specDocuments';

/** More than anyone picks from; the search stops there. */
const MAX_SPECS = 500;

/**
 * A spec of `kind` chosen from the workspace's spec files (the run commands started without a spec: the Jobs
 * view's "Train a Model", the palette with another file open). The most recently opened ones come first.
 */
export async function pickSpec(kind: SpecKind, action: string): Promise<vscode.Uri | undefined> {
  // core's one file-name matcher, as a glob: `Churn.Training.YAML` is a training spec here as everywhere else.
  const files = await vscode.workspace.findFiles(specFileGlob([kind]), SPEC_SEARCH_EXCLUDE, MAX_SPECS);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`No *.${kind}.yaml file in this workspace to ${action}.`);
    return undefined;
  }
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const items = files
    .map((uri) => ({
      label: path.basename(uri.fsPath),
      description: path.dirname(vscode.workspace.asRelativePath(uri, vscode.workspace.workspaceFolders?.length !== 1)),
      uri,
    }))
    .sort(
      (a, b) =>
        Number(open.has(b.uri.toString())) - Number(open.has(a.uri.toString())) || a.label.localeCompare(b.label),
    );
  if (items.length === 1) return items[0].uri;
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: `Which *.${kind}.yaml to ${action}?`,
    matchOnDescription: true,
  });
  return picked?.uri;
}
