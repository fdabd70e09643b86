// Loads one of the extension's CommonJS bundles (dist/client/*.js) the way Node's require would, but compiled with a
// V8 code cache kept in the extension's global storage. Compiling our two bundles was a quarter of what Relgraph cost
// the extension host at start-up, and more as their functions were first called (docs/editor.md, "Start-up cost").
// Node 20, which runs the extension host in code-server, has no module.enableCompileCache, and it would be
// process-wide (every extension's modules), so the cache is ours: vm.Script with cachedData, made once start-up is
// over so that the functions it called are in it. Pure Node (no vscode import): the unit tests load the real bundles.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { now, since, type Cost, type Instant } from './startupClock';
import { codeCacheKey, codeCacheName, decodeCodeCache, type CodeCacheState, writeCodeCache } from './codeCacheFile';

/** A bundle loaded by loadCodeCachedBundle: its exports, what its load cost, and the cache for the next start. */
export interface CodeCachedBundle<T> {
  readonly exports: T;
  /** The file it was loaded from. */
  readonly file: string;
  readonly cache: CodeCacheState;
  /** Why a cache there was could not be used, for the log; else undefined. */
  readonly problem?: string;
  /** The load's cost: reading (the bundle and its cache), compiling, and running the bundle's top level. */
  readonly cost: { read: Cost; compile: Cost; run: Cost; total: Cost };
  /**
   * Writes the code cache for the next start when this load could not use one: a log line saying what was written
   * or why not (never throws); undefined when there was nothing to write. Call it once start-up is over: V8
   * serializes the compiled code synchronously (milliseconds), and only functions compiled by then are in it.
   */
  saveCodeCache(): Promise<string | undefined>;
}

/** Node's CommonJS module wrapper (what require wraps a file's text in), so the bundle runs as it would under require. */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n});';

/**
 * Loads `file` (a CommonJS bundle) with the V8 code cache of `cacheDir` (undefined: no cache). Never fails because
 * of the cache: a missing, stale, damaged, unreadable or refused cache compiles the bundle from its text, as require
 * would, and `problem` says why for the log. An error reading or compiling the bundle itself, or thrown by its top
 * level, is thrown, as require would throw it.
 */
export function loadCodeCachedBundle<T>(file: string, cacheDir: string | undefined): CodeCachedBundle<T> {
  const start = now();
  const prepared = prepareScript(file, cacheDir);
  const { script, cache, problem, read, compiled } = prepared;
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, rememberingRequire(file), module, file, path.dirname(file));
  const ran = now();
  let saved = cache === 'used';
  return {
    exports: module.exports,
    file,
    cache,
    problem,
    cost: {
      read: since(start, read),
      compile: since(read, compiled),
      run: since(compiled, ran),
      total: since(start, ran),
    },
    async saveCodeCache() {
      if (saved || !prepared.cacheFile) return undefined;
      saved = true;
      const { cacheFile, key } = prepared;
      try {
        const data = script.createCachedData();
        await writeCodeCache(cacheFile, key, data);
        return `Wrote the code cache of ${path.basename(file)} (${(data.length / 1024).toFixed(0)} KB) to ${cacheFile}`;
      } catch (error) {
        return `Could not write the code cache of ${path.basename(file)} (${describe(error)}); the next start compiles it again`;
      }
    },
  };
}

interface PreparedScript {
  script: vm.Script;
  cache: CodeCacheState;
  problem?: string;
  cacheFile?: string;
  key: Buffer;
  read: Instant;
  compiled: Instant;
}

/** Reads the bundle and its cache and compiles it: everything before the bundle's own code runs. */
function prepareScript(file: string, cacheDir: string | undefined): PreparedScript {
  const bytes = fs.readFileSync(file);
  const key = codeCacheKey(createHash('sha256').update(bytes).digest());
  const source = WRAPPER_HEAD + bytes.toString('utf8') + WRAPPER_TAIL;
  const cacheFile = cacheDir === undefined ? undefined : path.join(cacheDir, codeCacheName(path.basename(file), key));
  let cache: CodeCacheState = 'off';
  let problem: string | undefined;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    ({ cache, problem, cachedData } = readCodeCache(cacheFile, key));
  }
  const read = now();
  const script = new vm.Script(source, { filename: file, cachedData });
  // V8 checks the cache's V8 version, flags and source length itself, and compiles from the text when they differ.
  if (cachedData && script.cachedDataRejected) {
    cache = 'rejected';
    problem = 'V8 refused the code cache (made under other V8 flags or build); it is written again after start-up';
  }
  return { script, cache, problem, cacheFile, key, read, compiled: now() };
}

function readCodeCache(
  cacheFile: string,
  key: Buffer,
): { cache: CodeCacheState; problem?: string; cachedData?: Buffer } {
  let contents: Buffer;
  try {
    contents = fs.readFileSync(cacheFile);
  } catch (error) {
    // No such file, or a file where a folder of its path should be: there is no cache (writing it will say why).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { cache: 'absent' };
    return { cache: 'unreadable', problem: `the code cache could not be read (${describe(error)})` };
  }
  const cachedData = decodeCodeCache(contents, key);
  if (!cachedData)
    return { cache: 'corrupt', problem: `the code cache ${cacheFile} is damaged; it is written again after start-up` };
  return { cache: 'used', cachedData };
}

/**
 * The bundle's require: Node's, as if called from `file` (VS Code hands `vscode` to a module according to the
 * extension folder the requiring file is in), remembering each answer. VS Code works the extension out anew on every
 * require of `vscode` (the requiring file's real path, one lstat per folder), and the language client's library,
 * whose every module requires it, asks 51 times: 5 ms of its load in the extension host here. Our bundles require only
 * the vscode API and Node's built-ins, which are the same object every time.
 */
function rememberingRequire(file: string): NodeJS.Require {
  const base = createRequire(file);
  const answers = new Map<string, unknown>();
  const remembering = (id: string): unknown => {
    if (!answers.has(id)) answers.set(id, base(id));
    return answers.get(id);
  };
  return Object.assign(remembering, {
    resolve: base.resolve,
    cache: base.cache,
    main: base.main,
    extensions: base.extensions,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
