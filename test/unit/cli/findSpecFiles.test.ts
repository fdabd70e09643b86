import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findSpecFiles } from '../../../cli/findSpecFiles';
import { isSpecFileName, SKIPPED_FOLDERS as SKIPPED_DIRECTORIES } from '../../../core/spec/specFileNames';

let root: string;

function touch(relative: string, text = 'kind: graph\n'): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Found files relative to the temp root, for readable assertions. */
function relativeFiles(files: string[]): string[] {
  return files.map((file) => path.relative(root, file).split(path.sep).join('/'));
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-find-'));
  touch('f1.graph.yaml');
  touch('dnf.training.yaml');
  touch('dnf-2010.prediction.yml');
  touch('notes.yaml');
  touch('README.md');
  touch('nested/deeper/holdout.graph.yml');
  touch('nested/Upper.Graph.YAML');
  for (const skipped of SKIPPED_DIRECTORIES) touch(`${skipped}/hidden.graph.yaml`);
  touch('nested/node_modules/pkg/x.training.yaml');
  touch('.hidden-folder/still-found.graph.yaml');
  fs.mkdirSync(path.join(root, 'loop'));
  fs.symlinkSync(root, path.join(root, 'loop', 'back-to-root'), 'dir');
  fs.symlinkSync(path.join(root, 'does-not-exist.graph.yaml'), path.join(root, 'dangling.graph.yaml'));
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('isSpecFileName', () => {
  it('recognises the three suffixes, .yaml and .yml', () => {
    for (const name of ['a.graph.yaml', 'a.training.yaml', 'a.prediction.yaml', 'a.graph.yml', 'x.y.training.yml']) {
      assert.equal(isSpecFileName(name), true, name);
    }
    assert.equal(isSpecFileName('Upper.Graph.YAML'), true);
    for (const name of ['graph.yaml', 'a.yaml', 'a.graph.json', 'a.graph.yaml.bak', 'a.model.yaml']) {
      assert.equal(isSpecFileName(name), false, name);
    }
  });
});

describe('findSpecFiles', () => {
  it('walks folders recursively, skipping node_modules, .git, .relgraph, out and dist, in sorted order', () => {
    const search = findSpecFiles([root], root);
    assert.deepEqual(relativeFiles(search.files), [
      '.hidden-folder/still-found.graph.yaml',
      'dnf-2010.prediction.yml',
      'dnf.training.yaml',
      'f1.graph.yaml',
      // Spec names match in any case, as in the editor (core/spec/specFileNames.ts).
      'nested/Upper.Graph.YAML',
      'nested/deeper/holdout.graph.yml',
    ]);
    assert.deepEqual(search.missing, []);
  });

  it('searches the current directory when given no paths', () => {
    const search = findSpecFiles([], path.join(root, 'nested'));
    assert.deepEqual(relativeFiles(search.files), ['nested/Upper.Graph.YAML', 'nested/deeper/holdout.graph.yml']);
  });

  it('resolves relative arguments against cwd and takes named files whatever their suffix', () => {
    const search = findSpecFiles(['notes.yaml', 'f1.graph.yaml', 'nested'], root);
    assert.deepEqual(relativeFiles(search.files), [
      'f1.graph.yaml',
      'nested/Upper.Graph.YAML',
      'nested/deeper/holdout.graph.yml',
      'notes.yaml',
    ]);
  });

  it('searches a skipped folder when it is named explicitly', () => {
    const search = findSpecFiles(['out'], root);
    assert.deepEqual(relativeFiles(search.files), ['out/hidden.graph.yaml']);
  });

  it('lists each file once when arguments overlap', () => {
    const search = findSpecFiles(['.', 'f1.graph.yaml', './nested/..'], root);
    assert.equal(new Set(search.files).size, search.files.length);
    assert.equal(search.files.filter((f) => f.endsWith('f1.graph.yaml')).length, 1);
  });

  it('reports arguments that do not exist, as given', () => {
    const search = findSpecFiles(['f1.graph.yaml', 'nope', 'missing/x.graph.yaml'], root);
    assert.deepEqual(search.missing, ['nope', 'missing/x.graph.yaml']);
    assert.deepEqual(relativeFiles(search.files), ['f1.graph.yaml']);
  });

  it('follows a symlinked folder once without looping, and ignores dangling links', () => {
    const search = findSpecFiles(['loop'], root);
    // loop/back-to-root points at root, whose walk must stop when it reaches loop/ again.
    assert.ok(search.files.some((f) => f.endsWith(path.join('back-to-root', 'f1.graph.yaml'))));
    assert.ok(!search.files.some((f) => f.includes('dangling')));
    assert.ok(!search.files.some((f) => f.split('back-to-root').length > 2));
  });
});
