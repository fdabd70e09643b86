// The extension-host test entry point of an UNTRUSTED workspace (VS Code's Restricted Mode): run.sh starts a
// second code-server with workspace trust on for it.
import { runSuites } from './runSuites';

export function run(): Promise<void> {
  return runSuites(() => import('./suites/restricted.test'));
}
