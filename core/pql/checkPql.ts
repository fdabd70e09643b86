import { asSentence } from './asSentence';
import type { PredictiveQuery } from './ast';
import type { PqlGraphView, PqlIssue } from './PqlGraphView';
import { checkColumnKinds } from './pqlColumnKindRules';
import { checkJoins } from './pqlJoinRules';
import { checkNames } from './pqlNameRules';
import { checkProblemType } from './pqlProblemTypeRules';
import { checkTarget } from './pqlTargetRules';
import { checkTimeRules } from './pqlTimeRules';

/**
 * The semantic rules of a parsed query against the graph it runs on (Kumo's PQL validators), without
 * reading data. Issues come back in source order; each span covers only the offending part.
 */
export function checkPql(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  const nameIssues = checkNames(query, graph);
  // Every later rule reasons about the named tables and columns; with a name unresolved they would only add noise.
  const unresolved = nameIssues.some(
    (issue) => issue.code === 'pql-unknown-table' || issue.code === 'pql-unknown-column',
  );
  const issues = unresolved
    ? nameIssues
    : [
        ...nameIssues,
        ...checkTimeRules(query, graph),
        ...checkProblemType(query, graph),
        ...checkTarget(query, graph),
        ...checkJoins(query, graph),
        ...checkColumnKinds(query, graph),
      ];
  return issues
    .map((issue) => ({ ...issue, message: asSentence(issue.message) }))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
