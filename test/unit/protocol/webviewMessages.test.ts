import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGraphDiagramMessage, parsePredictionPreviewMessage, parseView } from '../../../protocol/webviewMessages';

describe('webview messages (protocol/webviewMessages): checked on receipt', () => {
  it("accepts the diagram's ready and reveal (by table name or edge index), keeping only their fields", () => {
    assert.deepEqual(parseGraphDiagramMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseGraphDiagramMessage({ type: 'reveal', what: 'table', name: 'drivers', uri: 'file:///etc' }), {
      type: 'reveal',
      what: 'table',
      name: 'drivers',
    });
    assert.deepEqual(parseGraphDiagramMessage({ type: 'reveal', what: 'edge', index: 3 }), {
      type: 'reveal',
      what: 'edge',
      index: 3,
    });
  });

  it("accepts the preview's requests with typed views, dropping unknown fields", () => {
    const view = {
      sort: { column: 'TRUE_PROB', descending: true, x: 1 },
      filters: [{ column: 'P', op: 'gt', value: 0.5 }],
    };
    assert.deepEqual(
      parsePredictionPreviewMessage({ type: 'page', id: 3, view, offset: 100, limit: 100, path: '/etc' }),
      {
        type: 'page',
        id: 3,
        view: { sort: { column: 'TRUE_PROB', descending: true }, filters: [{ column: 'P', op: 'gt', value: 0.5 }] },
        offset: 100,
        limit: 100,
      },
    );
    assert.deepEqual(parsePredictionPreviewMessage({ type: 'openOutput', path: '/etc/passwd' }), {
      type: 'openOutput',
    });
    assert.deepEqual(parsePredictionPreviewMessage({ type: 'neighbours', id: 1, entity: '42' }), {
      type: 'neighbours',
      id: 1,
      entity: '42',
    });
    assert.deepEqual(parsePredictionPreviewMessage({ type: 'export', view: { filters: [] } }), {
      type: 'export',
      view: { filters: [] },
    });
  });

  it('drops anything else a webview script could post', () => {
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } };
    const bad: unknown[] = [
      undefined,
      null,
      'reveal',
      [],
      { type: 'reveal' },
      { type: 'reveal', uri: 'file:///x', range },
      { type: 'reveal', what: 'table', name: '' },
      { type: 'reveal', what: 'edge', index: -1 },
      { type: 'reveal', what: 'edge', index: 1.5 },
      { type: 'openOutput' },
    ];
    for (const message of bad) assert.equal(parseGraphDiagramMessage(message), undefined, JSON.stringify(message));
    const badPreview: unknown[] = [
      undefined,
      { type: 'open' },
      { type: 'page', id: 1, view: { filters: [] }, offset: 0, limit: 0 },
      { type: 'page', id: 1, view: { filters: [] }, offset: 0, limit: 5000 },
      { type: 'page', id: 1, view: { filters: [] }, offset: -1, limit: 10 },
      { type: 'page', id: 1, view: { filters: 'all' }, offset: 0, limit: 10 },
      { type: 'stats', id: 1, view: { filters: [{ column: 'P', op: 'DROP TABLE' }] } },
      { type: 'stats', id: 1, view: { filters: [{ column: 'P', op: 'gt', value: { $: 1 } }] } },
      { type: 'stats', id: 1, view: { filters: [], sort: { column: 'P' } } },
      { type: 'neighbours', id: 1, entity: 42 },
    ];
    for (const message of badPreview)
      assert.equal(parsePredictionPreviewMessage(message), undefined, JSON.stringify(message));
    assert.equal(parseView({ filters: new Array(51).fill({ column: 'c', op: 'isEmpty' }) }), undefined);
  });
});
