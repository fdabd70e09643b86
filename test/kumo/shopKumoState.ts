/**
 * What the kumoai contract stand-in "has" for the shop model (KUMOAI_STANDIN_STATE): a training job's
 * query and graph, and connectors holding its training tables and this year's new tables, each with one
 * column more that the model never saw. Tests add their own jobs and connectors around it.
 */
export const column = (name: string, dtype: string, stype: string) => ({ name, dtype, stype });

export const CUSTOMER_COLUMNS = [
  column('customer_id', 'int', 'ID'),
  column('segment', 'string', 'categorical'),
  column('country', 'string', 'categorical'),
];

export const ORDER_COLUMNS = [
  column('order_id', 'int', 'ID'),
  column('customer_id', 'int', 'ID'),
  column('ts', 'date', 'timestamp'),
  column('amount', 'float', 'numerical'),
];

/** The shop graph as trained on Kumo: customers and orders of Snowflake connector `shop_sf`. */
export const SHOP_TRAINING_GRAPH = {
  tables: {
    customers: {
      source: { connector: 'shop_sf', class: 'SnowflakeConnector', table: 'CUSTOMERS' },
      primary_key: 'customer_id',
      columns: CUSTOMER_COLUMNS,
    },
    orders: {
      source: { connector: 'shop_sf', class: 'SnowflakeConnector', table: 'ORDERS' },
      primary_key: 'order_id',
      time_column: 'ts',
      columns: ORDER_COLUMNS,
    },
  },
  edges: [{ src_table: 'orders', fkey: 'customer_id', dst_table: 'customers' }],
};

export const SHOP_BINARY_JOB = {
  query: 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id',
  task_type: 'binary_classification',
  graph: SHOP_TRAINING_GRAPH,
};

/** `shop_sf`: the training tables and their 2024 successors; `warehouse_out`: an empty output connector. */
export const SHOP_CONNECTORS = {
  shop_sf: {
    class: 'SnowflakeConnector',
    tables: {
      CUSTOMERS: { columns: CUSTOMER_COLUMNS },
      ORDERS: { columns: ORDER_COLUMNS },
      CUSTOMERS_2024: { columns: [...CUSTOMER_COLUMNS, column('email', 'string', 'text')] },
      ORDERS_2024: { columns: [...ORDER_COLUMNS, column('coupon', 'string', 'categorical')] },
    },
  },
  warehouse_out: { class: 'SnowflakeConnector', tables: {} },
};

/** The `graph:` lines of a prediction on `shop_sf`'s 2024 tables, the customers table keyed `customersKey`. */
export function shopConnectorGraphLines(customersKey = 'customers'): string[] {
  return [
    'graph:',
    '  tables:',
    `    ${customersKey}:`,
    '      source: { connector: shop_sf, table: CUSTOMERS_2024 }',
    '      primary_key: customer_id',
    '    orders:',
    '      source: { connector: shop_sf, table: ORDERS_2024 }',
    '      primary_key: order_id',
    '      time_column: ts',
    '  edges:',
    `    - { src_table: orders, fkey: customer_id, dst_table: ${customersKey} }`,
  ];
}
