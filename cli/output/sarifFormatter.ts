import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_DIAGNOSTIC_CODES, diagnosticDocUrl, diagnosticInfo } from '../../core/diagnostics/DiagnosticCodes';
import type { Range, Severity, SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import { compareDiagnostics, summarizeReport, type ValidationReport } from './ValidationReport';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

export interface SarifFormatOptions {
  toolVersion: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region?: SarifRegion;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per diagnostic code (with the docs link as helpUri),
 * one result per diagnostic with 1-based regions, artifact URIs relative to the working directory.
 */
export function formatSarif(report: ValidationReport, options: SarifFormatOptions): string {
  return JSON.stringify(toSarifLog(report, options), null, 2) + '\n';
}

export function toSarifLog(report: ValidationReport, options: SarifFormatOptions): Record<string, unknown> {
  // Every code is a rule, not only the ones reported, so rule indexes are stable from run to run.
  const codes = ALL_DIAGNOSTIC_CODES;
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));
  const rules = codes.map((code) => ({
    id: code,
    shortDescription: { text: diagnosticInfo(code).summary },
    helpUri: diagnosticDocUrl(code),
    help: { text: `${diagnosticInfo(code).summary} See ${diagnosticDocUrl(code)}` },
    defaultConfiguration: { level: SARIF_LEVEL[diagnosticInfo(code).severity] },
  }));

  const results: Record<string, unknown>[] = [];
  const notifications: Record<string, unknown>[] = [];
  for (const file of report.files) {
    const artifact = artifactLocation(file.path, report.cwd);
    for (const diagnostic of [...file.diagnostics].sort(compareDiagnostics)) {
      results.push(toResult(diagnostic, artifact, ruleIndex.get(diagnostic.code), report.cwd));
    }
    if (file.failure !== undefined) {
      notifications.push({
        level: 'error',
        message: { text: `Could not validate the file: ${file.failure}` },
        locations: [{ physicalLocation: { artifactLocation: artifact } }],
      });
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'relgraph',
            version: options.toolVersion,
            informationUri: 'https://github.com/relgraph/relgraph',
            rules,
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(report.cwd) } },
        invocations: [
          { executionSuccessful: summarizeReport(report).failures === 0, toolExecutionNotifications: notifications },
        ],
        results,
      },
    ],
  };
}

function toResult(
  diagnostic: SpecDiagnostic,
  artifact: SarifPhysicalLocation['artifactLocation'],
  index: number | undefined,
  cwd: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ruleId: diagnostic.code,
    level: SARIF_LEVEL[diagnostic.severity] ?? 'note',
    message: { text: diagnostic.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: toRegion(diagnostic.range) } }],
  };
  // A code added after this build has no rule entry; SARIF then wants no ruleIndex rather than a wrong one.
  if (index !== undefined) result.ruleIndex = index;
  if (diagnostic.related && diagnostic.related.length > 0) {
    result.relatedLocations = diagnostic.related.map((related, id) => ({
      id,
      message: { text: related.message },
      physicalLocation: { artifactLocation: artifactLocation(related.path, cwd), region: toRegion(related.range) },
    }));
  }
  return result;
}

/**
 * SARIF lines and columns are 1-based; LSP's 0-based UTF-16 offsets map onto SARIF's default utf16CodeUnits.
 * SARIF 2.1.0 (§3.30.5-3.30.8) also wants startLine/startColumn >= 1 and an end that does not precede the
 * start: a range that breaks either (a checker's bug) is clamped rather than written as an invalid log.
 */
export function toRegion(range: Range): SarifRegion {
  const startLine = Math.max(1, range.start.line + 1);
  const startColumn = Math.max(1, range.start.character + 1);
  let endLine = Math.max(1, range.end.line + 1);
  let endColumn = Math.max(1, range.end.character + 1);
  if (endLine < startLine || (endLine === startLine && endColumn < startColumn)) {
    endLine = startLine;
    endColumn = startColumn;
  }
  return { startLine, startColumn, endLine, endColumn };
}

/** Relative to %SRCROOT% (the working directory) when inside it; an absolute file URI otherwise. */
function artifactLocation(absolutePath: string, cwd: string): SarifPhysicalLocation['artifactLocation'] {
  const relative = path.relative(cwd, absolutePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(absolutePath).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
