/** Small statistics and formatting helpers for the benchmark report. */

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** @param {number[]} xs */
export function summarize(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length };
}

/** Formats a value in its unit, e.g. 12.3 ms, 14.2 KB, 1.012×. */
export function fmt(value, unit) {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'ms') return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(value >= 10 ? 1 : 2)} ms`;
  if (unit === 'ratio') return `${value.toFixed(3)}×`;
  if (unit === 'B') {
    if (Math.abs(value) >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MB`;
    return `${(value / 1024).toFixed(1)} KB`;
  }
  if (unit === 'n') return String(Math.round(value));
  return `${value} ${unit}`;
}

/** Pads a table of string rows to aligned columns (first row is the header). */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Milliseconds since `t0` (process.hrtime based). */
export const since = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
export const now = () => process.hrtime.bigint();

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `pairs` paired measurements, alternating which side goes first so that drift over time
 * (thermal, other load) does not favour one side. `onPair(i, withValue, withoutValue)` after each.
 * @template T
 * @param {number} pairs
 * @param {() => Promise<T>} runWith the run with the extension
 * @param {() => Promise<T>} runWithout the run without it
 * @param {(i: number, w: T, wo: T) => void} [onPair]
 * @returns {Promise<{ withExt: T[], without: T[] }>} index i of both arrays is pair i
 */
export async function alternatingPairs(pairs, runWith, runWithout, onPair) {
  const withExt = [];
  const without = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      without.push(await runWithout());
      withExt.push(await runWith());
    } else {
      withExt.push(await runWith());
      without.push(await runWithout());
    }
    onPair?.(i, withExt[i], without[i]);
  }
  return { withExt, without };
}
