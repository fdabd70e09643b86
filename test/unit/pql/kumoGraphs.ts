import type { PqlGraphView, PqlTableView } from '../../../core/pql/PqlGraphView';
import type { Dtype, Stype } from '../../../core/spec/SpecModel';

/**
 * The graphs the real Kumo queries of kumoRealQueries.test.ts run on, written compactly: each table's
 * primary key, time column, foreign keys and typed columns, as the data tier would type them (string
 * columns default to `text`, which is what Kumo infers for a string column nobody typed).
 * RelBench schemas follow relbench/datasets/*.py; the others are the smallest graph the documented query needs.
 */
type Column = Dtype | [Dtype, Stype];

interface TableSketch {
  pk?: string;
  time?: string;
  fk?: Record<string, string>;
  cols?: Record<string, Column>;
}

export function sketch(tables: Record<string, TableSketch>): PqlGraphView {
  const views = new Map<string, PqlTableView>();
  for (const [name, t] of Object.entries(tables)) {
    const columns = new Map<string, { dtype?: Dtype; stype?: Stype }>();
    if (t.pk) columns.set(t.pk, { dtype: 'int64' });
    if (t.time) columns.set(t.time, { dtype: 'date' });
    for (const fkey of Object.keys(t.fk ?? {})) columns.set(fkey, { dtype: 'int64' });
    for (const [column, type] of Object.entries(t.cols ?? {})) {
      columns.set(column, Array.isArray(type) ? { dtype: type[0], stype: type[1] } : { dtype: type });
    }
    views.set(name, {
      primaryKey: t.pk,
      timeColumn: t.time,
      foreignKeys: new Map(Object.entries(t.fk ?? {})),
      columns,
    });
  }
  return { tables: views };
}

/** rel-hm (H&M): customers buy articles. */
export const relHm = () =>
  sketch({
    customer: { pk: 'customer_id', cols: { age: 'float64', club_member_status: ['string', 'categorical'] } },
    article: { pk: 'article_id', cols: { product_type_name: ['string', 'categorical'] } },
    transactions: {
      time: 't_dat',
      fk: { customer_id: 'customer', article_id: 'article' },
      cols: { price: 'float64', sales_channel_id: ['int64', 'categorical'] },
    },
  });

/** rel-amazon, with the review.price column the kumo-rfm benchmark joins in for the LTV tasks. */
export const relAmazon = () =>
  sketch({
    customer: { pk: 'customer_id', cols: { customer_name: 'string' } },
    product: { pk: 'product_id', cols: { price: 'float64', category: ['string', 'multicategorical'] } },
    review: {
      time: 'review_time',
      fk: { customer_id: 'customer', product_id: 'product' },
      cols: { rating: 'int64', verified: 'bool', price: 'float64' },
    },
  });

/** rel-event: users attend events. */
export const relEvent = () =>
  sketch({
    users: { pk: 'user_id', cols: { locale: ['string', 'categorical'], birthyear: 'int64' } },
    events: { pk: 'event_id', time: 'start_time', fk: { user_id: 'users' }, cols: { city: ['string', 'categorical'] } },
    event_attendees: {
      time: 'start_time',
      fk: { event: 'events', user_id: 'users' },
      cols: { status: ['string', 'categorical'] },
    },
    event_interest: { time: 'timestamp', fk: { event: 'events', user_id: 'users' }, cols: { interested: 'int64' } },
  });

/** rel-stack (stats.stackexchange): posts point to their owner and to other posts. */
export const relStack = () =>
  sketch({
    users: { pk: 'Id', time: 'CreationDate', cols: { Reputation: 'int64', AboutMe: 'string' } },
    posts: {
      pk: 'Id',
      time: 'CreationDate',
      fk: { OwnerUserId: 'users', ParentId: 'posts', AcceptedAnswerId: 'posts' },
      cols: { PostTypeId: ['int64', 'categorical'], Title: 'string' },
    },
    votes: {
      pk: 'Id',
      time: 'CreationDate',
      fk: { PostId: 'posts', UserId: 'users' },
      cols: { VoteTypeId: ['int64', 'categorical'] },
    },
    comments: { pk: 'Id', time: 'CreationDate', fk: { PostId: 'posts', UserId: 'users' }, cols: { Text: 'string' } },
    badges: { pk: 'Id', time: 'Date', fk: { UserId: 'users' }, cols: { Name: ['string', 'categorical'] } },
  });

/** rel-ratebeer: users rate beers brewed by brewers. */
export const relRatebeer = () =>
  sketch({
    users: { pk: 'user_id', cols: { user_name: 'string' } },
    brewers: { pk: 'brewer_id', cols: { country: ['string', 'categorical'] } },
    beers: { pk: 'beer_id', time: 'created_at', fk: { brewer_id: 'brewers' }, cols: { abv: 'float64' } },
    beer_ratings: {
      pk: 'rating_id',
      time: 'created_at',
      fk: { beer_id: 'beers', user_id: 'users' },
      cols: { total_score: 'int64' },
    },
  });

/** rel-avito: search results show ads; IsClick made numerical as the kumo-rfm benchmark does. */
export const relAvito = () =>
  sketch({
    AdsInfo: { pk: 'AdID', fk: { CategoryID: 'Category' }, cols: { Price: 'float64' } },
    Category: { pk: 'CategoryID', cols: { Level: 'int64' } },
    SearchInfo: { pk: 'SearchID', time: 'SearchDate', cols: { IsUserLoggedOn: 'int64' } },
    SearchStream: {
      pk: 'SearchStreamID',
      time: 'SearchDate',
      fk: { AdID: 'AdsInfo', SearchID: 'SearchInfo' },
      cols: { IsClick: ['float64', 'numerical'], Position: 'int64' },
    },
  });

/** rel-trial: clinical studies and their reported adverse events. */
export const relTrial = () =>
  sketch({
    studies: { pk: 'nct_id', time: 'start_date', cols: { phase: ['string', 'categorical'] } },
    reported_event_totals: {
      pk: 'id',
      time: 'date',
      fk: { nct_id: 'studies' },
      cols: { event_type: ['string', 'categorical'], subjects_affected: 'int64' },
    },
  });

/** rel-arxiv: authors write papers. */
export const relArxiv = () =>
  sketch({
    authors: { pk: 'Author_ID', cols: { Name: 'string' } },
    papers: { pk: 'Paper_ID', time: 'Submission_Date', cols: { Title: 'string' } },
    paperAuthors: { time: 'Submission_Date', fk: { Author_ID: 'authors', Paper_ID: 'papers' } },
  });

/** The shop of the KumoRFM docs and MCP guide: users, orders of items, transactions, notifications, sessions, ratings. */
export const rfmShop = () =>
  sketch({
    users: {
      pk: 'user_id',
      cols: {
        age: 'int64',
        location: ['string', 'categorical'],
        gender: ['string', 'categorical'],
        membership_tier: ['string', 'categorical'],
        email: 'string',
        country: ['string', 'categorical'],
      },
    },
    items: { pk: 'item_id', cols: { category: ['string', 'categorical'] } },
    products: { pk: 'product_id', cols: { category: ['string', 'categorical'] } },
    movies: { pk: 'movie_id' },
    orders: {
      pk: 'order_id',
      time: 'date',
      fk: { user_id: 'users', item_id: 'items', product_id: 'products' },
      cols: {
        price: 'float64',
        amount: 'float64',
        status: ['string', 'categorical'],
        category: ['string', 'categorical'],
        discount: 'float64',
        order_date: 'date',
      },
    },
    transactions: { pk: 'transaction_id', time: 'ts', fk: { user_id: 'users' }, cols: { price: 'float64' } },
    notifications: { pk: 'notification_id', time: 'sent_at', fk: { user_id: 'users' } },
    sessions: { pk: 'session_id', time: 'started_at', fk: { user_id: 'users' } },
    ratings: {
      pk: 'rating_id',
      time: 'rated_at',
      fk: { user_id: 'users', movie_id: 'movies', product_id: 'products' },
      cols: { rating: 'int64' },
    },
  });

/** The singular-named tables of the MCP guide's multi-target example and docs.kumo.ai/docs/where. */
export const singularShop = () =>
  sketch({
    user: {
      pk: 'user_id',
      fk: { region_id: 'region' },
      cols: { country: ['string', 'categorical'] },
    },
    region: { pk: 'region_id', cols: { num_inhabitants: 'int64' } },
    session: { pk: 'session_id', time: 'ts', fk: { user_id: 'user' } },
    transaction: {
      pk: 'id',
      time: 'ts',
      fk: { user_id: 'user', fraud_report_id: 'fraud_reports' },
      cols: { value: 'float64', amount: 'float64', type: ['string', 'categorical'] },
    },
    // task-types example: each transaction points to its fraud report (one report per transaction)
    fraud_reports: { pk: 'fraud_report_id', cols: { is_fraud: 'bool' } },
    purchase: { pk: 'purchase_id', time: 'ts', fk: { user_id: 'user' }, cols: { type: ['string', 'categorical'] } },
  });

/** docs.kumo.ai's CUSTOMERS / TRANSACTIONS / NOTIFICATIONS graph (H&M-like, upper-case names). */
export const upperRetail = () =>
  sketch({
    CUSTOMERS: { pk: 'CUSTOMER_ID', cols: { AGE: 'float64' } },
    ARTICLES: { pk: 'ARTICLE_ID' },
    TRANSACTIONS: {
      pk: 'TRANSACTION_ID',
      time: 'T_DAT',
      fk: { CUSTOMER_ID: 'CUSTOMERS', ARTICLE_ID: 'ARTICLES' },
      cols: { PRICE: 'float64' },
    },
    NOTIFICATIONS: { pk: 'NOTIFICATION_ID', time: 'SENT_AT', fk: { CUSTOMER_ID: 'CUSTOMERS' } },
  });

/** Lower-case customers/transactions/articles of docs.kumo.ai examples and the RFM filters page. */
export const lowerRetail = () =>
  sketch({
    customers: { pk: 'customer_id', cols: { age: 'int64' } },
    articles: { pk: 'article_id' },
    transactions: {
      pk: 'transaction_id',
      time: 'ts',
      fk: { customer_id: 'customers', article_id: 'articles' },
      cols: { price: 'float64', value: 'float64', category: ['string', 'categorical'] },
    },
  });

/** The coding agent's CRM and store examples (kumo-ai/kumo-coding-agent context/patterns). */
export const crm = () =>
  sketch({
    customers: { pk: 'customer_id', cols: { segment: ['string', 'categorical'] } },
    accounts: { pk: 'account_id', cols: { region: ['string', 'categorical'] } },
    stores: { pk: 'store_id' },
    orders: {
      pk: 'order_id',
      time: 'order_date',
      fk: { customer_id: 'customers', store_id: 'stores' },
      cols: { amount: 'float64' },
    },
    tickets: { pk: 'ticket_id', time: 'opened_at', fk: { customer_id: 'customers' } },
    opportunities: {
      pk: 'opportunity_id',
      time: 'created_at',
      fk: { account_id: 'accounts' },
      cols: { amount: 'float64', is_won: 'bool', discount_pct: 'float64' },
    },
    activities: {
      pk: 'activity_id',
      time: 'at',
      fk: { account_id: 'accounts' },
      cols: { has_exec_engagement: 'int64' },
    },
  });

/** The online-shopping graph of the KumoRFM quickstart notebook. */
export const onlineShopping = () =>
  sketch({
    users: { pk: 'user_id', cols: { age: ['int64', 'numerical'] } },
    items: { pk: 'item_id' },
    orders: { pk: 'order_id', time: 'date', fk: { user_id: 'users', item_id: 'items' }, cols: { price: 'float64' } },
  });

/** The coding agent's "no FK between products and orders" graph: products stand alone. */
export const unlinkedProducts = () =>
  sketch({
    users: { pk: 'user_id' },
    products: { pk: 'product_id', cols: { category: ['string', 'categorical'] } },
    orders: { pk: 'order_id', time: 'ts', fk: { user_id: 'users' }, cols: { amount: 'float64' } },
  });
