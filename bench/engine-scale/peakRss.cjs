// Preloaded into every process the bench measures (NODE_OPTIONS=--require): writes the process's peak
// resident set (kilobytes, DuckDB's threads and worker threads included) to the file the bench names.
const fs = require('node:fs');
const file = process.env.RELGRAPH_BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
