import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { generateWorkspace } from '../../../bench/lsp-latency/generateWorkspace';
import { mutate, Random, randomDocument } from './fastYamlCorpus';
import { compareWithYaml, specOutcomes } from './fastYamlDifferential';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SPEC_NAMES = ['/ws/g.graph.yaml', '/ws/t.training.yaml', '/ws/p.prediction.yaml', '/ws/plain.yaml'];

function yamlFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesUnder(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

interface Tally {
  accepted: number;
  fellBack: number;
}

/**
 * The differential check of one text: the fast path falls back, or gives the yaml package's document; and
 * parseSpec's diagnostics and model are the same either way.
 */
function checkText(text: string, file: string, tally: Tally, label: string): 'accepted' | 'fell back' {
  const { fast, reference } = specOutcomes(text, file);
  assert.equal(fast, reference, `${label}: parseSpec differs for ${JSON.stringify(text)}`);
  const result = compareWithYaml(text);
  if ('fallbackReason' in result) {
    assert.doesNotMatch(result.fallbackReason, /^internal error/, `${label}: ${JSON.stringify(text)}`);
    tally.fellBack++;
    return 'fell back';
  }
  assert.equal(result.mismatch, undefined, `${label}: ${JSON.stringify(text)}`);
  tally.accepted++;
  return 'accepted';
}

describe('fast YAML parser, against the yaml package', () => {
  const corpus = [
    ...yamlFilesUnder(path.join(REPO, 'examples')),
    ...yamlFilesUnder(path.join(REPO, 'test', 'fixtures')),
  ];
  const benchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-fastyaml-'));
  after(() => fs.rmSync(benchRoot, { recursive: true, force: true }));

  it('reads every example and fixture spec like the yaml package, with \\n and \\r\\n line breaks', () => {
    assert.ok(corpus.length > 100, `expected the example and fixture specs, found ${corpus.length}`);
    const tally = { accepted: 0, fellBack: 0 };
    for (const file of corpus) {
      const text = fs.readFileSync(file, 'utf8');
      for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
        const outcome = checkText(variant, file, tally, path.relative(REPO, file));
        // Every example is a valid spec: none may need the slow path.
        if (file.includes(`${path.sep}examples${path.sep}`)) assert.equal(outcome, 'accepted', file);
      }
    }
    // Only the yaml-syntax fixture's broken file may fall back.
    assert.ok(tally.fellBack <= 2, `${tally.fellBack} corpus files fell back`);
  });

  it('reads the benchmark specs (200 tables, 400 edges) without falling back', () => {
    const ws = generateWorkspace(benchRoot, REPO);
    for (const name of ['big.graph.yaml', 'big.training.yaml', 'big.prediction.yaml']) {
      const file = path.join(benchRoot, name);
      assert.equal(
        checkText(fs.readFileSync(file, 'utf8'), file, { accepted: 0, fellBack: 0 }, name),
        'accepted',
        name,
      );
    }
    const edited = ws.predictionText.replace('\n    t57:\n', '\n    t57x:\n');
    assert.equal(checkText(edited, ws.predictionPath, { accepted: 0, fellBack: 0 }, 'edited prediction'), 'accepted');
  });

  it('matches on random edits of the example and fixture specs', () => {
    const random = new Random(20240601);
    const tally = { accepted: 0, fellBack: 0 };
    for (let i = 0; i < 400; i++) {
      const file = random.pick(corpus);
      let text = fs.readFileSync(file, 'utf8');
      const edits = 1 + random.int(3);
      for (let e = 0; e < edits; e++) text = mutate(random, text);
      checkText(text, file, tally, `edit ${i} of ${path.relative(REPO, file)}`);
    }
    assert.ok(tally.accepted > 100, `only ${tally.accepted} of the edited specs were read by the fast path`);
  });

  it('matches on generated documents and their random edits', () => {
    const random = new Random(7);
    const tally = { accepted: 0, fellBack: 0 };
    for (let i = 0; i < 1200; i++) {
      let text = randomDocument(random);
      const edits = random.chance(0.5) ? 1 + random.int(3) : 0;
      for (let e = 0; e < edits; e++) text = mutate(random, text);
      // Windows line breaks, in all lines or some.
      if (random.chance(0.3)) text = text.replace(/\n/g, () => (random.chance(0.8) ? '\r\n' : '\n'));
      checkText(text, random.pick(SPEC_NAMES), tally, `document ${i}`);
    }
    assert.ok(tally.accepted > 500, `only ${tally.accepted} generated documents were read by the fast path`);
    assert.ok(tally.fellBack > 100, 'the corpus should also exercise the fallback');
  });
});
