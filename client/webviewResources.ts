/** The URIs of a webview page's own resources (dist/webview), as the webview may load them. */
export interface WebviewResources {
  script: string;
  codicons: string;
  cspSource: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
