import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runCli } from '../../../cli/main';
import {
  cacheDirectoryProblem,
  resetCacheDirectoryWarnings,
  usableCacheDirectory,
  userCacheDir,
} from '../../../data/cacheDirectory';
import { DataValidator } from '../../../data/DataValidator';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { DataTier } from '../../../server/data/DataTier';
import { DataFixture } from './dataFixture';

/**
 * Issue 8, finding 8: the data-check cache lived at a predictable `$TMPDIR/relgraph-data-cache-<uid>` that
 * anyone could create first, and an edited entry hid a real `empty-table` warning. Now it lives in the user's
 * cache directory, is refused (with one warning) when someone else could write it, and every entry carries
 * a checksum.
 */
let fx: DataFixture;
const isPosix = process.platform !== 'win32' && typeof process.getuid === 'function';

before(async () => {
  fx = await DataFixture.create();
  // A header-only CSV: the real finding the cache must never hide is `empty-table`.
  fx.write('data/drivers.csv', 'driverId,name\n');
  fx.write(
    'empty.graph.yaml',
    'kind: graph\ntables:\n  drivers:\n    source: data/drivers.csv\n    primary_key: driverId\n',
  );
});
after(() => fs.rmSync(fx.dir, { recursive: true, force: true }));
beforeEach(() => resetCacheDirectoryWarnings());

async function check(cacheDir: string, warnings: string[] = []) {
  const validator = new DataValidator({
    host: new NodeSpecHost(),
    cacheDir,
    onWarning: (message) => warnings.push(message),
  });
  try {
    const diagnostics = await validator.validate(fx.staticValidation('empty.graph.yaml'));
    return { codes: diagnostics.map((d) => d.code), queries: validator.queriesRun, warnings };
  } finally {
    validator.dispose();
  }
}

function entriesOf(cacheDir: string): string[] {
  const dir = path.join(cacheDir, 'data-checks');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
}

describe('where the cache lives', () => {
  it('is the user cache directory: $XDG_CACHE_HOME/relgraph, else ~/.cache/relgraph; never the temp dir', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, 'linux'), '/x/cache/relgraph');
    // The XDG spec ignores a relative XDG_CACHE_HOME.
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'cache', HOME: '/home/u' }, 'linux'), '/home/u/.cache/relgraph');
    assert.equal(userCacheDir({ HOME: '/home/u' }, 'darwin'), '/home/u/.cache/relgraph');
    assert.equal(
      userCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'),
      path.join('C:\\Users\\u\\AppData\\Local', 'relgraph', 'cache'),
    );
  });

  it(
    'is created for the user alone (0700), with entries only the user can read (0600)',
    { skip: !isPosix },
    async () => {
      const cacheDir = fx.path('fresh-cache/relgraph');
      const run = await check(cacheDir);
      assert.deepEqual(run.warnings, []);
      assert.equal(fs.statSync(cacheDir).mode & 0o777, 0o700);
      const entries = entriesOf(cacheDir);
      assert.ok(entries.length > 0, 'the results were cached');
      for (const entry of entries) assert.equal(fs.statSync(entry).mode & 0o777, 0o600, entry);
    },
  );
});

describe('a cache folder that is not the user’s alone', () => {
  it(
    'world-writable: not used, one warning, and the checks still run and find the empty table',
    { skip: !isPosix },
    async () => {
      const cacheDir = fx.path('world-writable');
      fs.mkdirSync(cacheDir);
      fs.chmodSync(cacheDir, 0o777);
      const first = await check(cacheDir);
      assert.deepEqual(first.codes, ['empty-table']);
      assert.equal(first.warnings.length, 1);
      assert.match(first.warnings[0], /world-writable|writable by everyone/);
      assert.match(first.warnings[0], new RegExp(cacheDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.deepEqual(entriesOf(cacheDir), [], 'nothing was written into it');
      // A second validator in the same process (the language server has two) does not repeat the warning.
      const second = await check(cacheDir);
      assert.deepEqual(second.codes, ['empty-table']);
      assert.equal(second.warnings.length, 0);
      assert.ok(second.queries > 0, 'uncached: the data was read again');
    },
  );

  it('group-writable: not used', { skip: !isPosix }, () => {
    const cacheDir = fx.path('group-writable');
    fs.mkdirSync(cacheDir);
    fs.chmodSync(cacheDir, 0o770);
    assert.match(cacheDirectoryProblem(cacheDir) ?? '', /writable by its group \(mode 770\)/);
  });

  it('owned by another user: not used (an injected stat, as a non-root test cannot chown)', () => {
    const cacheDir = fx.path('other-owner');
    const warnings: string[] = [];
    const used = usableCacheDirectory(cacheDir, (m) => warnings.push(m), {
      uid: 1000,
      stat: () => ({ uid: 1001, mode: 0o40700, isDirectory: () => true }),
    });
    assert.equal(used, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /owned by another user \(uid 1001, you are 1000\)/);
    assert.match(warnings[0], /data checks run uncached/);
  });

  it(
    'owned by another user, for real when the tests run as root (CI does)',
    { skip: !isPosix || process.getuid?.() !== 0 },
    async () => {
      const cacheDir = fx.path('chowned');
      fs.mkdirSync(cacheDir, { mode: 0o700 });
      fs.chownSync(cacheDir, 4242, 4242);
      const run = await check(cacheDir);
      assert.deepEqual(run.codes, ['empty-table']);
      assert.equal(run.warnings.length, 1);
      assert.match(run.warnings[0], /owned by another user \(uid 4242/);
      assert.deepEqual(entriesOf(cacheDir), []);
    },
  );

  it('a file where the folder should be: not used', () => {
    const notAFolder = fx.write('not-a-folder', 'x');
    assert.match(cacheDirectoryProblem(notAFolder) ?? '', /cannot be created|is not a folder/);
  });

  it('relgraph validate says so once on stderr and still reports the finding', { skip: !isPosix }, async () => {
    const xdg = fx.path('xdg');
    fs.mkdirSync(path.join(xdg, 'relgraph'), { recursive: true });
    fs.chmodSync(path.join(xdg, 'relgraph'), 0o777);
    let stdout = '';
    let stderr = '';
    const code = await runCli(['validate', 'empty.graph.yaml'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: fx.dir,
      env: { XDG_CACHE_HOME: xdg },
      signal: new AbortController().signal,
    });
    assert.equal(code, 0);
    assert.match(stdout, /warning empty-table/);
    assert.equal(stderr.match(/relgraph validate: the cache folder .* is writable by .*everyone/g)?.length, 1, stderr);
  });
});

describe('the language server', () => {
  it('logs the cache folder problem once in its log, for both of its data validators', { skip: !isPosix }, async () => {
    const xdg = fx.path('server-xdg');
    fs.mkdirSync(path.join(xdg, 'relgraph'), { recursive: true });
    fs.chmodSync(path.join(xdg, 'relgraph'), 0o777);
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = xdg;
    const logged: string[] = [];
    const anySource = { refusal: () => undefined };
    const tier = new DataTier(new NodeSpecHost(), anySource, { warn: (message) => logged.push(message) });
    try {
      await tier.checker(1000);
      await tier.profiler();
    } finally {
      tier.dispose();
      if (before === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = before;
    }
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(
      logged[0],
      /^Relgraph: the cache folder .*relgraph is writable by .*everyone .* data checks run uncached/,
    );
  });
});

describe('cache entries carry a checksum', () => {
  it('an edited entry is ignored and rewritten: the real empty-table warning still appears', async () => {
    const cacheDir = fx.path('edited/relgraph');
    const cold = await check(cacheDir);
    assert.deepEqual(cold.codes, ['empty-table']);
    const warm = await check(cacheDir);
    assert.equal(warm.queries, 0, 'served from the disk cache');

    // The attack of the issue: the profile's row count 0 becomes 5, leaving the checksum as it was.
    let edited = 0;
    for (const file of entriesOf(cacheDir)) {
      const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as { outcome: string };
      if (!entry.outcome.includes('"n":0')) continue;
      entry.outcome = entry.outcome.replace('"n":0', '"n":5');
      fs.writeFileSync(file, JSON.stringify(entry));
      edited++;
    }
    assert.ok(edited > 0, 'found the row-count entries');

    const afterEdit = await check(cacheDir);
    assert.deepEqual(afterEdit.codes, ['empty-table']);
    assert.ok(afterEdit.queries > 0, 'the edited entries were recomputed');
    for (const file of entriesOf(cacheDir)) assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /\\"n\\":5/, file);
    const rewritten = await check(cacheDir);
    assert.equal(rewritten.queries, 0, 'the rewritten entries are trusted again');
  });

  it('an entry copied under another key, or truncated, is ignored', async () => {
    const cacheDir = fx.path('moved/relgraph');
    await check(cacheDir);
    const entries = entriesOf(cacheDir).sort();
    assert.ok(entries.length >= 2);
    const [a, b] = entries;
    fs.copyFileSync(a, b); // b's file now holds a's outcome, checksummed for a's key
    const text = fs.readFileSync(entries[entries.length - 1], 'utf8');
    fs.writeFileSync(entries[entries.length - 1], text.slice(0, text.length / 2));
    const run = await check(cacheDir);
    assert.deepEqual(run.codes, ['empty-table']);
    assert.ok(run.queries > 0);
  });
});
