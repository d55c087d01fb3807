/** Calendar dates as YYYY-MM-DD, the form Cloudcraft's keys list and the templates' {date} use. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `d`'s date in the browser's time zone, YYYY-MM-DD ("2026-11-29"). */
export const localDate = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** `d`'s date in UTC, YYYY-MM-DD. */
export const utcDate = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** `d`'s local time of day as HHMM ("0905"), the templates' {time}. */
export const localTime = (d: Date): string => `${pad(d.getHours())}${pad(d.getMinutes())}`;
