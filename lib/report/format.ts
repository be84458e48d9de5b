/** Human-friendly units for tables (machine formats keep exact numbers). */
export function humanBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${units[u]}`;
}

export function humanCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function humanDuration(sec: number): string {
  if (sec < 1) return `${(sec * 1000).toFixed(sec < 0.01 ? 2 : 0)} ms`;
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 2 : 1)} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m}m ${Math.round(sec - m * 60)}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

// made on first use: building a DateTimeFormat loads ICU data (~20 ms), which JSON runs never need
let zoneFmt: Intl.DateTimeFormat | undefined;

/** The local time zone's short name at that instant ("UTC", "CET", "GMT+2"). */
export function zoneName(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return ''; // beyond what a Date holds
  zoneFmt ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });
  return zoneFmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/**
 * Local date "2024-01-01"; "" for an instant beyond what a Date holds (±275,000 years, which
 * a damaged timestamp can be: then localClock gives the seconds since 1970 instead).
 */
export function localDate(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local clock time "13:04:05.123"; "@18448448140909.55" (seconds since 1970) beyond a Date. */
export function localClock(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return `@${ms / 1000}`;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "1 flow", "2 flows"; `count` writes the number (humanCount for tables). */
export function plural(n: number, word: string, count: (n: number) => string = String): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}
