import { checkPql } from '../../../core/pql/checkPql';
import type { PqlGraphView, PqlIssue } from '../../../core/pql/PqlGraphView';
import { parseOk } from './graphs';

/** The issues of a query as `[code, the text their span covers]` pairs: what a reader of a diagnostic sees. */
export function issuesOf(text: string, graph: PqlGraphView): [PqlIssue['code'], string][] {
  return checkPql(parseOk(text), graph).map((issue) => [issue.code, text.slice(issue.span.start, issue.span.end)]);
}

/** The full issues, for assertions on messages and suggestions. */
export function fullIssuesOf(text: string, graph: PqlGraphView): PqlIssue[] {
  return checkPql(parseOk(text), graph);
}
