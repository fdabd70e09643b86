import * as vscode from 'vscode';
import type { ScaffoldCandidateInfo, ScaffoldSourceChoice, ScaffoldTablePlan } from '../../protocol/scaffold';
import type { MultiStepInput, PickItem, StepHeader, StepResult } from './MultiStepInput';

/** The review's answer: write the graph, or change one table's source. */
export type ReviewChoice = { kind: 'write' } | { kind: 'table'; table: ScaffoldTablePlan };

const ICON: Record<ScaffoldTablePlan['status'], string> = {
  matched: '$(check)',
  ambiguous: '$(question)',
  unmatched: '$(circle-slash)',
};

/** `$(check) races → data/full/races.csv`, with the reason and what to look at as the detail. */
export function tableItem(table: ScaffoldTablePlan): PickItem<ReviewChoice> {
  const chosen = table.candidates.find((c) => c.path === table.source);
  const icon = table.status === 'matched' && table.problems.length > 0 ? '$(warning)' : ICON[table.status];
  return {
    label: `${icon} ${table.table}`,
    description: chosen ? `→ ${chosen.label}` : '→ source: to fill in',
    detail: [table.reason, ...table.problems].join(' · '),
    value: { kind: 'table', table },
  };
}

/**
 * Every training table with its file and why, the user's to correct before the graph is written: the
 * first item writes it; choosing a table offers its other candidates.
 */
export function reviewTables(
  input: MultiStepInput,
  header: StepHeader,
  tables: readonly ScaffoldTablePlan[],
): Promise<StepResult<ReviewChoice>> {
  const clean = tables.filter((t) => t.status === 'matched' && t.problems.length === 0).length;
  return input.pick<ReviewChoice>(header, {
    placeholder: `${clean} of ${tables.length} tables matched cleanly. Choose a table to change its file, or write the graph`,
    active: undefined,
    items: [
      {
        label: '$(save) Write the inference graph',
        description: `${tables.length} tables`,
        value: { kind: 'write' },
      },
      { label: 'Training tables', kind: vscode.QuickPickItemKind.Separator, value: { kind: 'write' } },
      ...tables.map(tableItem),
    ],
  });
}

/** Another source for one table: any candidate (best fit first, with what it lacks), or none. */
export async function pickSource(
  input: MultiStepInput,
  header: StepHeader,
  table: ScaffoldTablePlan,
): Promise<StepResult<ScaffoldSourceChoice>> {
  const none = '';
  const picked = await input.pick<string>(header, {
    placeholder: `The source of ${table.table} (the model reads ${table.neededColumns} of its columns)`,
    active: table.source ?? none,
    items: [
      ...table.candidates.map((c) => ({
        label: `$(file) ${c.label}`,
        description: coverage(c, table.neededColumns) + (c.path === table.source ? ' (current)' : ''),
        detail: candidateProblems(c) || undefined,
        value: c.path,
      })),
      { label: '$(circle-slash) Leave the source empty', description: 'a source: to fill in later', value: none },
    ],
  });
  if (typeof picked === 'string') return picked;
  return { value: { table: table.table, source: picked.value === none ? null : picked.value } };
}

function coverage(candidate: ScaffoldCandidateInfo, needed: number): string {
  return `${candidate.matched} of ${needed} columns`;
}

function candidateProblems(candidate: ScaffoldCandidateInfo): string {
  if (candidate.problem) return `cannot read it: ${candidate.problem}`;
  const parts: string[] = [];
  if (candidate.missing.length > 0) parts.push(`missing ${candidate.missing.join(', ')}`);
  parts.push(...candidate.retyped);
  return parts.join(' · ');
}
