import * as vscode from 'vscode';
import { YAML_ENTER_RULES } from './yamlEnterRules';

/**
 * Registers the Enter rules of yamlEnterRules.ts for the `yaml` language. VS Code scopes language configuration
 * to a language, not to file names, so they apply to every YAML file while Relgraph is active: they follow YAML
 * itself (a block opened by `key:` is indented), so any YAML file gets the right indentation. Spec files stay in
 * the `yaml` language so that other YAML tools keep working on them.
 */
export function registerYamlIndentation(): vscode.Disposable {
  return vscode.languages.setLanguageConfiguration('yaml', {
    onEnterRules: YAML_ENTER_RULES.map((rule) => ({
      beforeText: rule.beforeText,
      action: {
        indentAction: rule.indent === 'indent' ? vscode.IndentAction.Indent : vscode.IndentAction.None,
        ...(rule.appendText ? { appendText: rule.appendText } : {}),
      },
    })),
  });
}
