// Shared by the UI test and the extension-host test driver: Debian chromium driven by playwright-core (both from
// test/e2e/tools, which is not the root package), a result reporter, and the code-server URL/payload helpers.
import { createRequire } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { URL } from 'node:url';

const requireFromTools = createRequire(new URL('../tools/package.json', import.meta.url));
const { chromium } = requireFromTools('playwright-core');

/** The flags this machine needs: no sandbox as root, no GPU, and no background calls to Google's hosts. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A fresh persistent profile (Playwright refuses --user-data-dir in args) in a folder of the run directory. */
export async function launchBrowser(profileDir) {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * The workbench URL of a folder. Relgraph itself is the .vsix installed into code-server's extensions folder
 * (run.sh); `extensionDir` loads a development extension beside it via `payload` (the extension-host tests need
 * one to run `extensionTestsPath`: the tiny harness extension, never Relgraph's sources).
 */
export function workbenchUrl({ base, folder, extensionDir, extensionTestsPath }) {
  const authority = new URL(base).host;
  const payload = [];
  if (extensionDir) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDir}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
  payload.push(['skipWelcome', 'true']);
  return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Arguments as --name value pairs. */
export function parseArgs(argv, required) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of required) if (!args[name]) throw new Error(`missing --${name}`);
  return args;
}

/**
 * One `E2E-RESULT pass|fail <name>` line per check, which run.sh counts. The checks of one UI scenario depend on
 * each other, so after the first failure the rest are reported as failed ("not run") rather than silently dropped.
 */
export function createReporter(prefix) {
  let failedAt;
  const results = [];
  return {
    async check(name, fn) {
      const title = `${prefix}: ${name}`;
      if (failedAt) {
        results.push(false);
        console.log(`E2E-RESULT fail ${title} (not run: "${failedAt}" failed)`);
        return;
      }
      try {
        await fn();
        results.push(true);
        console.log(`E2E-RESULT pass ${title}`);
      } catch (error) {
        failedAt = name;
        results.push(false);
        console.log(`E2E-RESULT fail ${title}\n${String(error?.stack ?? error).replace(/^/gm, '    ')}`);
      }
    },
    get failed() {
      return results.some((ok) => !ok);
    },
  };
}
