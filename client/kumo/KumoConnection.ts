import * as vscode from 'vscode';
import { createKumoBackend } from '../../backend/kumo/createKumoBackend';
import type { KumoJobBackend } from '../../backend/kumo/KumoJobBackend';
import { normalizeUrl } from '../../backend/kumo/KumoRestClient';
import { KUMO_CONNECTED_CONTEXT } from './kumoCommandIds';

/** Where the URL is kept: it is not a secret, so globalState (per user, never in a workspace's settings). */
const URL_KEY = 'relgraph.kumo.url';
/** The API key lives only in SecretStorage (the OS keychain), under this name. */
const SECRET_KEY = 'relgraph.kumo.apiKey';

export type KumoConnectionState =
  | { state: 'disconnected' }
  | { state: 'connected'; url: string; host: string; backend: KumoJobBackend };

/**
 * The editor's connection to Kumo: the API URL (globalState) and the API key (SecretStorage only; never in
 * settings, logs or output), the Kumo JobBackend built from them, and the environment a CLI run on Kumo gets
 * (KUMO_API_URL / KUMO_API_KEY, for that child process only). Fires `onDidChangeConnection` on connect,
 * disconnect and restore; keeps the `relgraph.kumo.connected` context key (the Kumo view's welcome) true.
 */
/** The hang guard of a CLI run that goes through Kumo's SDK (`kumo pull`, a connector scaffold): it may take minutes. */
export const KUMO_SDK_TIMEOUT_MS = 15 * 60_000;

export class KumoConnection implements vscode.Disposable {
  private readonly _onDidChangeConnection = new vscode.EventEmitter<KumoConnectionState>();
  readonly onDidChangeConnection = this._onDidChangeConnection.event;
  private current: KumoConnectionState = { state: 'disconnected' };
  private apiKey: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Another window connected or disconnected: follow it.
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) void this.restore();
    });
  }

  get state(): KumoConnectionState {
    return this.current;
  }

  /** Reads the stored URL and key (no request: the Kumo view's first listing checks them). */
  async restore(): Promise<void> {
    const url = this.globalState.get<string>(URL_KEY);
    const key = await this.secrets.get(SECRET_KEY);
    if (url && key) this.use(url, key);
    else this.set({ state: 'disconnected' }, undefined);
  }

  /**
   * Checks the URL and key with `GET /connectors`, then stores them. Rejects with the backend's message
   * (unreachable, unauthorized, ...), which never contains the key; nothing is stored then.
   */
  async connect(url: string, apiKey: string, signal?: AbortSignal): Promise<{ connectors?: number }> {
    const backend = createKumoBackend({ url, apiKey, env: {} });
    const check = await backend.checkConnection(signal);
    await this.secrets.store(SECRET_KEY, apiKey);
    await this.globalState.update(URL_KEY, backend.client.url);
    this.use(backend.client.url, apiKey, backend);
    this.log.info(`Connected to Kumo at ${backend.client.url}`);
    return check;
  }

  async disconnect(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    await this.globalState.update(URL_KEY, undefined);
    this.set({ state: 'disconnected' }, undefined);
    this.log.info('Disconnected from Kumo (the API key was removed from the secret storage)');
  }

  /** KUMO_API_URL and KUMO_API_KEY for one child process (a `relgraph` run); undefined when not connected. */
  childEnvironment(): Record<string, string> | undefined {
    if (this.current.state !== 'connected' || !this.apiKey) return undefined;
    return { KUMO_API_URL: this.current.url, KUMO_API_KEY: this.apiKey };
  }

  private use(url: string, apiKey: string, built?: KumoJobBackend): void {
    try {
      const backend = built ?? createKumoBackend({ url, apiKey, env: {} });
      this.set({ state: 'connected', url: backend.client.url, host: backend.host, backend }, apiKey);
    } catch (error) {
      this.log.warn(`The stored Kumo connection is not usable: ${error instanceof Error ? error.message : error}`);
      this.set({ state: 'disconnected' }, undefined);
    }
  }

  private set(state: KumoConnectionState, apiKey: string | undefined): void {
    this.current = state;
    this.apiKey = apiKey;
    void vscode.commands.executeCommand('setContext', KUMO_CONNECTED_CONTEXT, state.state === 'connected');
    this._onDidChangeConnection.fire(state);
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChangeConnection.dispose();
  }
}

/** The URL as typed, or why it cannot be Kumo's API URL (for the input box's validation). */
export function kumoUrlProblem(text: string): string | undefined {
  const value = text.trim();
  if (!value) return 'The API URL of your Kumo deployment, like https://acme.kumoai.cloud/api';
  try {
    const url = new URL(normalizeUrl(value));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL starts with https://';
    if (url.username || url.password) return 'Put the API key in the next step, not in the URL';
    return undefined;
  } catch {
    return `'${value}' is not a URL: like https://acme.kumoai.cloud/api`;
  }
}
