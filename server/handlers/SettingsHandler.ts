import {
  DidChangeConfigurationNotification,
  Emitter,
  type Connection,
  type Event,
  type InitializeParams,
} from 'vscode-languageserver';
import type { RelgraphInitializationOptions } from '../../protocol/lspExtensions';
import { DEFAULT_SETTINGS, readServerSettings, type ServerSettings } from '../ServerSettings';

/**
 * The `relgraph.*` settings as the server sees them: pulled with `workspace/configuration` when the
 * client supports it (re-read on every change notification), else taken from the notification or the
 * initialization options. Trust is not a setting the workspace can write: it comes from the client.
 */
export class SettingsHandler {
  private settings: ServerSettings = DEFAULT_SETTINGS;
  private pullsConfiguration = false;
  private readonly _onDidSettingsChange = new Emitter<ServerSettings>();
  readonly onDidSettingsChange: Event<ServerSettings> = this._onDidSettingsChange.event;
  private readonly _onDidTrustChange = new Emitter<boolean>();
  /** Fires after onDidSettingsChange when the workspace became trusted: what Restricted Mode hid can be read. */
  readonly onDidTrustChange: Event<boolean> = this._onDidTrustChange.event;

  constructor(private readonly connection: Connection) {}

  readonly current = (): ServerSettings => this.settings;

  initialize(params: InitializeParams, init: RelgraphInitializationOptions): void {
    const trusted = init.trusted !== false;
    this.settings =
      init.settings !== undefined ? readServerSettings(init.settings, trusted) : { ...DEFAULT_SETTINGS, trusted };
    this.pullsConfiguration = params.capabilities.workspace?.configuration === true;
  }

  /** After `initialized`: subscribe to changes and pull the current values. */
  listen(): void {
    this.connection.onDidChangeConfiguration((change) => {
      if (!this.pullsConfiguration) {
        this.settings = readServerSettings(
          (change.settings as { relgraph?: unknown })?.relgraph,
          this.settings.trusted,
        );
      }
      void this.refresh();
    });
    if (this.pullsConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'relgraph' });
      void this.refresh();
    }
  }

  /** The user trusted the workspace (VS Code never takes trust back without a reload). */
  setTrusted(trusted: boolean): void {
    if (trusted === this.settings.trusted) return;
    this.settings = { ...this.settings, trusted };
    this._onDidSettingsChange.fire(this.settings);
    this._onDidTrustChange.fire(trusted);
  }

  private async refresh(): Promise<void> {
    if (this.pullsConfiguration) {
      try {
        this.settings = readServerSettings(
          await this.connection.workspace.getConfiguration('relgraph'),
          this.settings.trusted,
        );
      } catch (error) {
        this.connection.console.warn(`Reading the relgraph settings failed, keeping the previous ones: ${error}`);
      }
    }
    this._onDidSettingsChange.fire(this.settings);
  }
}
