import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { JobBackend } from '../../backend/JobBackend';
import { jobDetailsMarkdown, specState } from './jobDetailsMarkdown';
import type { LoadedJob } from './JobsLoader';
import type { JobsModel } from './JobsModel';
import { isActiveJob } from './jobText';
import { JOB_DOCUMENT_SCHEME } from './jobsCommandIds';

/** How often an open log of a running job is checked for new lines. */
const FOLLOW_INTERVAL_MS = 1000;

type JobDocumentKind = 'log' | 'details';

/**
 * Read-only documents of a job: its log (`relgraph-job:/<id>.log`, followed while the job runs, like
 * `relgraph jobs logs --follow`) and its details (`relgraph-job:/<id>.md`, shown as a Markdown preview). Virtual documents rather
 * than the files themselves: they cannot be edited by mistake, and the log view scrolls with new lines
 * when it was showing the end (an editor on the plain file reloads but stays where it was).
 */
export class JobDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;
  private readonly disposables: vscode.Disposable[];
  /** Log sizes last served, per open log document. */
  private readonly logSizes = new Map<string, number>();
  /** Editors that showed the end of a log when it grew: they scroll to the new end. */
  private readonly following = new Map<string, vscode.TextEditor[]>();
  private followTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly model: JobsModel,
    private readonly backend: JobBackend,
  ) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(JOB_DOCUMENT_SCHEME, this),
      model.onDidChangeJobs(() => this.jobsChanged()),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scrollFollowers(event.document)),
    ];
  }

  static uriOf(job: LoadedJob, kind: JobDocumentKind): vscode.Uri {
    return vscode.Uri.from({
      scheme: JOB_DOCUMENT_SCHEME,
      path: `/${job.record.id}.${kind === 'log' ? 'log' : 'md'}`,
      query: new URLSearchParams({ file: job.file }).toString(),
    });
  }

  async open(job: LoadedJob, kind: JobDocumentKind): Promise<void> {
    const uri = JobDocumentProvider.uriOf(job, kind);
    if (kind === 'details') {
      // Rendered, not Markdown source: VS Code's preview of the virtual document (it follows its changes).
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    if (kind === 'log') {
      const end = document.lineAt(document.lineCount - 1).range.end;
      editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
      this.updateFollowTimer();
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { job, kind } = this.resolve(uri);
    const gone = `No job ${uri.path.slice(1).replace(/\.(log|md)$/, '')} in the workspace's job stores any more.\n`;
    if (!job) return gone;
    if (kind === 'details') return jobDetailsMarkdown(job, Date.now(), specState(job.record));
    // The backend reads the store's own log of the job (never a path the record names), its last 16 MB.
    const lines = await this.backend.log(job.record.id).catch(() => undefined);
    if (!lines) return gone;
    const text = lines.length > 0 ? `${lines.join('\n')}\n` : `(no log yet at ${job.record.logPath})\n`;
    this.logSizes.set(uri.toString(), Buffer.byteLength(text));
    return text;
  }

  private resolve(uri: vscode.Uri): { job: LoadedJob | undefined; kind: JobDocumentKind } {
    const kind: JobDocumentKind = uri.path.endsWith('.log') ? 'log' : 'details';
    const id = uri.path.slice(1).replace(/\.(log|md)$/, '');
    const file = new URLSearchParams(uri.query).get('file') ?? undefined;
    return { job: this.model.find(id, file) ?? this.model.find(id), kind };
  }

  private openDocuments(): vscode.TextDocument[] {
    return vscode.workspace.textDocuments.filter((d) => d.uri.scheme === JOB_DOCUMENT_SCHEME);
  }

  private jobsChanged(): void {
    for (const document of this.openDocuments()) this.changed(document);
    this.updateFollowTimer();
  }

  /** Polls the logs of running jobs (a record changes on stages and progress, a log on every line). */
  private updateFollowTimer(): void {
    const active = this.openDocuments().some((d) => {
      const { job, kind } = this.resolve(d.uri);
      return kind === 'log' && job !== undefined && isActiveJob(job);
    });
    if (active && !this.followTimer) {
      this.followTimer = setInterval(() => this.pollLogs(), FOLLOW_INTERVAL_MS);
    } else if (!active && this.followTimer) {
      clearInterval(this.followTimer);
      this.followTimer = undefined;
    }
  }

  private pollLogs(): void {
    for (const document of this.openDocuments()) {
      const { job, kind } = this.resolve(document.uri);
      if (kind !== 'log' || !job) continue;
      let size: number;
      try {
        // Only the trigger to read again, as a file watcher would be: the text itself comes from the backend.
        size = fs.statSync(job.record.logPath).size;
      } catch {
        continue;
      }
      if (size !== this.logSizes.get(document.uri.toString())) this.changed(document);
    }
    this.updateFollowTimer();
  }

  private changed(document: vscode.TextDocument): void {
    const atEnd = vscode.window.visibleTextEditors.filter(
      (e) => e.document === document && (e.visibleRanges.at(-1)?.end.line ?? 0) >= document.lineCount - 2,
    );
    this.following.set(document.uri.toString(), atEnd);
    this._onDidChange.fire(document.uri);
  }

  private scrollFollowers(document: vscode.TextDocument): void {
    if (document.uri.scheme !== JOB_DOCUMENT_SCHEME) return;
    const editors = this.following.get(document.uri.toString()) ?? [];
    this.following.delete(document.uri.toString());
    const end = document.lineAt(document.lineCount - 1).range.end;
    for (const editor of editors) editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
  }

  private closed(document: vscode.TextDocument): void {
    this.logSizes.delete(document.uri.toString());
    this.following.delete(document.uri.toString());
    this.updateFollowTimer();
  }

  dispose(): void {
    clearInterval(this.followTimer);
    for (const disposable of this.disposables) disposable.dispose();
    this._onDidChange.dispose();
  }
}
