// The extension's entry point (package.json `main`: dist/client/extensionEntry.js), kept a few kilobytes so that
// VS Code's require of it, which nothing of ours can time, costs next to nothing. activate() loads the extension's
// bundle (dist/client/extension.js) with a V8 code cache in the extension's global storage (never the workspace,
// which is untrusted) and hands it the start-up record that every part of the start-up cost is noted in.
import { entryStart } from './startup/entryClock'; // first: it notes when this module starts to run
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { loadCodeCachedBundle } from './startup/codeCachedBundle';
import { now } from './startup/startupClock';
import { StartupCost } from './startup/StartupCost';

type ExtensionBundle = typeof import('./extension');

let extension: ExtensionBundle | undefined;
const entryEvaluated = now();

export function activate(context: vscode.ExtensionContext): void {
  const startup = new StartupCost(entryStart, entryEvaluated, now());
  // A remote or web storage location has no file path for the cache: the bundle is then compiled from its text.
  const storage = context.globalStorageUri;
  const cacheDir = storage.scheme === 'file' ? path.join(storage.fsPath, 'code-cache') : undefined;
  const bundle = loadCodeCachedBundle<ExtensionBundle>(path.join(__dirname, 'extension.js'), cacheDir);
  startup.extensionBundleLoaded(bundle);
  extension = bundle.exports;
  extension.activate(context, {
    cost: startup,
    loadBundle: (file) => loadCodeCachedBundle(file, cacheDir),
    clock: now,
  });
}

export function deactivate(): Promise<void> | undefined {
  return extension?.deactivate();
}
