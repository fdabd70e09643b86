import { Emitter, TextDocuments, type Connection, type Event } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SpecKind } from '../../core/spec/SpecModel';
import type { NodeSpecHost } from '../../data/NodeSpecHost';
import { specKindOfPath, uriToPath } from './specFiles';

/** An open editor buffer that holds a Relgraph spec. */
export interface SpecDocument {
  uri: string;
  path: string;
  kind: SpecKind;
  document: TextDocument;
}

/**
 * The open spec buffers. Their text is pushed into the host as overlays, so validation (of this file and
 * of every file that reads it) sees what the user typed, not what is saved. Other YAML files the client
 * may send us (editors without a file-pattern selector) are ignored.
 */
export class SpecDocumentStore {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly byPath = new Map<string, SpecDocument>();
  private readonly _onDidSpecDocumentChange = new Emitter<SpecDocument>();
  private readonly _onDidSpecDocumentClose = new Emitter<SpecDocument>();
  readonly onDidSpecDocumentChange: Event<SpecDocument> = this._onDidSpecDocumentChange.event;
  readonly onDidSpecDocumentClose: Event<SpecDocument> = this._onDidSpecDocumentClose.event;

  constructor(private readonly host: NodeSpecHost) {
    this.documents.onDidChangeContent(({ document }) => {
      const spec = this.track(document);
      if (spec) this._onDidSpecDocumentChange.fire(spec);
    });
    this.documents.onDidClose(({ document }) => {
      const filePath = uriToPath(document.uri);
      const spec = filePath ? this.byPath.get(filePath) : undefined;
      if (!spec || !filePath) return;
      this.byPath.delete(filePath);
      this.host.setOverlay(filePath, undefined);
      this._onDidSpecDocumentClose.fire(spec);
    });
  }

  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  get(uri: string): SpecDocument | undefined {
    const filePath = uriToPath(uri);
    return filePath ? this.byPath.get(filePath) : undefined;
  }

  getByPath(filePath: string): SpecDocument | undefined {
    return this.byPath.get(filePath);
  }

  all(): SpecDocument[] {
    return [...this.byPath.values()];
  }

  private track(document: TextDocument): SpecDocument | undefined {
    const filePath = uriToPath(document.uri);
    const kind = filePath ? specKindOfPath(filePath) : undefined;
    if (!filePath || !kind) return undefined;
    const spec: SpecDocument = { uri: document.uri, path: filePath, kind, document };
    this.byPath.set(filePath, spec);
    this.host.setOverlay(filePath, document.getText());
    return spec;
  }
}
