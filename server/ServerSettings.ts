import { isDiagnosticCode, type DiagnosticCode } from '../core/diagnostics/DiagnosticCodes';
import type { Severity } from '../core/diagnostics/SpecDiagnostic';

/** A per-code override: a different severity, or `off` to drop the diagnostic in the editor. */
export type SeverityOverride = Severity | 'off';

/** The `relgraph.*` settings the server reads (the client's package.json `contributes.configuration`). */
export interface ServerSettings {
  dataChecks: {
    enabled: boolean;
    /** Budget of one data-check run; a slower run is reported as `data-check-incomplete`. */
    timeoutMs: number;
    /** Quiet time after the last edit before data checks start (they read files; static checks run at once). */
    delayMs: number;
  };
  validation: {
    /** Static re-validation runs at most once per this interval while typing (the first edit runs at once). */
    throttleMs: number;
  };
  severityOverrides: Partial<Record<DiagnosticCode, SeverityOverride>>;
  data: {
    /**
     * Folders whose specs' data checks may read sources outside the folder (`relgraph.data.allowOutsideWorkspace`,
     * a machine-scoped setting: a repository's own settings cannot add itself).
     */
    allowOutsideWorkspace: string[];
  };
  /**
   * Whether the editor trusts the workspace (VS Code's Restricted Mode is untrusted). Not a setting: the
   * client says it at initialization and when the user grants trust. Untrusted: static checks only.
   */
  trusted: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  dataChecks: { enabled: true, timeoutMs: 20_000, delayMs: 400 },
  validation: { throttleMs: 0 },
  severityOverrides: {},
  data: { allowOutsideWorkspace: [] },
  trusted: true,
};

const OVERRIDE_VALUES = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Reads the `relgraph` settings section as the client sent it (untrusted JSON), keeping defaults for
 * anything missing or malformed, so a typo in settings.json never breaks validation.
 */
export function readServerSettings(section: unknown, trusted = DEFAULT_SETTINGS.trusted): ServerSettings {
  const root = asRecord(section);
  const dataChecks = asRecord(root.dataChecks);
  const validation = asRecord(root.validation);
  const diagnostics = asRecord(root.diagnostics);
  const data = asRecord(root.data);
  const overrides: Partial<Record<DiagnosticCode, SeverityOverride>> = {};
  for (const [code, value] of Object.entries(asRecord(diagnostics.severity))) {
    if (isDiagnosticCode(code) && typeof value === 'string' && OVERRIDE_VALUES.has(value)) {
      overrides[code] = value as SeverityOverride;
    }
  }
  return {
    dataChecks: {
      enabled: typeof dataChecks.enabled === 'boolean' ? dataChecks.enabled : DEFAULT_SETTINGS.dataChecks.enabled,
      timeoutMs: positiveNumber(dataChecks.timeoutMs, DEFAULT_SETTINGS.dataChecks.timeoutMs),
      delayMs: positiveNumber(dataChecks.delayMs, DEFAULT_SETTINGS.dataChecks.delayMs),
    },
    validation: {
      throttleMs: positiveNumber(validation.throttleMs, DEFAULT_SETTINGS.validation.throttleMs),
    },
    severityOverrides: overrides,
    data: {
      allowOutsideWorkspace: Array.isArray(data.allowOutsideWorkspace)
        ? data.allowOutsideWorkspace.filter((folder): folder is string => typeof folder === 'string' && folder !== '')
        : [],
    },
    trusted,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
