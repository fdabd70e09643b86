// The extension's entry point (package.json `main`: dist/client/extensionEntry.js), kept a few kilobytes so that
// VS Code's require of it, which nothing of ours can time, costs next to nothing. activate() loads the extension's
// bundle (dist/client/extension.js), so that reading and compiling it (the most of what loading it costs) is counted,
// and hands it the start-up record that every part of the start-up cost is noted in.
import { entryStart } from './startup/entryClock'; // first: it notes when this module starts to run
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { requireBundle } from './startup/requiredBundle';
import { now } from './startup/startupClock';
import { StartupCost } from './startup/StartupCost';

type ExtensionBundle = typeof import('./extension');

let extension: ExtensionBundle | undefined;
const entryEvaluated = now();

export function activate(context: vscode.ExtensionContext): void {
  const startup = new StartupCost(entryStart, entryEvaluated, now());
  const bundle = requireBundle<ExtensionBundle>(path.join(__dirname, 'extension.js'));
  startup.extensionBundleLoaded(bundle);
  extension = bundle.exports;
  extension.activate(context, { cost: startup, loadBundle: requireBundle });
}

export function deactivate(): Promise<void> | undefined {
  return extension?.deactivate();
}
