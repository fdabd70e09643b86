// The parts of package.json and docs/diagnostics.md that are derived from the code, computed from
// their one definition: the diagnostic registry (core/diagnostics) and the spec file-name matcher
// (core/spec/specFileNames). `npm run generate` writes them; a unit test fails when they are stale.
import {
  ALL_DIAGNOSTIC_CODES,
  DIAGNOSTIC_GROUPS,
  diagnosticInfo,
  type DiagnosticCode,
} from '../core/diagnostics/DiagnosticCodes';
import { specFileGlob, specFileNameRegex, type SpecFileKind } from '../core/spec/specFileNames';

const SEVERITY_CHOICES = ['error', 'warning', 'information', 'hint', 'off'];

/** `relgraph.diagnostics.severity`'s properties: one per code, with its default and summary. */
export function severitySettingProperties(): Record<string, unknown> {
  return Object.fromEntries(
    ALL_DIAGNOSTIC_CODES.map((code) => {
      const { severity, summary } = diagnosticInfo(code);
      return [
        code,
        {
          type: 'string',
          enum: SEVERITY_CHOICES,
          markdownDescription: `Severity of \`${code}\` (default: ${severity}). ${summary}`,
        },
      ];
    }),
  );
}

/** A `when` clause matching spec files of these kinds, any case. */
export function specFileWhenClause(kinds: readonly SpecFileKind[]): string {
  return `resourceFilename =~ /${specFileNameRegex(kinds).source}/i`;
}

const WHEN_SPEC_FILE = /resourceFilename =~ \/\\\.\(?([a-z|]+)\)?\\\.ya\?ml\$\/i?/;

/** The manifest with every derived part recomputed (a new object; the input is not changed). */
export function derivedPackageJson(manifest: Record<string, unknown>): Record<string, unknown> {
  const pkg = structuredClone(manifest) as unknown as PackageJson;
  const properties = pkg.contributes.configuration.properties;
  properties['relgraph.diagnostics.severity'].properties = severitySettingProperties();
  // Activation: core's glob, whose character classes make it match in any case as the matcher does. VS Code
  // hands a workspaceContains glob to ripgrep (`rg --files -g`), which reads `[gG]` and `{a,b}` as this glob means.
  pkg.activationEvents = [
    `workspaceContains:${specFileGlob()}`,
    ...pkg.activationEvents.filter((event) => !event.startsWith('workspaceContains:')),
  ];
  // Menus shown for spec files use core's matcher; the kinds each one names are kept.
  for (const items of Object.values(pkg.contributes.menus)) {
    for (const item of items) {
      const match = item.when ? WHEN_SPEC_FILE.exec(item.when) : null;
      if (!match || !item.when) continue;
      const kinds = match[1].split('|') as SpecFileKind[];
      item.when = item.when.replace(match[0], specFileWhenClause(kinds));
    }
  }
  return pkg as unknown as Record<string, unknown>;
}

interface PackageJson {
  activationEvents: string[];
  contributes: {
    configuration: { properties: Record<string, { properties?: Record<string, unknown> }> };
    menus: Record<string, { when?: string }[]>;
  };
}

const INDEX_START = '<!-- diagnostic-index:start (npm run generate) -->';
const INDEX_END = '<!-- diagnostic-index:end -->';

/** docs/diagnostics.md's index table, one row per registry group. */
export function diagnosticsIndex(): string {
  const link = (code: DiagnosticCode) => `[${code}](#${code})`;
  const rows = DIAGNOSTIC_GROUPS.map((group) => {
    const title = group.seeAlso ? `${group.title} (see [${group.seeAlso}](${group.seeAlso}))` : group.title;
    const codes = Object.keys(group.codes) as DiagnosticCode[];
    return `| ${title} | ${group.tier} | ${codes.map(link).join(', ')} |`;
  });
  return [INDEX_START, '| group | tier | codes |', '|---|---|---|', ...rows, INDEX_END].join('\n');
}

/** The doc with its index replaced by the registry's; throws when the markers are missing. */
export function derivedDiagnosticsDoc(markdown: string): string {
  const start = markdown.indexOf(INDEX_START);
  const end = markdown.indexOf(INDEX_END);
  if (start < 0 || end < start) throw new Error(`docs/diagnostics.md lacks the index markers ${INDEX_START}`);
  return markdown.slice(0, start) + diagnosticsIndex() + markdown.slice(end + INDEX_END.length);
}
