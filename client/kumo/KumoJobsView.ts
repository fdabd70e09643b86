import * as vscode from 'vscode';
import type { BackendJob } from '../../backend/JobBackend';
import { isTerminalStatus } from '../../backend/jobModel';
import { KumoCommandIds, KUMO_VIEW_ID } from './kumoCommandIds';
import { kumoJobRow } from './kumoJobPresentation';
import type { KumoJobsModel } from './KumoJobsModel';

/** A Kumo job in the tree; commands receive it (Cancel, Open in Kumo, Show Details). */
export class KumoJobTreeNode {
  constructor(readonly job: BackendJob) {}
}

/** Why the jobs could not be read (shown above the last jobs read, which stay). */
export class KumoProblemTreeNode {
  constructor(readonly message: string) {}
}

export type KumoTreeNode = KumoJobTreeNode | KumoProblemTreeNode;

const CLOCK_TICK_MS = 60_000;

/**
 * The Kumo section of the Jobs sidebar (`relgraph.kumoJobs`, beside the local Jobs view): the connected
 * deployment's jobs, newest first, with status icons, progress and duration. Empty when not connected, so
 * its welcome content (package.json viewsWelcome) offers Connect.
 */
export class KumoJobsView implements vscode.TreeDataProvider<KumoTreeNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<KumoTreeNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  readonly treeView: vscode.TreeView<KumoTreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private clock: NodeJS.Timeout | undefined;
  /** The ids of the last listing; undefined before the first. */
  private known: Set<string> | undefined;

  constructor(
    private readonly model: KumoJobsModel,
    private readonly now: () => number = Date.now,
  ) {
    this.treeView = vscode.window.createTreeView(KUMO_VIEW_ID, { treeDataProvider: this });
    this.disposables.push(
      this.treeView,
      model.onDidChangeJobs(() => this.changed()),
      this.treeView.onDidChangeVisibility(() => this.updateClock()),
    );
    this.updateClock();
  }

  getTreeItem(node: KumoTreeNode): vscode.TreeItem {
    if (node instanceof KumoProblemTreeNode) {
      const item = new vscode.TreeItem(node.message);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.tooltip = node.message;
      item.command = { command: KumoCommandIds.refresh, title: 'Refresh' };
      return item;
    }
    const row = kumoJobRow(node.job, this.now());
    const item = new vscode.TreeItem(row.label);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltip);
    item.iconPath = new vscode.ThemeIcon(
      row.icon.id,
      row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined,
    );
    item.contextValue = row.contextValue;
    item.accessibilityInformation = { label: `${row.id}, ${node.job.status}, ${row.description}` };
    item.command = { command: KumoCommandIds.showDetails, title: 'Show Details', arguments: [node] };
    return item;
  }

  getChildren(node?: KumoTreeNode): KumoTreeNode[] {
    if (node) return [];
    const state = this.model.state;
    const jobs = this.model.jobs.map((job) => new KumoJobTreeNode(job));
    return state.state === 'error' ? [new KumoProblemTreeNode(`Kumo: ${state.message}`), ...jobs] : jobs;
  }

  private changed(): void {
    this._onDidChangeTreeData.fire(undefined);
    const active = this.model.jobs.filter((job) => !isTerminalStatus(job.status));
    // A job that starts (here or anywhere on the deployment) opens the section, which starts collapsed; the
    // jobs of the first listing do not: the section opens for news only, and never takes the focus.
    const started = this.known ? active.find((job) => !this.known!.has(job.ref.id)) : undefined;
    this.known = new Set(this.model.jobs.map((job) => job.ref.id));
    if (started)
      void Promise.resolve(this.treeView.reveal(new KumoJobTreeNode(started), { select: false, focus: false })).catch(
        () => undefined,
      );
    this.treeView.badge =
      active.length > 0
        ? { value: active.length, tooltip: `${active.length} Kumo job${active.length === 1 ? '' : 's'} running` }
        : undefined;
  }

  getParent(): KumoTreeNode | undefined {
    return undefined;
  }

  private updateClock(): void {
    clearInterval(this.clock);
    this.clock = undefined;
    if (this.treeView.visible) this.clock = setInterval(() => this._onDidChangeTreeData.fire(undefined), CLOCK_TICK_MS);
  }

  dispose(): void {
    clearInterval(this.clock);
    for (const disposable of this.disposables) disposable.dispose();
    this._onDidChangeTreeData.dispose();
  }
}
