import * as vscode from 'vscode';

/** What a step ended with: the answer, a step back (the Back button), or the user closing the wizard. */
export type StepResult<T> = { value: T } | 'back' | 'cancel';

export interface StepHeader {
  title: string;
  step: number;
  totalSteps: number;
}

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** What QuickPick and InputBox have in common that a step needs. */
interface QuickInputLike {
  readonly onDidTriggerButton: vscode.Event<vscode.QuickInputButton>;
  readonly onDidHide: vscode.Event<void>;
  show(): void;
  dispose(): void;
}

/**
 * One-question-at-a-time input with a Back button (VS Code's multi-step QuickPick pattern): the
 * wizard asks, gets an answer or 'back'/'cancel', and decides the next step itself, so the steps can
 * depend on earlier answers.
 */
export class MultiStepInput {
  pick<T>(
    header: StepHeader,
    options: { placeholder: string; items: PickItem<T>[]; active?: T; matchOnDescription?: boolean },
  ): Promise<StepResult<T>> {
    return this.pickMany(header, { ...options, many: false }).then((r) =>
      typeof r === 'string' ? r : { value: r.value[0] },
    );
  }

  pickMany<T>(
    header: StepHeader,
    options: { placeholder: string; items: PickItem<T>[]; active?: T; selected?: T[]; many?: boolean },
  ): Promise<StepResult<T[]>> {
    const many = options.many ?? true;
    const quickPick = vscode.window.createQuickPick<PickItem<T>>();
    this.decorate(quickPick, header);
    quickPick.placeholder = options.placeholder;
    quickPick.canSelectMany = many;
    quickPick.matchOnDescription = true;
    quickPick.items = options.items;
    const active = options.items.find((i) => i.value === options.active);
    if (active) quickPick.activeItems = [active];
    if (many && options.selected)
      quickPick.selectedItems = options.items.filter((i) => options.selected!.includes(i.value));
    return this.run(quickPick, (resolve) =>
      quickPick.onDidAccept(() => {
        const chosen = many ? quickPick.selectedItems : quickPick.activeItems;
        if (chosen.length === 0) return; // nothing chosen: keep asking
        resolve({ value: chosen.map((i) => i.value) });
      }),
    );
  }

  input(
    header: StepHeader,
    options: { prompt: string; value?: string; placeholder?: string; validate: (text: string) => string | undefined },
  ): Promise<StepResult<string>> {
    const box = vscode.window.createInputBox();
    this.decorate(box, header);
    box.prompt = options.prompt;
    box.value = options.value ?? '';
    if (options.placeholder) box.placeholder = options.placeholder;
    box.validationMessage = box.value ? options.validate(box.value) : undefined;
    return this.run(box, (resolve) =>
      vscode.Disposable.from(
        box.onDidChangeValue((text) => (box.validationMessage = options.validate(text))),
        box.onDidAccept(() => {
          const message = options.validate(box.value);
          box.validationMessage = message;
          if (!message) resolve({ value: box.value.trim() });
        }),
      ),
    );
  }

  private decorate(
    input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] },
    header: StepHeader,
  ): void {
    input.title = header.title;
    input.step = header.step;
    input.totalSteps = header.totalSteps;
    input.ignoreFocusOut = true;
    input.buttons = header.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  }

  private run<T>(
    input: QuickInputLike,
    listen: (resolve: (result: StepResult<T>) => void) => vscode.Disposable,
  ): Promise<StepResult<T>> {
    return new Promise<StepResult<T>>((resolve) => {
      let settled = false;
      const finish = (result: StepResult<T>) => {
        if (settled) return;
        settled = true;
        disposables.dispose();
        input.dispose();
        resolve(result);
      };
      const disposables = vscode.Disposable.from(
        listen(finish),
        input.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) finish('back');
        }),
        input.onDidHide(() => finish('cancel')),
      );
      input.show();
    });
  }
}
