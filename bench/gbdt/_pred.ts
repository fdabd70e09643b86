import { trainGbdt } from '../../engine/model';
import { sliceRows, syntheticBinaryProblem } from './syntheticBinaryProblem';
const problem = syntheticBinaryProblem(40000, 50, 7);
const train = sliceRows(problem, 0, 20000);
const test = sliceRows(problem, 20000, 40000);
const model = trainGbdt({
  task: 'binary',
  train,
  settings: {
    num_trees: 100,
    max_depth: 6,
    num_leaves: 64,
    subsample: 1,
    colsample_bytree: 1,
    early_stopping_rounds: 0,
  },
});
for (let rep = 0; rep < 5; rep++) {
  const t = process.cpuUsage();
  model.predict(test.features);
  const u = process.cpuUsage(t);
  const e = process.cpuUsage();
  model.embed(test.features);
  const v = process.cpuUsage(e);
  console.log(
    'predict 20k',
    ((u.user + u.system) / 1000).toFixed(1),
    'ms cpu; embed',
    ((v.user + v.system) / 1000).toFixed(1),
  );
}
