import type { CancellationToken, Connection } from 'vscode-languageserver';
import { RELGRAPH_PROTOCOL_VERSION } from '../../protocol/lspExtensions';
import {
  ClosePreviewNotification,
  MAX_PREVIEW_PAGE,
  OpenPreviewRequest,
  PreviewExportRequest,
  PreviewNeighboursRequest,
  PreviewPageRequest,
  PreviewStatsRequest,
} from '../../protocol/outputPreview';
import { notificationType, requestType } from '../protocolTypes';
import { messageOf, type OutputPreviewService } from '../preview/OutputPreviewService';

const v = RELGRAPH_PROTOCOL_VERSION;

/**
 * The predictions preview's requests (protocol/outputPreview.ts). Each answers with its result or an
 * `error` sentence for the panel to show; a cancelled request (the user paged on) interrupts its query.
 */
export class PreviewRequestHandlers {
  constructor(
    private readonly connection: Connection,
    private readonly previews: OutputPreviewService,
  ) {}

  register(): void {
    const c = this.connection;
    c.onRequest(requestType(OpenPreviewRequest), (p, token) => this.previews.open(p, signalOf(token)));
    c.onRequest(requestType(PreviewPageRequest), async (p, token) => {
      const offset = Math.max(0, Math.floor(Number(p.offset) || 0));
      try {
        const limit = Math.min(MAX_PREVIEW_PAGE, Math.max(1, Math.floor(Number(p.limit) || 1)));
        const page = await this.previews.page(p.session, p.view, offset, limit, signalOf(token));
        return { v, offset, ...page };
      } catch (error) {
        return { v, offset, rows: [], total: 0, error: messageOf(error) };
      }
    });
    c.onRequest(requestType(PreviewStatsRequest), async (p, token) => {
      try {
        return { v, summary: await this.previews.stats(p.session, p.view, signalOf(token)) };
      } catch (error) {
        return { v, error: messageOf(error) };
      }
    });
    c.onRequest(requestType(PreviewExportRequest), async (p, token) => {
      try {
        const rows = await this.previews.exportCsv(p.session, p.view, p.path, signalOf(token));
        return { v, rows, path: p.path };
      } catch (error) {
        return { v, error: messageOf(error) };
      }
    });
    c.onRequest(requestType(PreviewNeighboursRequest), async (p, token) => {
      try {
        return { v, neighbours: await this.previews.neighbours(p.session, p.entity, p.anchor, p.k, signalOf(token)) };
      } catch (error) {
        return { v, neighbours: [], error: messageOf(error) };
      }
    });
    c.onNotification(notificationType(ClosePreviewNotification), (p) => {
      void this.previews.close(p?.session).catch(() => undefined);
    });
  }
}

/** The request's cancellation as an AbortSignal, which interrupts the DuckDB query. */
export function signalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
