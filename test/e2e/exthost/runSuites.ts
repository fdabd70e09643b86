// Runs tdd suites with mocha inside the real extension host and prints one `E2E-RESULT pass|fail` line per test
// for test/e2e/run.sh. `load` imports the suites: they are bundled, so they are evaluated only after mocha has
// installed suite()/test() as globals.
import Mocha from 'mocha';

export async function runSuites(load: () => Promise<unknown>): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'relgraph-e2e', mocha);
  await load();
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
