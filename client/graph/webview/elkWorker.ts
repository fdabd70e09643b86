/// <reference lib="dom" />
import ELK from 'elkjs/lib/elk-api.js';
import type { ELK as ElkInstance } from 'elkjs/lib/elk-api';
import workerSource from 'elk-worker-source';

/**
 * ELK running in a Web Worker of the webview: a 200-table layout takes seconds, and the page (zoom, scroll,
 * clicks) must stay responsive meanwhile. The worker starts from the bundled source text as a blob URL, so
 * the page loads nothing from outside (its policy allows `worker-src blob:` only).
 */
export function createElk(): ElkInstance {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  return new ELK({ workerFactory: () => new Worker(url) });
}
