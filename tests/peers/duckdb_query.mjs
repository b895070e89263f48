// Run one SQL query in an in-memory DuckDB and print {"columns", "types", "rows"} as JSON, with
// rows in DuckDB's JSON form (BIGINT as strings, NaN as "NaN", MAP as [{key, value}], STRUCT as
// objects). Usage: node duckdb_query.mjs FILE_WITH_SQL
// Used by tests/e2e/parquet_duckdb_write_test.cc to read Strata's Parquet files with DuckDB.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const sql = readFileSync(process.argv[2], 'utf8');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run("SET TimeZone = 'UTC'");
const reader = await connection.runAndReadAll(sql);
process.stdout.write(JSON.stringify({
  columns: reader.columnNames(),
  types: reader.columnTypes().map(String),
  rows: reader.getRowsJson(),
}));
