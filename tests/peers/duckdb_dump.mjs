// Print every row of a Parquet file as read by DuckDB, one JSON object per line, in the
// conventions of `strata parquet cat --json` (src/cli/row_json.h): integers as numbers (bigints
// exact), NaN/Infinity as strings, BLOB as lowercase hex, UUID as 8-4-4-4-12, decimals as strings
// with `scale` digits, dates as YYYY-MM-DD, timestamps as YYYY-MM-DDTHH:MM:SS.f… (3/6/9 digits by
// DuckDB's unit, "Z" for TIMESTAMPTZ), times as HH:MM:SS.f…, lists as arrays, structs as objects,
// maps as [{"key","value"}], INTERVAL as the hex of Parquet's 12-byte layout.
// Usage: node duckdb_dump.mjs FILE.parquet   (exit 1 with the DuckDB error on stderr on failure)
import { DuckDBInstance } from '@duckdb/node-api';
import * as V from '@duckdb/node-api';

const file = process.argv[2];

function pad(n, w) { return String(n).padStart(w, '0'); }

function civil(days) {
  let z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 0 ? '-' : ''}${pad(Math.abs(y), 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

// ticks: bigint in units of 1/perSecond seconds.
function clock(ticks, perSecond, digits) {
  const perDay = perSecond * 86400n;
  let days = ticks / perDay, rem = ticks % perDay;
  if (rem < 0n) { rem += perDay; days -= 1n; }
  const secs = rem / perSecond, frac = rem % perSecond;
  const c = `${pad(secs / 3600n, 2)}:${pad((secs / 60n) % 60n, 2)}:${pad(secs % 60n, 2)}.${pad(frac, digits)}`;
  return [Number(days), c];
}

function timestamp(ticks, perSecond, digits, z) {
  const [days, c] = clock(ticks, perSecond, digits);
  return JSON.stringify(`${civil(days)}T${c}${z ? 'Z' : ''}`);
}

function hex(bytes) { return JSON.stringify(Buffer.from(bytes).toString('hex')); }

function num(x) {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  return JSON.stringify(x);
}

function decimal(v) {
  const neg = v.value < 0n;
  let digits = (neg ? -v.value : v.value).toString().padStart(v.scale + 1, '0');
  if (v.scale > 0) digits = digits.slice(0, digits.length - v.scale) + '.' + digits.slice(digits.length - v.scale);
  return JSON.stringify((neg ? '-' : '') + digits);
}

function interval(v) {
  const b = Buffer.alloc(12);
  b.writeUInt32LE(v.months >>> 0, 0);
  b.writeUInt32LE(v.days >>> 0, 4);
  b.writeUInt32LE(Number(v.micros / 1000n) >>> 0, 8);
  return JSON.stringify(b.toString('hex'));
}

function render(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof V.DuckDBBlobValue) return hex(v.bytes);
  if (v instanceof V.DuckDBDecimalValue) return decimal(v);
  if (v instanceof V.DuckDBDateValue) return JSON.stringify(civil(v.days));
  if (v instanceof V.DuckDBTimestampTZValue) return timestamp(v.micros, 1000000n, 6, true);
  if (v instanceof V.DuckDBTimestampValue) return timestamp(v.micros, 1000000n, 6, false);
  if (v instanceof V.DuckDBTimestampMillisecondsValue) return timestamp(v.millis, 1000n, 3, false);
  if (v instanceof V.DuckDBTimestampNanosecondsValue) return timestamp(v.nanos, 1000000000n, 9, false);
  if (v instanceof V.DuckDBTimestampSecondsValue) return timestamp(v.seconds, 1n, 0, false);
  if (v instanceof V.DuckDBTimeValue) return JSON.stringify(clock(v.micros, 1000000n, 6)[1]);
  if (v instanceof V.DuckDBTimeNSValue) return JSON.stringify(clock(v.nanos, 1000000000n, 9)[1]);
  if (v instanceof V.DuckDBUUIDValue) return JSON.stringify(v.toString());
  if (v instanceof V.DuckDBIntervalValue) return interval(v);
  if (v instanceof V.DuckDBListValue || v instanceof V.DuckDBArrayValue) {
    return '[' + v.items.map(render).join(',') + ']';
  }
  if (v instanceof V.DuckDBMapValue) {
    return '[' + v.entries.map((e) => `{"key":${render(e.key)},"value":${render(e.value)}}`).join(',') + ']';
  }
  if (v instanceof V.DuckDBStructValue) {
    return '{' + Object.entries(v.entries).map(([k, x]) => `${JSON.stringify(k)}:${render(x)}`).join(',') + '}';
  }
  return JSON.stringify(String(v));
}

try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const escaped = file.replaceAll("'", "''");
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${escaped}')`);
  const names = reader.columnNames();
  const out = [];
  for (const row of reader.getRows()) {
    out.push('{' + row.map((v, i) => `${JSON.stringify(names[i])}:${render(v)}`).join(',') + '}\n');
  }
  process.stdout.write(out.join(''));
} catch (e) {
  process.stderr.write(`duckdb: ${e.message}\n`);
  process.exit(1);
}
