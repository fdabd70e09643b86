import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiagnosticCode } from '../../../core/diagnostics/DiagnosticCodes';
import { DIAGNOSTIC_CODES } from '../../../core/diagnostics/DiagnosticCodes';
import type { TaskType } from '../../../core/pql/ast';
import { checkPql } from '../../../core/pql/checkPql';
import { inferTaskType } from '../../../core/pql/inferTaskType';
import { parsePql } from '../../../core/pql/parsePql';
import type { PqlGraphView } from '../../../core/pql/PqlGraphView';
import { f1Graph } from './graphs';
import {
  crm,
  lowerRetail,
  onlineShopping,
  relAmazon,
  relArxiv,
  relAvito,
  relEvent,
  relHm,
  relRatebeer,
  relStack,
  relTrial,
  rfmShop,
  singularShop,
  unlinkedProducts,
  upperRetail,
} from './kumoGraphs';

/**
 * Real predictive queries from Kumo's public repositories and docs, each on the graph it needs. Kumo
 * accepts every query of ACCEPTED, so Relgraph must report no error for any of them (Kumo's own warnings,
 * such as a random split, are allowed). REJECTED are queries Kumo's validator refuses, with the code we
 * report. Each entry names its source.
 */
interface RealQuery {
  query: string;
  graph: () => PqlGraphView;
  source: string;
  /** The task type Kumo's docs give, when they give one. */
  task?: TaskType;
}

const RFM_V2 = 'kumo-ai/kumo-rfm benchmarks/v2/relbench_classification.py';
const RFM_V2_REG = 'kumo-ai/kumo-rfm benchmarks/v2/relbench_regression.py';
const RFM_PQL = 'kumo-ai/kumo-rfm benchmarks/relbench/pql.py';
const MCP = 'kumo-ai/kumo-rfm-mcp kumo_rfm_mcp/resources/predictive-query.md';
const QUICKSTART = 'kumo-ai/kumo-rfm notebooks/quickstart.ipynb';
const TASK_TYPES = 'https://docs.kumo.ai/docs/task-types';
const STRUCTURE = 'https://docs.kumo.ai/docs/pquery-structure';
const WHERE_PAGE = 'https://docs.kumo.ai/docs/where';
const RFM_FILTERS = 'https://kumo.ai/docs/rfm/filters-and-operators';
const AGENT_ERRORS = 'kumo-ai/kumo-coding-agent context/platform/pql-errors.md';
const AGENT_PATTERNS = 'kumo-ai/kumo-coding-agent context/patterns/prediction-patterns.md';
const SEMANTICS = 'shared/reference/kumo-semantics.md §3.5 (docs.kumo.ai examples)';

const ACCEPTED: RealQuery[] = [
  // RelBench classification tasks as KumoRFM writes them (kumo-ai/kumo-rfm benchmarks/v2/relbench_classification.py)
  {
    source: RFM_V2,
    graph: relHm,
    task: 'binary_classification',
    query:
      'PREDICT COUNT(transactions.*, 0, 7, days)=0 FOR EACH customer.customer_id WHERE COUNT(transactions.*, -7, 0, days)>0',
  },
  {
    source: RFM_V2,
    graph: relAmazon,
    query: 'PREDICT COUNT(review.*, 0, 91, days)=0 FOR EACH customer.customer_id WHERE COUNT(review.*, -91, 0, days)>0',
  },
  {
    source: RFM_V2,
    graph: relAmazon,
    query: 'PREDICT COUNT(review.*, 0, 91, days)=0 FOR EACH product.product_id WHERE COUNT(review.*, -91, 0, days)>0',
  },
  {
    source: RFM_V2,
    graph: f1Graph,
    task: 'binary_classification',
    query: 'PREDICT MIN(qualifying.position, 0, 30, days)<=3 FOR EACH drivers.driverId',
  },
  {
    source: RFM_V2,
    graph: f1Graph,
    query:
      'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days)>0 FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days)>0',
  },
  {
    source: RFM_V2,
    graph: relEvent,
    query:
      "PREDICT COUNT(event_attendees.* WHERE event_attendees.status IN ('yes', 'maybe'), 0, 7, days)>0 FOR EACH users.user_id " +
      "WHERE COUNT(event_attendees.* WHERE event_attendees.status IN ('yes', 'maybe'), -14, 0, days)>0 " +
      'ASSUMING COUNT(event_attendees.*, 0, 7, days) > 0',
  },
  {
    source: RFM_V2,
    graph: relEvent,
    // the benchmark source has no space between ">2" and "FOR"
    query:
      "PREDICT COUNT(event_attendees.* WHERE event_attendees.status = 'invited', 0, 7, days)>2FOR EACH users.user_id ASSUMING COUNT(event_attendees.*, 0, 7, days)>0",
  },
  {
    source: RFM_V2,
    graph: relStack,
    query:
      'PREDICT COUNT(votes.*, 0, 91, days)>0 OR COUNT(posts.*, 0, 91, days)>0 OR COUNT(comments.*, 0, 91, days)>0 FOR EACH users.Id ' +
      'WHERE COUNT(votes.*, -INF, 0)>0 OR COUNT(posts.*, -INF, 0)>0 OR COUNT(comments.*, -INF, 0)>0',
  },
  { source: RFM_V2, graph: relStack, query: 'PREDICT COUNT(badges.*, 0, 91, days)>0 FOR EACH users.Id' },
  {
    source: RFM_V2,
    graph: relRatebeer,
    query:
      'PREDICT COUNT(beer_ratings.*, 0, 90, days)=0 FOR EACH beers.beer_id WHERE COUNT(beer_ratings.*, -90, 0, days)>0',
  },
  {
    source: RFM_V2,
    graph: relRatebeer,
    query:
      'PREDICT COUNT(beer_ratings.*, 0, 90, days)=0 FOR EACH users.user_id WHERE COUNT(beer_ratings.*, -90, 0, days)>0',
  },
  {
    source: RFM_V2,
    graph: relRatebeer,
    query: 'PREDICT COUNT(beers.*, 0, 365, days)=0 FOR EACH brewers.brewer_id WHERE COUNT(beers.*, -365, 0, days)>0',
  },

  // RelBench regression tasks (kumo-ai/kumo-rfm benchmarks/v2/relbench_regression.py)
  {
    source: RFM_V2_REG,
    graph: relAvito,
    task: 'regression',
    query:
      'PREDICT AVG(SearchStream.IsClick, 0, 4, days) FOR EACH AdsInfo.AdID ASSUMING SUM(SearchStream.IsClick, 0, 4, days)>0',
  },
  {
    source: RFM_V2_REG,
    graph: relEvent,
    query:
      "PREDICT COUNT(event_attendees.* WHERE event_attendees.status IN ('yes', 'maybe'), 0, 7, days) FOR EACH users.user_id",
  },
  {
    source: RFM_V2_REG,
    graph: f1Graph,
    task: 'regression',
    query:
      'PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 0, days)>0',
  },
  {
    source: RFM_V2_REG,
    graph: relHm,
    query: 'PREDICT SUM(transactions.price, 0, 7, days) FOR EACH article.article_id',
  },
  { source: RFM_V2_REG, graph: relStack, query: 'PREDICT COUNT(votes.*, 0, 91, days) FOR EACH posts.Id ' },
  {
    source: RFM_V2_REG,
    graph: relTrial,
    query:
      "PREDICT SUM(reported_event_totals.subjects_affected WHERE reported_event_totals.event_type in ('serious', 'deaths'),  0, 365, days) FOR EACH studies.nct_id",
  },
  {
    source: RFM_V2_REG,
    graph: relAmazon,
    query: 'PREDICT SUM(review.price, 0, 91, days) FOR EACH customer.customer_id WHERE COUNT(review.*, -91, 0, days)>0',
  },
  { source: RFM_V2_REG, graph: relAmazon, query: 'PREDICT SUM(review.price, 0, 91, days) FOR EACH product.product_id' },
  {
    source: RFM_V2_REG,
    graph: relRatebeer,
    query:
      'PREDICT COUNT(beer_ratings.*, 0, 90, days) FOR EACH users.user_id WHERE COUNT(beer_ratings.*, -90, 0, days)>0',
  },
  {
    source: RFM_V2_REG,
    graph: relArxiv,
    query: 'PREDICT COUNT(paperAuthors.*, 0, 182, days) FOR EACH authors.Author_ID ',
  },

  // The same tasks on explicit entity lists (kumo-ai/kumo-rfm benchmarks/relbench/pql.py, {indices} filled in)
  {
    source: RFM_PQL,
    graph: relAmazon,
    query:
      'PREDICT SUM(review.price, 0, 91, days) FOR product.product_id IN (0, 1) ASSUMING COUNT(review.*, 0, 91, days)>0',
  },
  {
    source: RFM_PQL,
    graph: relAmazon,
    query:
      'PREDICT COUNT(review.*, 0, 91, days)=0 FOR product.product_id IN (0, 1) WHERE COUNT(review.*, -91, 0, days)>0',
  },
  {
    source: RFM_PQL,
    graph: relAmazon,
    query:
      'PREDICT SUM(review.price, 0, 91, days) FOR customer.customer_id IN (0, 1) WHERE COUNT(review.*, -91, 0, days)>0',
  },
  {
    source: RFM_PQL,
    graph: relAvito,
    query:
      'PREDICT AVG(SearchStream.IsClick, 0, 4, days) FOR AdsInfo.AdID IN (0, 1) ASSUMING SUM(SearchStream.IsClick, 0, 4, days)>0',
  },
  {
    source: RFM_PQL,
    graph: relStack,
    query:
      'PREDICT COUNT(votes.*, 0, 91, days)>0 OR COUNT(posts.*, 0, 91, days)>0 OR COUNT(comments.*, 0, 91, days)>0 FOR users.Id IN (0, 1) ' +
      'WHERE COUNT(votes.*, -INF, 0)>0 OR COUNT(posts.*, -INF, 0)>0 OR COUNT(comments.*, -INF, 0)>0',
  },

  // The PQL guide of the KumoRFM MCP server (kumo-ai/kumo-rfm-mcp kumo_rfm_mcp/resources/predictive-query.md)
  { source: MCP, graph: rfmShop, task: 'regression', query: 'PREDICT users.age FOR users.user_id=1' },
  { source: MCP, graph: rfmShop, task: 'binary_classification', query: 'PREDICT users.age > 40 FOR users.user_id=1' },
  { source: MCP, graph: rfmShop, query: 'PREDICT users.age>40 OR users.age<=20 FOR users.user_id=1' },
  { source: MCP, graph: rfmShop, query: 'PREDICT SUM(transactions.price, 0, 30, days) for users.user_id=1' },
  { source: MCP, graph: rfmShop, query: 'PREDICT SUM(transactions.price, 0, 30, days)=0 for users.user_id=1' },
  {
    source: MCP,
    graph: singularShop,
    query: 'PREDICT COUNT(session.*, 0, 7)>10 OR SUM(transaction.value, 0, 5)>100 FOR user.user_id=1',
  },
  {
    source: MCP,
    graph: rfmShop,
    task: 'temporal_link_prediction',
    query: 'PREDICT LIST_DISTINCT(orders.item_id, 0, 7, days) RANK TOP 10 FOR users.user_id=1',
  },
  {
    source: MCP,
    graph: rfmShop,
    query: 'PREDICT COUNT(transactions.* WHERE transactions.price > 10, 0, 7, days) FOR users.user_id=1',
  },
  {
    source: MCP,
    graph: rfmShop,
    query: 'PREDICT COUNT(orders.*, 0, 30, days)>0 FOR users.user_id=1 WHERE COUNT(orders.*, -30, 0, days) > 0',
  },
  {
    source: MCP,
    graph: rfmShop,
    query: 'PREDICT COUNT(orders.*, 0, 30, days)>0 FOR users.user_id=1 ASSUMING COUNT(notifications.*, 0, 7, days)>0',
  },
  {
    source: MCP,
    graph: rfmShop,
    query: 'PREDICT LIST_DISTINCT(ratings.movie_id, 0, 14, days)\n   RANK TOP 20 FOR users.user_id=9987',
  },
  {
    source: MCP,
    graph: rfmShop,
    query: 'PREDICT COUNT(sessions.*, 0, 14)=0 FOR users.user_id=9987\n   WHERE COUNT(sessions.*,-7,0)>0',
  },
  {
    source: MCP,
    graph: rfmShop,
    query: 'PREDICT COUNT(ratings.* WHERE ratings.rating = 5, 0,30)>0\n   FOR products.product_id=123456',
  },
  {
    source: MCP,
    graph: lowerRetail,
    query:
      'PREDICT COUNT(transactions.price, 0, 90)>0\n   FOR customers.customer_id=123456 WHERE SUM(transactions.price, -60, 0) > 0.05',
  },
  {
    source: MCP,
    graph: lowerRetail,
    query: 'PREDICT LIST_DISTINCT(transactions.article_id, 0, 90)\n   RANK TOP 20 FOR customers.customer_id=123456',
  },

  // KumoRFM quickstart (kumo-ai/kumo-rfm notebooks/quickstart.ipynb)
  { source: QUICKSTART, graph: onlineShopping, query: 'PREDICT SUM(orders.price, 0, 30, days) FOR items.item_id=42' },
  {
    source: QUICKSTART,
    graph: onlineShopping,
    query: 'PREDICT COUNT(orders.*, 0, 90, days)=0 FOR users.user_id IN (42, 123)',
  },
  {
    source: QUICKSTART,
    graph: onlineShopping,
    query: 'PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 10 FOR users.user_id=123',
  },
  { source: QUICKSTART, graph: onlineShopping, task: 'regression', query: 'PREDICT users.age FOR users.user_id=8' },

  // docs.kumo.ai task types: the boolean column target is binary classification
  {
    source: TASK_TYPES,
    graph: lowerRetail,
    task: 'regression',
    query: 'PREDICT customers.age FOR EACH customers.customer_id',
  },
  {
    source: TASK_TYPES,
    graph: singularShop,
    task: 'binary_classification',
    query: 'PREDICT fraud_reports.is_fraud FOR EACH transaction.id WHERE transaction.type = "bank transfer"',
  },
  {
    source: TASK_TYPES,
    graph: singularShop,
    task: 'multiclass_classification',
    query: 'PREDICT FIRST(purchase.type, 0, 7) FOR EACH user.user_id',
  },
  {
    source: TASK_TYPES,
    graph: lowerRetail,
    task: 'temporal_link_prediction',
    query: 'PREDICT LIST_DISTINCT(transactions.article_id, 0, 7) RANK TOP 10 FOR EACH customers.customer_id',
  },
  {
    source: TASK_TYPES,
    graph: upperRetail,
    task: 'regression',
    query: 'PREDICT SUM(TRANSACTIONS.PRICE,0,30,days) FOR EACH CUSTOMERS.CUSTOMER_ID',
  },
  {
    source: TASK_TYPES,
    graph: upperRetail,
    task: 'binary_classification',
    query: 'PREDICT COUNT(TRANSACTIONS.*,0,30,days) =  0 FOR EACH CUSTOMERS.CUSTOMER_ID',
  },

  // docs.kumo.ai predictive query structure
  {
    source: STRUCTURE,
    graph: upperRetail,
    query: 'PREDICT SUM(TRANSACTIONS.PRICE, 10, 30) FOR EACH CUSTOMERS.CUSTOMER_ID',
  },
  {
    source: STRUCTURE,
    graph: upperRetail,
    query: 'PREDICT SUM(TRANSACTIONS.PRICE, 0, 30, months) FOR EACH CUSTOMERS.CUSTOMER_ID',
  },

  // docs.kumo.ai WHERE, example 3: a filter one foreign key away (the page gives the entity part only; the
  // target is added here so that the query is complete)
  {
    source: WHERE_PAGE,
    graph: singularShop,
    query: 'PREDICT COUNT(transaction.*, 0, 30, days) > 0 FOR EACH user.user_id WHERE region.num_inhabitants < 10000',
  },

  // KumoRFM filters page: a temporal context filter
  {
    source: RFM_FILTERS,
    graph: rfmShop,
    query: 'PREDICT COUNT(orders.*, 0, 30, days) > 0\nFOR users.user_id=1\n    WHERE COUNT(orders.*, -30, 0, days) > 0',
  },

  // Examples collected in the reference (multilabel, what-if, the UI churn example, static conditions)
  {
    source: SEMANTICS,
    graph: upperRetail,
    task: 'multilabel_classification',
    query: 'PREDICT LIST_DISTINCT(TRANSACTIONS.ARTICLE_ID, 0, 30) CLASSIFY FOR EACH CUSTOMERS.CUSTOMER_ID',
  },
  {
    source: SEMANTICS,
    graph: upperRetail,
    query:
      'PREDICT SUM(TRANSACTIONS.PRICE, 0, 30) FOR EACH CUSTOMERS.CUSTOMER_ID ASSUMING COUNT(NOTIFICATIONS.*, 0, 7) > 2',
  },
  {
    source: SEMANTICS,
    graph: lowerRetail,
    query:
      'PREDICT COUNT(transactions.*, 0, 30, days) = 0 FOR EACH customers.customer_id WHERE COUNT(transactions.*, -90, 0, days) > 0',
  },
  {
    source: SEMANTICS,
    graph: rfmShop,
    task: 'binary_classification',
    query: "PREDICT (users.age>40 OR users.location='US') AND (NOT users.gender='male') FOR EACH users.user_id",
  },

  // The coding agent's "right" queries (kumo-ai/kumo-coding-agent context/platform/pql-errors.md)
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    query: "PREDICT COUNT(orders.* WHERE orders.status = 'completed', 0, 30, days) FOR EACH users.user_id",
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    query: "PREDICT SUM(orders.amount WHERE orders.category = 'electronics', 0, 30, days) FOR EACH users.user_id",
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    query: 'PREDICT COUNT(orders.* WHERE orders.product_id IS NOT NULL, 0, 30, days) FOR EACH users.user_id',
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    task: 'multiclass_classification',
    query: 'PREDICT users.membership_tier FOR EACH users.user_id',
  },
  { source: AGENT_ERRORS, graph: rfmShop, query: 'PREDICT AVG(orders.amount, 0, 30, days) FOR EACH users.user_id' },

  // The coding agent's business patterns (kumo-ai/kumo-coding-agent context/patterns/prediction-patterns.md)
  {
    source: AGENT_PATTERNS,
    graph: crm,
    query: 'PREDICT LAST(orders.order_date, 0, 30, days) FOR EACH customers.customer_id',
  },
  {
    source: AGENT_PATTERNS,
    graph: crm,
    query: 'PREDICT SUM(opportunities.amount, 0, 90, days) FOR EACH accounts.account_id',
  },
  {
    source: AGENT_PATTERNS,
    graph: crm,
    task: 'binary_classification',
    query: 'PREDICT LAST(opportunities.is_won, 0, 90, days) FOR EACH opportunities.opportunity_id',
  },
  {
    source: AGENT_PATTERNS,
    graph: crm,
    query: 'PREDICT COUNT(tickets.ticket_id, 0, 30, days) FOR EACH customers.customer_id',
  },
  { source: AGENT_PATTERNS, graph: crm, query: 'PREDICT COUNT(orders.order_id, 7, 14, days) FOR EACH stores.store_id' },
];

interface RejectedQuery extends RealQuery {
  code: DiagnosticCode;
  /** Why Kumo rejects it. */
  why: string;
}

const REJECTED: RejectedQuery[] = [
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-target-looks-back',
    why: 'a target window must not look into the past (TimeRangeValidator)',
    query: 'PREDICT SUM(orders.amount, -30, 0, days) FOR EACH users.user_id',
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-aggregation-type-mismatch',
    why: 'SUM of a string column (type validator: "can only operate on integers and floats")',
    query: 'PREDICT SUM(orders.status, 0, 30, days) FOR EACH users.user_id',
  },
  {
    source: AGENT_ERRORS,
    graph: unlinkedProducts,
    code: 'pql-join-missing',
    why: 'no foreign key from orders to products ("Missing foreign key")',
    query: 'PREDICT SUM(orders.amount, 0, 30, days) FOR EACH products.product_id',
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-entity-not-primary-key',
    why: 'FOR EACH must name a primary key ("Invalid entity")',
    query: 'PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.email',
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-target-is-entity',
    why: 'predicting the entity primary key',
    query: 'PREDICT users.user_id FOR EACH users.user_id',
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-join-not-unique',
    why: 'many orders per user: "Couldn\'t pick a unique orders.order_date for each users"',
    query: 'PREDICT orders.order_date FOR EACH users.user_id',
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-assuming-not-temporal',
    why: 'ASSUMING is not allowed for static queries',
    query: "PREDICT users.membership_tier FOR EACH users.user_id ASSUMING users.country = 'US'",
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-assuming-not-temporal',
    why: 'ASSUMING must be a forward-looking temporal condition (the agent doc calls this one right; the validator does not)',
    query: 'PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id ASSUMING orders.discount = 0.1',
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-join-not-unique',
    why: 'items are reached from users only through their many orders',
    query: "PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id WHERE items.category = 'electronics'",
  },
  {
    source: AGENT_ERRORS,
    graph: rfmShop,
    code: 'pql-filter-looks-ahead',
    why: 'an entity filter must not look into the future',
    query: 'PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id WHERE COUNT(orders.*, 0, 30, days) > 5',
  },
  {
    source: AGENT_PATTERNS,
    graph: crm,
    code: 'pql-assuming-not-temporal',
    why: 'a static ASSUMING condition',
    query:
      'PREDICT SUM(opportunities.amount, 0, 90, days) FOR EACH accounts.account_id ASSUMING activities.has_exec_engagement = 1',
  },
  {
    source: AGENT_PATTERNS,
    graph: crm,
    code: 'pql-assuming-not-temporal',
    why: 'a static ASSUMING condition',
    query:
      'PREDICT LAST(opportunities.is_won, 0, 90, days) FOR EACH opportunities.opportunity_id ASSUMING opportunities.discount_pct = 0.10',
  },
  {
    source: WHERE_PAGE,
    graph: singularShop,
    code: 'pql-aggregation-needs-window',
    why: 'the page shows the filter without a window; a static aggregation is only allowed as LIST_DISTINCT RANK',
    query:
      "PREDICT COUNT(transaction.* WHERE transaction.amount > 100) FOR EACH user.user_id WHERE user.country = 'US'",
  },
  {
    source: RFM_FILTERS,
    graph: lowerRetail,
    code: 'pql-join-not-unique',
    why:
      'the page shows a context filter on the target table, but the join validator (run before the RFM checks) ' +
      'finds many transactions per customer',
    query:
      'PREDICT SUM(transactions.value, 15, 45, days)\nFOR EACH customers.customer_id\n    WHERE transactions.category = "Electronics"',
  },
];

function errorsOf(query: string, graph: PqlGraphView) {
  const parsed = parsePql(query);
  assert.deepEqual(parsed.errors, [], `syntax: ${query}`);
  return checkPql(parsed.query!, graph);
}

describe('real Kumo queries', () => {
  it(`has at least 40 accepted queries with a source (${ACCEPTED.length})`, () => {
    assert.ok(ACCEPTED.length >= 40);
    for (const entry of ACCEPTED) assert.ok(entry.source.length > 0, entry.query);
  });

  for (const entry of ACCEPTED) {
    it(`accepts ${entry.query.replace(/\s+/g, ' ')} [${entry.source}]`, () => {
      const issues = errorsOf(entry.query, entry.graph());
      const errors = issues.filter((issue) => (issue.severity ?? DIAGNOSTIC_CODES[issue.code]) === 'error');
      assert.deepEqual(
        errors.map((e) => `${e.code}: ${e.message}`),
        [],
      );
      if (entry.task) assert.equal(inferTaskType(parsePql(entry.query).query!, entry.graph()), entry.task);
    });
  }

  for (const entry of REJECTED) {
    it(`rejects ${entry.query.replace(/\s+/g, ' ')} with ${entry.code} (${entry.why}) [${entry.source}]`, () => {
      const codes = errorsOf(entry.query, entry.graph()).map((issue) => issue.code);
      assert.ok(codes.includes(entry.code), `got ${codes.join(', ') || 'nothing'}`);
    });
  }
});
