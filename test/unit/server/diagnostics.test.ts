import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { diagnosticDocUrl } from '../../../core/diagnostics/DiagnosticCodes';
import { codes, LspTestClient } from './lspTestClient';
import { SHOP_FILES } from './shopWorkspace';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SPECS = ['shop.graph.yaml', 'churn.training.yaml', 'holdout.graph.yaml', 'churn.prediction.yaml'];

interface CliDiagnostic {
  code: string;
  message: string;
  range: unknown;
}

/** `relgraph validate --format json --no-data` over the same files: what CI sees. */
function cliDiagnostics(root: string): Map<string, CliDiagnostic[]> {
  const result = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin', 'relgraph.js'), 'validate', '--format', 'json', '--no-data', '.'],
    {
      cwd: root,
      env: { ...process.env, RELGRAPH_FROM_SOURCE: '1' },
      encoding: 'utf8',
    },
  );
  const report = JSON.parse(result.stdout) as { files: { absolutePath: string; diagnostics: CliDiagnostic[] }[] };
  return new Map(report.files.map((f) => [f.absolutePath, f.diagnostics]));
}

const key = (d: CliDiagnostic) => JSON.stringify([d.code, d.message, d.range]);

describe('diagnostics', () => {
  describe('static tier, data checks off', () => {
    let client: LspTestClient;
    before(async () => {
      client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { enabled: false } } });
    });
    after(() => client.dispose());

    it('publishes exactly what `relgraph validate` reports, file by file', async () => {
      const cli = cliDiagnostics(client.root);
      for (const name of SPECS) {
        const uri = client.open(name);
        const expected = (cli.get(client.path(name)) ?? []).map(key).sort();
        const published = await client.waitForDiagnostics(uri, (d) => d.length === expected.length);
        const actual = published
          .map((d) => key({ code: String(d.code), message: String(d.message), range: d.range }))
          .sort();
        assert.deepEqual(actual, expected, name);
      }
      assert.ok(
        cli.get(client.path('holdout.graph.yaml'))!.some((d) => d.code === 'table-not-in-training'),
        'the fixture has contract errors',
      );
    });

    it('links each diagnostic to its docs section and to the training table it refers to', () => {
      const diagnostics = client.diagnostics(client.uri('holdout.graph.yaml'));
      for (const d of diagnostics) assert.equal(d.codeDescription?.href, diagnosticDocUrl(d.code as never));
      const misnamed = diagnostics.find((d) => d.code === 'table-not-in-training')!;
      assert.equal(misnamed.source, 'relgraph');
      assert.deepEqual(misnamed.data, { table: 'order', suggestion: 'orders' });
      const related = misnamed.relatedInformation?.[0];
      assert.equal(related?.location.uri, client.uri('shop.graph.yaml'));
      // `orders:` is the table key on line 7 of the training graph.
      assert.deepEqual(related?.location.range.start, { line: 6, character: 2 });
    });

    it('applies per-code severity overrides and `off`, and clears a closed file', async () => {
      const uri = client.uri('holdout.graph.yaml');
      client.setSettings({
        dataChecks: { enabled: false },
        diagnostics: { severity: { 'table-not-in-training': 'warning', 'training-table-missing': 'off' } },
      });
      const overridden = await client.waitForDiagnostics(
        uri,
        (d) => !d.some((x) => x.code === 'training-table-missing'),
      );
      assert.equal(overridden.find((d) => d.code === 'table-not-in-training')?.severity, DiagnosticSeverity.Warning);
      client.close(uri);
      await client.waitForDiagnostics(uri, (d) => d.length === 0);
    });
  });

  describe('data tier', () => {
    let client: LspTestClient;
    before(async () => {
      client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { delayMs: 10 } } });
    });
    after(() => client.dispose());

    it('merges data diagnostics (their own source) with the static ones, without blocking them', async () => {
      const uri = client.open('holdout.graph.yaml');
      const first = await client.waitForDiagnostics(uri, (d) => d.length > 0);
      assert.ok(
        first.every((d) => d.source === 'relgraph'),
        'the static tier publishes first',
      );
      const merged = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.source === 'relgraph-data'));
      const dangling = merged.find((d) => d.code === 'dangling-foreign-keys');
      assert.equal(dangling?.source, 'relgraph-data');
      assert.match(String(dangling!.message), /order\.user_id/);
      assert.ok(codes(merged).includes('table-not-in-training'));
      assert.equal(dangling?.codeDescription?.href, diagnosticDocUrl('dangling-foreign-keys'));
    });

    it('reports data-check activity through relgraph/serverStatus', async () => {
      await client.waitFor(() => client.statuses.some((s) => s.dataChecks === 'running'));
      await client.waitFor(() => client.statuses.at(-1)?.dataChecks === 'idle');
      assert.equal(client.statuses.at(-1)?.health, 'ok');
      assert.equal(client.statuses.at(-1)?.v, 1);
    });
  });
});
