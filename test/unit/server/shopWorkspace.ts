/**
 * A small workspace for the server tests: a training graph over CSV files, a binary training spec, and a
 * prediction spec whose inference graph file misspells one table and lacks another.
 */
export const USERS_CSV =
  ['user_id,signup,country', '1,2024-01-01,FR', '2,2024-01-05,DE', '3,2024-02-01,US', '4,2024-02-10,'].join('\n') +
  '\n';

export const ORDERS_CSV =
  [
    'order_id,user_id,item_id,ts,amount',
    '10,1,100,2024-03-01,5.5',
    '11,1,101,2024-03-05,7.0',
    '12,2,100,2024-03-07,3.25',
    '13,3,102,2024-04-01,12.0',
    '14,9,101,2024-04-02,1.0',
  ].join('\n') + '\n';

export const ITEMS_CSV = ['item_id,category', '100,books', '101,games', '102,books'].join('\n') + '\n';

export const SHOP_GRAPH = `kind: graph
tables:
  users:
    source: data/users.csv
    primary_key: user_id
    time_column: signup
  orders:
    source: data/orders.csv
    primary_key: order_id
    time_column: ts
  items:
    source: data/items.csv
    primary_key: item_id
edges:
  - { src_table: orders, fkey: user_id, dst_table: users }
  - { src_table: orders, fkey: item_id, dst_table: items }
`;

export const CHURN_TRAINING = `kind: training
graph: shop.graph.yaml
query: >-
  PREDICT COUNT(orders.*, 0, 30, days) = 0
  FOR EACH users.user_id
model:
  run_mode: fast
`;

/** `order` should be `orders`; `items` is missing, so is the edge to it. */
export const HOLDOUT_GRAPH = `kind: graph
tables:
  users:
    source: data/users.csv
    primary_key: user_id
    time_column: signup
  order:
    source: data/orders.csv
    primary_key: order_id
    time_column: ts
edges:
  - { src_table: order, fkey: user_id, dst_table: users }
`;

export const CHURN_PREDICTION = `kind: prediction
training_job: churn.training.yaml
graph: holdout.graph.yaml
anchor_time: 2024-04-01
output_types: [predictions]
`;

export const SHOP_FILES: Record<string, string> = {
  'data/users.csv': USERS_CSV,
  'data/orders.csv': ORDERS_CSV,
  'data/items.csv': ITEMS_CSV,
  'shop.graph.yaml': SHOP_GRAPH,
  'churn.training.yaml': CHURN_TRAINING,
  'holdout.graph.yaml': HOLDOUT_GRAPH,
  'churn.prediction.yaml': CHURN_PREDICTION,
};
