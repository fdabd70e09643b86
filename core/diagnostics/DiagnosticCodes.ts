import { DATA_CODES } from './codes/dataCodes';
import { PQL_JOIN_CODES, PQL_NAME_CODES, PQL_TASK_CODES, PQL_TIME_CODES } from './codes/pqlCodes';
import {
  FILE_CODES,
  GRAPH_CODES,
  INTERNAL_CODES,
  PREDICTION_SETTINGS_CODES,
  TRAINING_CONTRACT_CODES,
} from './codes/specCodes';
import type { DiagnosticCodeEntry, DiagnosticTagName, DiagnosticTier } from './diagnosticCodeEntry';
import type { Severity } from './SpecDiagnostic';

/**
 * The registry of every diagnostic code Relgraph emits: one entry per code (severity, summary, tags,
 * `data` payload type) in the group files under codes/, in the order of docs/diagnostics.md's index.
 * Everything else is derived from it: the CLI's SARIF rules, the editor's tags, package.json's severity
 * settings and the docs index (`npm run generate`, checked by test/unit/diagnostics). Codes are a
 * public contract (CI scripts, suppressions and docs anchors rely on them): add codes, never rename them.
 */
export const DIAGNOSTIC_GROUPS = [
  FILE_CODES,
  GRAPH_CODES,
  TRAINING_CONTRACT_CODES,
  PQL_NAME_CODES,
  PQL_TIME_CODES,
  PQL_JOIN_CODES,
  PQL_TASK_CODES,
  PREDICTION_SETTINGS_CODES,
  DATA_CODES,
  INTERNAL_CODES,
] as const;

export const DIAGNOSTIC_REGISTRY = {
  ...FILE_CODES.codes,
  ...GRAPH_CODES.codes,
  ...TRAINING_CONTRACT_CODES.codes,
  ...PQL_NAME_CODES.codes,
  ...PQL_TIME_CODES.codes,
  ...PQL_JOIN_CODES.codes,
  ...PQL_TASK_CODES.codes,
  ...PREDICTION_SETTINGS_CODES.codes,
  ...DATA_CODES.codes,
  ...INTERNAL_CODES.codes,
};

export type DiagnosticCode = keyof typeof DIAGNOSTIC_REGISTRY;

/** The shape of a code's `data` payload (undefined for codes that carry none). */
export type DiagnosticData<C extends DiagnosticCode> = C extends unknown
  ? (typeof DIAGNOSTIC_REGISTRY)[C] extends DiagnosticCodeEntry<infer D>
    ? D
    : never
  : never;

/** Every code, in registry order. */
export const ALL_DIAGNOSTIC_CODES = Object.keys(DIAGNOSTIC_REGISTRY) as DiagnosticCode[];

/** Default severity by code: a view of the registry for callers that only need that. */
export const DIAGNOSTIC_CODES = Object.fromEntries(
  ALL_DIAGNOSTIC_CODES.map((c) => [c, DIAGNOSTIC_REGISTRY[c].severity]),
) as Readonly<Record<DiagnosticCode, Severity>>;

export interface DiagnosticCodeInfo {
  code: DiagnosticCode;
  severity: Severity;
  summary: string;
  tags: readonly DiagnosticTagName[];
  tier: DiagnosticTier;
  group: string;
}

const INFO = new Map<DiagnosticCode, DiagnosticCodeInfo>(
  DIAGNOSTIC_GROUPS.flatMap((g) =>
    (Object.entries(g.codes) as [DiagnosticCode, DiagnosticCodeEntry<unknown>][]).map(([c, entry]) => [
      c,
      {
        code: c,
        severity: entry.severity,
        summary: entry.summary,
        tags: entry.tags ?? [],
        tier: g.tier,
        group: g.title,
      },
    ]),
  ),
);

export function diagnosticInfo(code: DiagnosticCode): DiagnosticCodeInfo {
  return INFO.get(code)!;
}

export const DOCS_BASE_URL = 'https://github.com/relgraph/relgraph/blob/main/docs/diagnostics.md';

/** Link to the code's section in docs/diagnostics.md (GitHub anchors are the lower-cased heading). */
export function diagnosticDocUrl(code: DiagnosticCode): string {
  return `${DOCS_BASE_URL}#${code}`;
}

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_REGISTRY, value);
}
