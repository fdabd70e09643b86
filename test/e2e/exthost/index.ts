// The extension-host test entry point (VS Code's `run(): Promise<void>` contract): runs the tdd suites with mocha
// inside the real extension host and prints one `E2E-RESULT pass|fail` line per test for test/e2e/run.sh.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  // Installs suite()/test() as globals; the suites are bundled, so they are imported (evaluated) only after this.
  mocha.suite.emit('pre-require', globalThis, 'relgraph-e2e', mocha);
  await import('./suites/extension.test');
  await import('./suites/diagnostics.test');
  await import('./suites/completion.test');
  await import('./suites/hover.test');
  await import('./suites/quickFix.test');
  await import('./suites/commands.test');
  await import('./suites/jobs.test');

  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension host test(s) failed`)) : resolve(),
    );
    runner.on('pass', (t) => console.log(`E2E-RESULT pass exthost: ${t.fullTitle()}`));
    runner.on('fail', (t, error) =>
      console.log(
        `E2E-RESULT fail exthost: ${t.fullTitle()}\n    ${String(error.stack ?? error).replace(/\n/g, '\n    ')}`,
      ),
    );
  });
}
