import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  isSpecFileName,
  SKIPPED_FOLDERS,
  specFileGlob,
  specFileName,
  specKindOfPath,
  SPEC_KINDS,
  withoutSpecSuffix,
} from '../../../core/spec/specFileNames';
import { specFileWhenClause } from '../../../scripts/derivedFiles';

const REPO = path.resolve(__dirname, '..', '..', '..');

const NAMES: [string, string | undefined][] = [
  ['shop.graph.yaml', 'graph'],
  ['churn.training.yml', 'training'],
  ['x.y.prediction.yaml', 'prediction'],
  ['Shop.Graph.YAML', 'graph'],
  ['CHURN.TRAINING.YML', 'training'],
  ['graph.yaml', undefined],
  ['a.graph.yaml.bak', undefined],
  ['a.graph.json', undefined],
  ['a.model.yaml', undefined],
  ['a.graphs.yaml', undefined],
];

describe('the spec file-name convention (core/spec/specFileNames)', () => {
  it('names the kind in any case, and nothing else', () => {
    for (const [name, kind] of NAMES) {
      assert.equal(specKindOfPath(`/ws/${name}`), kind, name);
      assert.equal(isSpecFileName(name), kind !== undefined, name);
    }
  });

  it('gives editors a glob that matches exactly the same names (character classes for any case)', () => {
    const glob = specFileGlob();
    for (const [name, kind] of NAMES) assert.equal(path.matchesGlob(`/ws/sub/${name}`, glob), kind !== undefined, name);
    const training = specFileGlob(['training']);
    assert.equal(path.matchesGlob('/ws/a.Training.yaml', training), true);
    assert.equal(path.matchesGlob('/ws/a.graph.yaml', training), false);
  });

  it("gives package.json's when clauses the same matcher", () => {
    const clause = specFileWhenClause(SPEC_KINDS);
    const [, source, flags] = /^resourceFilename =~ \/(.*)\/(\w*)$/.exec(clause)!;
    const regex = new RegExp(source, flags);
    for (const [name, kind] of NAMES) assert.equal(regex.test(name), kind !== undefined, name);
  });

  it('skips dependencies, VCS data, the job store and build outputs', () => {
    assert.deepEqual([...SKIPPED_FOLDERS].sort(), ['.git', '.relgraph', 'dist', 'node_modules', 'out']);
  });

  it('names new specs and strips their suffix, any case, only for the kinds asked', () => {
    assert.equal(specFileName('churn', 'prediction'), 'churn.prediction.yaml');
    assert.equal(specKindOfPath(specFileName('x-inference', 'graph')), 'graph');
    assert.equal(withoutSpecSuffix('Churn.Training.YML'), 'Churn');
    assert.equal(withoutSpecSuffix('out/a.b.graph.yaml', ['graph']), 'out/a.b');
    assert.equal(withoutSpecSuffix('a.graph.yaml', ['prediction']), 'a.graph.yaml');
    assert.equal(withoutSpecSuffix('notes.yaml'), 'notes.yaml');
  });

  it('has no copy elsewhere: no source file outside core/spec/specFileNames.ts writes a spec-suffix regex or glob', () => {
    const copies = sourceFiles()
      .filter((file) => file !== path.join(REPO, 'core', 'spec', 'specFileNames.ts'))
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            specSuffixCopy(line) ? [`${path.relative(REPO, file)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    assert.deepEqual(copies, [], 'use core/spec/specFileNames.ts (protocol/specFiles.ts in the client)');
  });

  it('recognises the shapes such a copy takes, and not prose that names a spec file', () => {
    const copies = [
      String.raw`if (!/\.graph\.ya?ml$/i.test(file)) return;`,
      String.raw`const SPEC = /\.(graph|training|prediction)\.ya?ml$/;`,
      String.raw`name.replace(/\.[^.]+\.ya?ml$/i, '')`,
      `const glob = '**/*.prediction.yaml';`,
      `findFiles('**/*.{graph,training}.yaml')`,
      `fileMatch: ['*.training.{yaml,yml}']`,
      `if (name.endsWith('.graph.yml')) return;`,
    ];
    for (const line of copies) assert.ok(specSuffixCopy(line), line);
    const prose = [
      `throw new UsageError('which spec? give a *.prediction.yaml file');`,
      `/** Absolute path of the \`*.prediction.yaml\` to run. */`,
      `const file = path.join(dir, 'shop.graph.yaml');`,
      String.raw`const DATA = /\.(csv|parquet|tsv)(\.gz)?$/i;`,
      String.raw`if (/\.ya?ml$/i.test(from)) return fromSpec(from);`,
    ];
    for (const line of prose) assert.ok(!specSuffixCopy(line), line);
  });
});

const KIND = `(?:${SPEC_KINDS.join('|')})`;
/** Regex syntax around a kind or the YAML extensions, a quoted glob of spec files, or a suffix test by `endsWith`. */
const COPY_SHAPES = [
  new RegExp(String.raw`\\\.\(?${KIND}\b`, 'i'), // /\.graph\./ or /\.(graph|...)/
  /\\\.[^\s/]*\\\.\(?ya\?ml/i, // /\.[^.]+\.ya?ml/: a kind, then the YAML extensions (a plain /\.ya?ml$/ is no spec matcher)
  new RegExp(String.raw`['"\`](?:\*\*/)?\*\.(?:${KIND}|\{[^}]*${KIND}[^}]*\})\.(?:ya?ml|\{[^}]*\})['"\`]`, 'i'),
  new RegExp(String.raw`endsWith\(\s*['"\`]\.${KIND}\.`, 'i'),
];

function specSuffixCopy(line: string): boolean {
  const comment = /^\s*(\/\/|\/\*|\*)/.test(line); // comments name spec files for the reader
  return !comment && COPY_SHAPES.some((shape) => shape.test(line));
}

/** Our code: every layer, the build scripts and the root's config files. Tests and benchmarks are not scanned. */
function sourceFiles(): string[] {
  const folders = ['core', 'protocol', 'backend', 'data', 'engine', 'server', 'client', 'cli', 'scripts', 'bin'];
  const rootFiles = fs
    .readdirSync(REPO)
    .filter((name) => /\.[cm]?[jt]s$/.test(name))
    .map((name) => path.join(REPO, name));
  return [...rootFiles, ...folders.flatMap((folder) => codeFiles(path.join(REPO, folder)))];
}

function codeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : codeFiles(full);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [full] : [];
  });
}
