import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutGraph } from '../../../client/graph/graphLayout';

describe('graph diagram layout', () => {
  it('puts referenced tables above the tables that reference them', () => {
    const layout = layoutGraph({
      nodes: ['results', 'drivers', 'races', 'circuits'],
      edges: [
        { src: 'results', dst: 'drivers' },
        { src: 'results', dst: 'races' },
        { src: 'races', dst: 'circuits' },
      ],
    });
    const y = (name: string) => layout.nodes.get(name)!.y;
    assert.ok(y('circuits') < y('races') && y('races') < y('results'));
    assert.ok(y('drivers') < y('results'));
    assert.equal(layout.nodes.size, 4);
  });

  it('survives cycles, self edges and edges to unknown tables', () => {
    const layout = layoutGraph({
      nodes: ['a', 'b'],
      edges: [
        { src: 'a', dst: 'b' },
        { src: 'b', dst: 'a' },
        { src: 'a', dst: 'a' },
        { src: 'a', dst: 'ghost' },
      ],
    });
    assert.equal(layout.nodes.size, 2);
    assert.notEqual(layout.nodes.get('a')!.y, layout.nodes.get('b')!.y);
  });

  it('wraps a wide layer into rows and never overlaps boxes', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const layout = layoutGraph({ nodes, edges: nodes.slice(1).map((n) => ({ src: n, dst: 't0' })) });
    const boxes = [...layout.nodes.values()];
    assert.ok(layout.width < 3000, `width ${layout.width}`);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        assert.ok(!overlap, `${a.name} overlaps ${b.name}`);
      }
    }
  });
});
