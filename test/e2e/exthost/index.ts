// The extension-host test entry point (VS Code's `run(): Promise<void>` contract) of a trusted workspace.
import { runSuites } from './runSuites';

export function run(): Promise<void> {
  return runSuites(async () => {
    await import('./suites/extension.test');
    await import('./suites/diagnostics.test');
    await import('./suites/completion.test');
    await import('./suites/hover.test');
    await import('./suites/quickFix.test');
    await import('./suites/commands.test');
    await import('./suites/jobs.test');
    await import('./suites/runs.test');
  });
}
