import type { Connection } from 'vscode-languageserver';
import { RELGRAPH_PROTOCOL_VERSION } from '../../protocol/lspExtensions';
import {
  ScaffoldPlanRequest,
  ScaffoldRenderRequest,
  type ScaffoldPlanResult,
  type ScaffoldRenderResult,
} from '../../protocol/scaffold';
import { requestType } from '../protocolTypes';
import type { ScaffoldRequests } from '../features/custom/ScaffoldRequests';
import { guard } from '../handlerGuard';
import { signalOf } from './PreviewRequestHandlers';

const v = RELGRAPH_PROTOCOL_VERSION;
const FAILED: ScaffoldPlanResult & ScaffoldRenderResult = {
  v,
  error: 'internal error: see the Relgraph server log',
  tables: [],
};

/** "New Inference Graph from Training"'s requests (protocol/scaffold.ts); a cancelled request stops its reads. */
export class ScaffoldRequestHandlers {
  constructor(
    private readonly connection: Connection,
    private readonly scaffolds: ScaffoldRequests,
  ) {}

  register(): void {
    const log = this.connection.console;
    this.connection.onRequest(
      requestType(ScaffoldPlanRequest),
      guard(log, 'Scaffold plan', FAILED, (p, token) => this.scaffolds.plan(p, signalOf(token))),
    );
    this.connection.onRequest(
      requestType(ScaffoldRenderRequest),
      guard(log, 'Scaffold render', FAILED, (p, token) => this.scaffolds.render(p, signalOf(token))),
    );
  }
}
