import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { CompletionList, DocumentSymbol, Hover } from 'vscode-languageserver';
import { codes, LspTestClient } from './lspTestClient';
import { SHOP_FILES, SHOP_GRAPH } from './shopWorkspace';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Every feature request still answers (no crash, no hang) for this document. */
async function stillServes(client: LspTestClient, uri: string): Promise<void> {
  const position = { line: 0, character: 1 };
  await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  await client.request('textDocument/foldingRange', { textDocument: { uri } });
  await client.request('textDocument/codeLens', { textDocument: { uri } });
}

describe('robustness', () => {
  describe('malformed files and unreadable data', () => {
    let client: LspTestClient;
    before(async () => {
      client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { delayMs: 10 } } });
    });
    after(() => client.dispose());

    const malformed: Record<string, string> = {
      'garbage.graph.yaml': 'tables: [unclosed\n  - :\n\t{{{ ]]] :::\n',
      'binary.graph.yaml': 'kind: graph\u0000\u0001\u0002\ntables: {}\n',
      'nested.graph.yaml': `tables: ${'['.repeat(20_000)}`,
      'bomb.graph.yaml': [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        ...Array.from(
          { length: 9 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
        ),
      ].join('\n'),
      'empty.prediction.yaml': '',
    };
    for (const [name, text] of Object.entries(malformed)) {
      it(`diagnoses ${name} and keeps serving`, async () => {
        const uri = client.open(name, text);
        const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
        assert.ok(
          diagnostics.every((d) => d.code === 'yaml-syntax' || d.code === 'schema'),
          JSON.stringify(codes(diagnostics)),
        );
        await stillServes(client, uri);
      });
    }

    it('reports sources that cannot be read: a folder without data (static), a corrupt Parquet file (data)', async () => {
      client.write('data/empty/.keep', '');
      client.write('data/broken.parquet', 'PAR1 this is not parquet');
      const graph = SHOP_GRAPH.replace('data/items.csv', 'data/empty/').replace(
        'data/orders.csv',
        'data/broken.parquet',
      );
      const uri = client.open('broken.graph.yaml', graph);
      const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.source === 'relgraph-data'));
      const lineOf = (needle: string) => graph.split('\n').findIndex((line) => line.includes(needle));
      const found = diagnostics.map((d) => [d.code, d.source, d.range.start.line]);
      assert.deepEqual(found.filter(([code]) => code === 'file-not-found' || code === 'source-unreadable').sort(), [
        ['file-not-found', 'relgraph', lineOf('data/empty/')],
        ['source-unreadable', 'relgraph-data', lineOf('data/broken.parquet')],
      ]);
      await stillServes(client, uri);
    });
  });

  it('survives a data checker that crashes, and says so in the server status', async () => {
    const client = await LspTestClient.start({
      files: SHOP_FILES,
      settings: { dataChecks: { delayMs: 10 } },
      server: { createDataChecker: async () => ({ validate: async () => Promise.reject(new Error('disk on fire')) }) },
    });
    try {
      const uri = client.open('holdout.graph.yaml');
      await client.waitFor(() => client.statuses.some((s) => s.health === 'warning'));
      const status = client.statuses.find((s) => s.health === 'warning')!;
      assert.match(status.message, /Data checks of holdout\.graph\.yaml failed: disk on fire/);
      await client.waitForDiagnostics(uri, (d) => codes(d).includes('table-not-in-training'));
      await stillServes(client, uri);
    } finally {
      await client.dispose();
    }
  });

  it('cancels a running data check when the document changes again', async () => {
    const aborted: string[] = [];
    let started = 0;
    const client = await LspTestClient.start({
      files: SHOP_FILES,
      settings: { dataChecks: { delayMs: 0 } },
      server: {
        createDataChecker: async () => ({
          validate: (_validation, signal) => {
            started++;
            return new Promise((_, reject) =>
              signal.addEventListener('abort', () => {
                aborted.push(String(signal.reason?.message));
                reject(signal.reason);
              }),
            );
          },
        }),
      },
    });
    try {
      const uri = client.open('shop.graph.yaml');
      // On a loaded machine the workspace scan may already have restarted the run before this looks: wait for
      // one, then count from there.
      await client.waitFor(() => started >= 1);
      const [startedBefore, abortedBefore] = [started, aborted.length];
      client.change(uri, SHOP_GRAPH + '# edited\n');
      // The edit aborts the hung run and starts one for the new text. Later re-validations (the workspace
      // scan settling) may abort that one too, so only the first abort after the edit is the edit's.
      await client.waitFor(() => aborted.length > abortedBefore && started > startedBefore);
      assert.equal(aborted[abortedBefore], 'the document changed');
      assert.ok(
        aborted.every((reason) => reason === 'the document changed'),
        aborted.join(', '),
      );
    } finally {
      await client.dispose();
    }
  });

  it('absorbs a flood of 1,000 rapid edits without growing memory, ending on the last text', async () => {
    const client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { delayMs: 50 } } });
    try {
      const uri = client.open('shop.graph.yaml');
      await client.waitForDiagnostics(uri, () => true);
      const flood = async (rounds: number) => {
        let version = 0;
        for (let i = 0; i < rounds; i++) {
          // Alternate a valid and a broken table name, so every other version has a diagnostic.
          version = client.change(
            uri,
            SHOP_GRAPH.replace('  items:', i % 2 === 0 ? '  items:' : '  1tems:') + `# edit ${i}\n`,
          );
        }
        return client.waitForDiagnostics(uri, (_, params) => params.version === version);
      };
      await flood(200); // warm up: JIT, caches, DuckDB
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      const final = await flood(1000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      collectGarbage();
      const growth = process.memoryUsage().heapUsed - before;
      assert.ok(
        codes(final).some((c) => c === 'schema'),
        'the last edit (a broken name) is what is shown',
      );
      assert.ok(growth < 30 * 1024 * 1024, `heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB`);
      // A file this small validates faster than edits arrive, so each edit may get its own run, but never more:
      // edits that arrive during a run are coalesced into the one after it.
      const published = client.published.filter((p) => p.uri === uri).length;
      assert.ok(published <= 1 + 1200 * 2, `at most one static and one data publication per edit (${published})`);
    } finally {
      await client.dispose();
    }
  });
});
