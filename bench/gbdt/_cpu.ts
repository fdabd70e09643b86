import { trainGbdt } from '../../engine/model';
import { TreeGrower } from '../../engine/model/TreeGrower';
import { RegressionTree } from '../../engine/model/RegressionTree';
import { sliceRows, syntheticBinaryProblem } from './syntheticBinaryProblem';
const problem = syntheticBinaryProblem(100000, 50, 7);
const train = sliceRows(problem, 0, 100000);
const acc: Record<string, number> = {};
function wrap(proto: any, name: string) {
  const orig = proto[name];
  proto[name] = function (...args: unknown[]) {
    const t = process.cpuUsage();
    const r = orig.apply(this, args);
    const u = process.cpuUsage(t);
    acc[name] = (acc[name] ?? 0) + (u.user + u.system) / 1000;
    return r;
  };
}
wrap(TreeGrower.prototype, 'partition');
wrap(TreeGrower.prototype, 'findSplit');
wrap(TreeGrower.prototype, 'splitLeaf');
wrap(TreeGrower.prototype, 'grow');
wrap(RegressionTree.prototype, 'addPredictions');
const t = process.cpuUsage();
trainGbdt({
  task: 'binary',
  train,
  settings: {
    num_trees: 30,
    max_depth: 6,
    num_leaves: 64,
    growth: 'depthwise',
    subsample: 1,
    colsample_bytree: 1,
    min_data_in_leaf: 1,
    min_child_weight: 1,
    early_stopping_rounds: 0,
  },
});
const u = process.cpuUsage(t);
console.log('total cpu ms', (u.user + u.system) / 1000, acc);
