import * as vscode from 'vscode';

export const CANCEL_JOB = 'Cancel job';
export const KEEP_RUNNING = 'Keep running';

/**
 * Asks before cancelling a job, local or Kumo, with exactly two answers: "Cancel job" and "Keep running".
 * "Keep running" is the dialog's close affordance, so VS Code adds no third, ambiguous "Cancel" button (users
 * clicked "Cancel" meaning "cancel the job"). Resolves true when the job is to be cancelled.
 */
export async function confirmCancel(question: string, detail: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage<vscode.MessageItem>(
    question,
    { modal: true, detail },
    { title: CANCEL_JOB },
    { title: KEEP_RUNNING, isCloseAffordance: true },
  );
  return answer?.title === CANCEL_JOB;
}
