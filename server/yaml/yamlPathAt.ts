import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { YamlPath } from './yamlCursorContext';

export interface YamlPathAt {
  path: YamlPath;
  /** On the key of the last path segment, or on a scalar value. */
  on: 'key' | 'value';
  /** Character offsets of the key or value text. */
  start: number;
  end: number;
}

/**
 * The key or scalar value at a character offset of a parsed document, with its path. Unlike the
 * indentation scan used for completion, this reads the real YAML tree, so flow mappings, quoting and
 * multi-line values are exact; it needs a document that parses.
 */
export function yamlPathAt(document: Document | undefined, offset: number): YamlPathAt | undefined {
  let node = document?.contents as Node | null | undefined;
  const path: YamlPath = [];
  for (let depth = 0; node && depth < 256; depth++) {
    if (isMap(node)) {
      let next: Node | null | undefined;
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (isScalar(key) && key.range && key.range[0] <= offset && offset <= key.range[1]) {
          return { path: [...path, String(key.value)], on: 'key', start: key.range[0], end: key.range[1] };
        }
        const value = pair.value as Node | null;
        if (value?.range && value.range[0] <= offset && offset <= value.range[1] && isScalar(key)) {
          path.push(String(key.value));
          next = value;
          break;
        }
      }
      node = next;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as Node | null)?.range;
        return range != null && range[0] <= offset && offset <= range[1];
      });
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index] as Node;
    } else if (isScalar(node) && node.range) {
      return { path, on: 'value', start: node.range[0], end: node.range[1] };
    } else {
      return undefined;
    }
  }
  return undefined;
}
