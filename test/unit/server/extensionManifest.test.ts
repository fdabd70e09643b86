import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../../core/diagnostics/DiagnosticCodes';
import { RelgraphCommands } from '../../../protocol/commands';

const REPO = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const grammarPath = manifest.contributes.grammars[0].path as string;
const grammar = JSON.parse(fs.readFileSync(path.join(REPO, grammarPath), 'utf8'));

/** Oniguruma's inline `(?i:...)` groups, rewritten for a JS regex compiled with the `i` flag. */
function toJsRegex(oniguruma: string): RegExp {
  return new RegExp(oniguruma.replace(/\(\?i:/g, '(?:'), 'i');
}

describe('extension manifest', () => {
  it('contributes every command the code lenses and the e2e tests use, each activating the extension', () => {
    const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const command of Object.values(RelgraphCommands)) {
      assert.ok(contributed.has(command), `${command} is contributed`);
      assert.ok(manifest.activationEvents.includes(`onCommand:${command}`), `${command} activates the extension`);
    }
  });

  it('activates on spec files only, in any case, never on all YAML', () => {
    assert.ok(!manifest.activationEvents.some((e: string) => e.startsWith('onLanguage')));
    const globs = manifest.activationEvents
      .filter((e: string) => e.startsWith('workspaceContains:'))
      .map((e: string) => e.slice('workspaceContains:'.length));
    const activates = (file: string) => globs.some((glob: string) => path.matchesGlob(file, glob));
    for (const kind of ['graph', 'training', 'prediction']) {
      for (const ext of ['yaml', 'yml']) {
        assert.ok(activates(`sub/dir/shop.${kind}.${ext}`), `${kind}.${ext}`);
        assert.ok(activates(`Shop.${kind.toUpperCase()}.${ext.toUpperCase()}`), `${kind}.${ext} in capitals`);
      }
    }
    for (const other of ['config.yaml', 'shop.graph.json', 'shop.graph.yaml.bak', 'graph.yaml'])
      assert.ok(!activates(other), other);
  });

  it('offers a severity override for every diagnostic code', () => {
    const setting = manifest.contributes.configuration.properties['relgraph.diagnostics.severity'];
    assert.deepEqual(Object.keys(setting.properties).sort(), Object.keys(DIAGNOSTIC_CODES).sort());
    for (const key of ['relgraph.dataChecks.enabled', 'relgraph.trace.server'])
      assert.ok(manifest.contributes.configuration.properties[key], key);
  });

  it("lets no repository choose what the extension runs or reads (issue 8, item 13): machine scope, 'limited' trust", () => {
    const properties = manifest.contributes.configuration.properties;
    // A setting that names a program or a place to read from is the user's alone: a workspace value is ignored.
    const userOnly = ['relgraph.cli.nodePath', 'relgraph.data.allowOutsideWorkspace'];
    for (const key of userOnly) assert.equal(properties[key]?.scope, 'machine', key);
    const executables = Object.keys(properties).filter((key) => /path|binary|executable|command/i.test(key));
    assert.deepEqual(
      executables.filter((key) => properties[key].scope !== 'machine'),
      [],
    );
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual([...trust.restrictedConfigurations].sort(), userOnly);
  });
});

describe('PQL injection grammar', () => {
  const begin = toJsRegex(grammar.repository['query-block'].begin);
  const quoted = toJsRegex(grammar.repository['query-quoted'].begin);

  it('compiles every pattern', () => {
    const patterns: string[] = [];
    JSON.stringify(grammar, (key, value) => {
      if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') patterns.push(value);
      return value;
    });
    assert.ok(patterns.length > 10);
    for (const pattern of patterns) assert.doesNotThrow(() => toJsRegex(pattern), pattern);
  });

  it('starts at a top-level query holding PQL, and nowhere else', () => {
    for (const line of [
      'query: >-',
      'query: |',
      'query: |-  # note',
      'query: PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.id',
      'query: predict x',
    ]) {
      assert.ok(begin.test(line), line);
    }
    assert.ok(quoted.test(`query: "PREDICT users.age FOR EACH users.id"`));
    for (const line of ['  query: |', 'query_text: |', 'query: SELECT 1', 'query: "SELECT 1"', '# query: |']) {
      assert.ok(!begin.test(line) && !quoted.test(line), line);
    }
  });

  it('scopes keywords, aggregations, columns and units', () => {
    const match = (name: string, text: string) => toJsRegex(grammar.repository[name].match).exec(text)?.[0];
    assert.equal(match('keyword', 'x FOR EACH users.id'), 'FOR EACH');
    assert.equal(match('aggregation', 'COUNT_DISTINCT(orders.item)'), 'COUNT_DISTINCT');
    assert.equal(match('aggregation', 'count_distinct_items'), undefined);
    assert.equal(match('column', 'COUNT(orders.*, 0, 7)'), 'orders.*');
    assert.equal(match('column', 'SUM(orders.`order total`, 0, 7)'), 'orders.`order total`');
    assert.equal(match('column', 'FOR EACH `user accounts`.`user id`'), '`user accounts`.`user id`');
    assert.equal(match('unit', '0, 30, days)'), 'days');
    assert.equal(match('date', 'anchor 2024-01-15 10:30:00'), '2024-01-15 10:30:00');
  });
});
