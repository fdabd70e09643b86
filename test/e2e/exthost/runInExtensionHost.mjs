// Runs the bundled mocha suites INSIDE the real extension host of code-server, the way VS Code's own browser
// integration tests do: the workbench's `payload` URL parameter names the development extension and the tests'
// entry point; the workbench reports the tests' console output through window.codeAutomationLog and their exit code
// through window.codeAutomationExit.
//
// node test/e2e/exthost/runInExtensionHost.mjs --base URL --workspace DIR --extension DIR --tests FILE(no .js)
//   --profile DIR [--timeout SECONDS]
import { clearTimeout, setTimeout } from 'node:timers';
import { format } from 'node:util';
import { launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';

const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'extension', 'tests', 'profile']);
const timeoutMs = Number(args.timeout ?? 300) * 1000;

const { context, page } = await launchBrowser(args.profile);
let exitCode;
try {
  exitCode = await new Promise((resolve, reject) => {
    const guard = setTimeout(
      () => reject(new Error(`no exit code from the extension host after ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    Promise.all([
      page.exposeFunction('codeAutomationLog', (_type, logArgs) => console.log(format(...logArgs))),
      page.exposeFunction('codeAutomationExit', (code) => {
        clearTimeout(guard);
        resolve(code);
      }),
    ])
      .then(() =>
        page.goto(
          workbenchUrl({
            base: args.base,
            folder: args.workspace,
            extensionDir: args.extension,
            extensionTestsPath: args.tests,
          }),
        ),
      )
      .catch(reject);
  });
} catch (error) {
  console.log(`E2E-RESULT fail exthost: the extension host test run finished\n    ${error.message}`);
  exitCode = 1;
} finally {
  await context.close();
}
console.log(`extension host tests exit code: ${exitCode}`);
process.exitCode = exitCode === 0 ? 0 : 1;
