import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { codeCacheKey, codeCacheName, decodeCodeCache, encodeCodeCache } from '../../../client/startup/codeCacheFile';
import { tempDir } from './jobFixtures';
import { buildLoadBundleOnce } from './loadBundleOnceBuild';

const REPO = path.resolve(__dirname, '../../..');
/** The real language client bundle (npm run build makes it): the largest the extension host loads at start-up. */
const RUNTIME = path.join(REPO, 'dist', 'client', 'languageClientRuntime.js');

interface Loaded {
  cache: string;
  problem?: string;
  exports: string[];
  saved?: string;
  /** How many times the bundle's requires of `vscode` reached the module loader (VS Code's interceptor). */
  vscodeResolutions: number;
}

let work: string;
let loader: string;

/**
 * One load in a fresh process (test/unit/client/loadBundleOnce.ts): a second compile in the same process would be
 * answered by V8's in-memory cache, and a damaged code cache handed to V8 would stop the process.
 */
function load(bundle: string, cacheDir: string, save = false): Loaded {
  const out = execFileSync(process.execPath, [loader, 'cached', bundle, cacheDir, ...(save ? ['save'] : [])], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Loaded;
}

/** A copy of the runtime bundle in a folder of its own; `tail` makes it another build (another extension version). */
function runtimeCopy(name: string, tail = ''): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'languageClientRuntime.js');
  fs.writeFileSync(file, fs.readFileSync(RUNTIME, 'utf8') + tail);
  return file;
}

const cachesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
const keyOf = (bundle: string) => codeCacheKey(createHash('sha256').update(fs.readFileSync(bundle)).digest());
const cacheFileOf = (bundle: string, dir: string) =>
  path.join(dir, codeCacheName(path.basename(bundle), keyOf(bundle)));
const RUNTIME_EXPORTS = ['DidChangeWatchedFilesNotification', 'FileChangeType', 'LanguageClient', 'State'];

describe('loading a client bundle with its V8 code cache (client/startup/codeCachedBundle.ts)', () => {
  before(async () => {
    assert.ok(fs.existsSync(RUNTIME), 'run npm run build first');
    work = tempDir('code-cache');
    loader = path.join(work, 'loadBundleOnce.js');
    await buildLoadBundleOnce(loader);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('compiles the first start from the text, writes the cache after, and the next start uses it', () => {
    const bundle = runtimeCopy('first');
    const cacheDir = path.join(work, 'first-cache');
    const first = load(bundle, cacheDir, true);
    assert.equal(first.cache, 'absent');
    assert.equal(first.problem, undefined);
    for (const name of RUNTIME_EXPORTS) assert.ok(first.exports.includes(name), `no ${name} in ${first.exports}`);
    assert.match(first.saved ?? '', /^Wrote the code cache of languageClientRuntime\.js/);
    assert.deepEqual(cachesIn(cacheDir), [path.basename(cacheFileOf(bundle, cacheDir))]);

    const next = load(bundle, cacheDir, true);
    assert.equal(next.cache, 'used');
    assert.deepEqual(next.exports, first.exports);
    assert.equal(next.saved, undefined, 'a used cache is not written again');
  });

  it('never hands V8 a damaged cache (V8 would stop the process): compiles from the text and writes it again', () => {
    const bundle = runtimeCopy('damaged');
    const cacheDir = path.join(work, 'damaged-cache');
    load(bundle, cacheDir, true);
    const file = cacheFileOf(bundle, cacheDir);
    const whole = fs.readFileSync(file);
    const damages: [string, Buffer][] = [
      ['flipped bytes inside the payload', Buffer.from(whole.map((b, i) => (i > 4096 && i < 4196 ? b ^ 0x5a : b)))],
      ['cut short', whole.subarray(0, whole.length / 2)],
      ['not a cache at all', Buffer.from('{"not": "a code cache"}')],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [damage, contents] of damages) {
      fs.writeFileSync(file, contents);
      const loaded = load(bundle, cacheDir, true);
      assert.equal(loaded.cache, 'corrupt', damage);
      assert.match(loaded.problem ?? '', /is damaged; it is written again after start-up/, damage);
      assert.ok(loaded.exports.includes('LanguageClient'), damage);
      assert.match(loaded.saved ?? '', /^Wrote the code cache/, damage);
      assert.equal(load(bundle, cacheDir).cache, 'used', `${damage}: the rewritten cache`);
    }
  });

  it('notices when V8 refuses a cache that passes our checks, and writes it again', () => {
    const bundle = runtimeCopy('refused');
    const other = runtimeCopy('refused-other', '\n// another build, longer by this line\n');
    const cacheDir = path.join(work, 'refused-cache');
    load(other, cacheDir, true);
    // The other build's V8 data under this build's key: whole and checked, but made from another source.
    const payload = decodeCodeCache(fs.readFileSync(cacheFileOf(other, cacheDir)), keyOf(other))!;
    fs.writeFileSync(cacheFileOf(bundle, cacheDir), encodeCodeCache(keyOf(bundle), payload));

    const loaded = load(bundle, cacheDir, true);
    assert.equal(loaded.cache, 'rejected');
    assert.match(loaded.problem ?? '', /V8 refused the code cache/);
    assert.ok(loaded.exports.includes('LanguageClient'));
    assert.match(loaded.saved ?? '', /^Wrote the code cache/);
    assert.equal(load(bundle, cacheDir).cache, 'used');
  });

  it('keys the cache by the bundle content: a new version never runs the old code, even at the same length', () => {
    // V8 checks only the source's length: this pair would get the first one's compiled code from V8 alone.
    const dir = path.join(work, 'versions');
    fs.mkdirSync(dir);
    const bundle = path.join(dir, 'extension.js');
    const cacheDir = path.join(dir, 'cache');
    const [older, newer] = ['exports.version = () => "0.1.0";\n', 'exports.released = () => "0.20";\n'];
    assert.equal(older.length, newer.length);
    fs.writeFileSync(bundle, older);
    assert.equal(load(bundle, cacheDir, true).cache, 'absent');
    const oldCache = cachesIn(cacheDir);
    fs.writeFileSync(bundle, newer);

    const loaded = load(bundle, cacheDir, true);
    assert.equal(loaded.cache, 'absent');
    assert.deepEqual(loaded.exports, ['released']);
    assert.equal(cachesIn(cacheDir).length, 1, 'the old version cache is removed once the new one is written');
    assert.notDeepEqual(cachesIn(cacheDir), oldCache);
    assert.equal(load(bundle, cacheDir).cache, 'used');
  });

  it('loads the bundle when the cache folder cannot be written, and says why the cache was not written', () => {
    const bundle = runtimeCopy('unwritable');
    // A file where the folder would be (tests run as root, whom permissions do not stop).
    const blocker = path.join(work, 'unwritable-storage');
    fs.writeFileSync(blocker, 'a file, not a folder');
    const loaded = load(bundle, path.join(blocker, 'code-cache'), true);
    assert.equal(loaded.cache, 'absent');
    assert.ok(loaded.exports.includes('LanguageClient'));
    assert.match(loaded.saved ?? '', /^Could not write the code cache of languageClientRuntime\.js \(.*ENOTDIR/);
  });

  it('loads the bundle when the cache cannot be read, and says why', () => {
    const bundle = runtimeCopy('unreadable');
    const cacheDir = path.join(work, 'unreadable-cache');
    fs.mkdirSync(cacheFileOf(bundle, cacheDir), { recursive: true }); // a folder where the cache file would be
    const loaded = load(bundle, cacheDir, true);
    assert.equal(loaded.cache, 'unreadable');
    assert.match(loaded.problem ?? '', /could not be read \(.*EISDIR/);
    assert.ok(loaded.exports.includes('LanguageClient'));
    assert.match(loaded.saved ?? '', /^Could not write the code cache/);
  });

  it('asks the module loader for vscode once, where require asks for every module of the library', () => {
    const bundle = runtimeCopy('resolutions');
    const required = JSON.parse(
      execFileSync(process.execPath, [loader, 'require', bundle], { encoding: 'utf8' }).trim().split('\n').pop()!,
    ) as Loaded;
    assert.ok(required.vscodeResolutions > 40, `require resolved vscode ${required.vscodeResolutions} times`);
    assert.equal(load(bundle, path.join(work, 'resolutions-cache')).vscodeResolutions, 1);
  });

  it('removes only its own stale files: older versions and abandoned temporary files, not a write under way', () => {
    const bundle = runtimeCopy('tidy');
    const cacheDir = path.join(work, 'tidy-cache');
    fs.mkdirSync(cacheDir);
    const stale = 'languageClientRuntime.js.0123456789abcdef.v8cache';
    const abandoned = `${stale}.4242-0badf00d.tmp`;
    const underWay = `${path.basename(cacheFileOf(bundle, cacheDir))}.4343-feedf00d.tmp`;
    const others = ['extension.js.0123456789abcdef.v8cache', 'notes.txt'];
    for (const name of [stale, abandoned, underWay, ...others]) fs.writeFileSync(path.join(cacheDir, name), 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(cacheDir, abandoned), hourAgo, hourAgo);

    load(bundle, cacheDir, true);
    assert.deepEqual(cachesIn(cacheDir), [path.basename(cacheFileOf(bundle, cacheDir)), underWay, ...others].sort());
  });
});
