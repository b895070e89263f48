// DuckDB side of bench/parquet_vs_duckdb.sh: build the comparison data set in DuckDB (the same
// values as bench/parquet_benchmark.cc), time COPY ... TO parquet with ZSTD, and time full scans
// of the files given. Prints one JSON object.
// Usage: node bench/parquet_vs_duckdb.mjs write OUT_DIR ROWS REPEATS
//        node bench/parquet_vs_duckdb.mjs scan REPEATS FILE...
//        node bench/parquet_vs_duckdb.mjs verify FILE_A FILE_B   (rows that differ; exit 1 if any)
//        node bench/parquet_vs_duckdb.mjs report OUT_DIR   (merge the JSON results into a table)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/peers/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const VOCAB = [
  'alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet',
  'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango',
  'uniform', 'victor', 'whiskey', 'xray', 'yankee', 'zulu', 'parquet', 'column', 'vector',
  'storage', 'search', 'index', 'delta', 'lake', 'table', 'commit', 'schema', 'record', 'page',
  'group', 'stream', 'batch', 'query', 'filter', 'token', 'chunk', 'embed', 'model', 'graph',
  'node', 'edge', 'shard', 'tenant', 'policy', 'audit', 'lineage', 'window', 'merge', 'sort',
  'hash', 'bloom', 'zstd', 'snappy', 'codec'];

async function timeIt(fn, repeats) {
  const times = [];
  for (let r = 0; r < repeats; ++r) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { best_ms: times[0], median_ms: times[Math.floor(times.length / 2)], runs_ms: times };
}

async function connect() {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

async function write(outDir, rows, repeats) {
  const c = await connect();
  const vocab = '[' + VOCAB.map((w) => `'${w}'`).join(',') + ']';
  await c.run(`CREATE TABLE bench AS SELECT i AS id,
      array_to_string(list_transform(range(25), j -> (${vocab})[((i * 31 + j * 7919) % 64) + 1]), ' ') AS text,
      list_transform(range(384), k -> (((i * 2654435761 + k * 40503) % 16777216)::DOUBLE / 16777216.0 - 0.5)::FLOAT) AS vec
    FROM range(${rows}) t(i)`);
  const file = `${outDir}/duckdb.parquet`;
  const timing = await timeIt(
    () => c.run(`COPY bench TO '${file}' (FORMAT parquet, COMPRESSION zstd)`), repeats);
  const check = await c.runAndReadAll(
    `SELECT sum(id)::VARCHAR, sum(length(text))::VARCHAR, sum(list_sum(vec))::DOUBLE FROM bench`);
  return { engine: 'duckdb', op: 'write', file, threads: await threads(c), ...timing,
           checksum: check.getRowsJson()[0] };
}

async function threads(c) {
  const r = await c.runAndReadAll(`SELECT current_setting('threads')`);
  return Number(r.getRowsJson()[0][0]);
}

async function scan(repeats, files) {
  const c = await connect();
  const out = [];
  for (const file of files) {
    let result;
    const timing = await timeIt(async () => {
      // Every value Strata materializes is touched: the ids, every text byte's length and every
      // float of every vector (list_sum decodes the list children; len(vec) alone would not).
      const r = await c.runAndReadAll(`SELECT count(*)::VARCHAR, sum(id)::VARCHAR,
          sum(length(text))::VARCHAR, sum(len(vec))::VARCHAR, sum(list_sum(vec))::DOUBLE
          FROM read_parquet('${file}')`);
      result = r.getRowsJson()[0];
    }, repeats);
    out.push({ engine: 'duckdb', op: 'scan', file, ...timing, result });
  }
  return out;
}

// Median real time (ms) of a Google Benchmark run named `name`, or null.
function strataMedian(gbench, name) {
  const runs = gbench.benchmarks.filter((b) => b.run_name === name && b.run_type === 'iteration'
                                              && !b.error_occurred);
  if (runs.length === 0) return null;
  const times = runs.map((b) => b.real_time).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function report(outDir) {
  const duckWrite = JSON.parse(readFileSync(`${outDir}/duckdb_write.json`, 'utf8'));
  const duckScan = JSON.parse(readFileSync(`${outDir}/duckdb_scan.json`, 'utf8'));
  const gbench = JSON.parse(readFileSync(`${outDir}/strata_gbench.json`, 'utf8'));
  const name = (prefix) => gbench.benchmarks.find((b) => b.run_name.startsWith(prefix))?.run_name;
  const scanOf = (file) => duckScan.find((s) => s.file.endsWith(file))?.median_ms ?? null;
  const rows = [
    ['write (file, zstd)', strataMedian(gbench, name('ParquetWrite/zstd')), duckWrite.median_ms],
    ['encode only, no file (zstd)', strataMedian(gbench, name('ParquetEncode/')), null],
    ['scan strata.parquet', strataMedian(gbench, name('ParquetRead/strata_file')),
     scanOf('strata.parquet')],
    ['scan duckdb.parquet', strataMedian(gbench, name('ParquetRead/duckdb_file')),
     scanOf('duckdb.parquet')],
  ];
  const fmt = (v) => (v === null ? 'n/a' : v.toFixed(0).padStart(8));
  console.log('operation                        strata_ms  duckdb_ms  speed strata/duckdb');
  for (const [op, s, d] of rows) {
    const ratio = s !== null && d !== null ? (d / s).toFixed(2) + 'x' : 'n/a';
    console.log(`${op.padEnd(32)} ${fmt(s)}  ${fmt(d)}   ${ratio}`);
  }
  console.log(`duckdb threads: ${duckWrite.threads}; medians of the repeats; ` +
              `speed > 1 means Strata is faster`);
}

// Count rows whose values differ between two files of the data set (joined on id).
async function verify(a, b) {
  const c = await connect();
  const r = await c.runAndReadAll(`SELECT count(*)::VARCHAR FROM read_parquet('${a}') x
      FULL JOIN read_parquet('${b}') y USING (id)
      WHERE x.text IS DISTINCT FROM y.text OR x.vec IS DISTINCT FROM y.vec`);
  return { op: 'verify', files: [a, b], mismatched_rows: Number(r.getRowsJson()[0][0]) };
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'write') {
  console.log(JSON.stringify(await write(args[0], Number(args[1]), Number(args[2]))));
} else if (mode === 'scan') {
  console.log(JSON.stringify(await scan(Number(args[0]), args.slice(1))));
} else if (mode === 'verify') {
  const v = await verify(args[0], args[1]);
  console.log(JSON.stringify(v));
  if (v.mismatched_rows !== 0) process.exit(1);
} else if (mode === 'report') {
  report(args[0]);
} else {
  console.error('usage: parquet_vs_duckdb.mjs write OUT_DIR ROWS REPEATS | scan REPEATS FILE... | report OUT_DIR');
  process.exit(2);
}
