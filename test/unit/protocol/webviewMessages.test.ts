import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGraphDiagramMessage, parsePredictionPreviewMessage } from '../../../protocol/webviewMessages';

const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } };

describe('webview messages (protocol/webviewMessages): checked on receipt', () => {
  it("accepts the diagram's reveal and the preview's openOutput, keeping only their fields", () => {
    assert.deepEqual(parseGraphDiagramMessage({ type: 'reveal', uri: 'file:///ws/a.graph.yaml', range, extra: 1 }), {
      type: 'reveal',
      uri: 'file:///ws/a.graph.yaml',
      range,
    });
    assert.deepEqual(parsePredictionPreviewMessage({ type: 'openOutput', path: '/etc/passwd' }), {
      type: 'openOutput',
    });
  });

  it('drops anything else a webview script could post', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'reveal',
      [],
      { type: 'reveal' },
      { type: 'reveal', uri: 42, range },
      { type: 'reveal', uri: 'file:///x', range: { start: { line: -1, character: 0 }, end: range.end } },
      { type: 'reveal', uri: 'file:///x', range: { start: { line: 1.5, character: 0 }, end: range.end } },
      { type: 'reveal', uri: 'file:///x', range: { start: range.start } },
      { type: 'openOutput' },
    ];
    for (const message of bad) assert.equal(parseGraphDiagramMessage(message), undefined, JSON.stringify(message));
    for (const message of [undefined, { type: 'reveal', uri: 'x', range }, { type: 'open' }])
      assert.equal(parsePredictionPreviewMessage(message), undefined);
  });
});
