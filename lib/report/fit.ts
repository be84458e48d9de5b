/**
 * Tables that fit a width. Each column says how much it matters (`rank`: higher is kept longer),
 * the narrowest it may become (`min`; absent: it keeps its width) and how its cells are cut
 * (`cut`: in the middle, keeping both ends — "2001:db8:…:1:443"; or as a client → server pair,
 * cutting each side so that the server never disappears). To fit, columns first narrow to their
 * minimum, least important first; then the least important droppable columns are left out (the
 * caller prints which); at last the widest narrowable columns give way down to a floor.
 */
import Table from 'cli-table3';

export interface Column {
  head: string;
  align?: 'left' | 'right';
  /** Importance: the lowest rank narrows first and is left out first. */
  rank: number;
  /** Narrowest width of the cell text (absent: never narrowed). */
  min?: number;
  /** May be left out when the table cannot fit otherwise. */
  drop?: boolean;
  cut?: 'middle' | 'pair' | 'end';
}

export interface FitOptions {
  /** Columns available (undefined: no limit). */
  width?: number;
  /** Cells shown whole, whatever the width. */
  wide?: boolean;
}

export interface Fitted {
  text: string;
  /** Heads of the columns left out to fit. */
  dropped: string[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
/** Width on screen: escape sequences of our own colouring take none. */
export function cellWidth(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/** `s` cut to `w` characters by an ellipsis in the middle (both ends kept; the end gets the extra one). */
export function middleCut(s: string, w: number): string {
  const chars = [...s];
  if (chars.length <= w) return s;
  if (w <= 1) return '…'.slice(0, w);
  const keep = w - 1;
  const head = Math.floor(keep / 2);
  return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - (keep - head)).join('');
}

function endCut(s: string, w: number): string {
  const chars = [...s];
  return chars.length <= w ? s : chars.slice(0, Math.max(0, w - 1)).join('') + '…';
}

/** "client → server" cut on each side, the server keeping at least as much as the client. */
export function pairCut(s: string, w: number): string {
  const SEP = ' → ';
  const at = s.indexOf(SEP);
  if (at < 0 || cellWidth(s) <= w) return middleCut(s, w);
  const cli = s.slice(0, at);
  const srv = s.slice(at + SEP.length);
  const room = w - SEP.length;
  if (room < 4) return middleCut(s, w);
  const srvLen = [...srv].length;
  const cliLen = [...cli].length;
  let srvW = Math.min(srvLen, Math.ceil(room / 2));
  let cliW = room - srvW;
  if (cliW > cliLen) {
    srvW = Math.min(srvLen, room - cliLen);
    cliW = cliLen;
  }
  return middleCut(cli, cliW) + SEP + middleCut(srv, srvW);
}

function cutCell(s: string, w: number, how: Column['cut']): string {
  if (s.includes('\x1b[') || cellWidth(s) <= w) return s;
  return how === 'pair' ? pairCut(s, w) : how === 'end' ? endCut(s, w) : middleCut(s, w);
}

const PAD = 2; // cli-table3's one space each side
const FLOOR = 5;

/** Text widths of the columns kept, or null when they cannot fit without dropping one. */
function layout(cols: Column[], natural: number[], keep: boolean[], width: number, last: boolean): number[] | null {
  const w = natural.map((n) => n);
  const idx = cols.map((_, i) => i).filter((i) => keep[i]);
  let over = idx.reduce((m, i) => m + w[i]! + PAD + 1, 1) - width;
  const byRank = [...idx].sort((a, b) => cols[a]!.rank - cols[b]!.rank || b - a);
  for (const i of byRank) {
    if (over <= 0) break;
    const min = cols[i]!.min;
    if (min === undefined) continue;
    const give = Math.max(0, Math.min(over, w[i]! - min));
    w[i]! -= give;
    over -= give;
  }
  if (over <= 0) return w;
  if (!last) return null;
  // nothing left to drop: the widest narrowable columns give way down to a floor
  while (over > 0) {
    let best = -1;
    for (const i of idx) if (cols[i]!.min !== undefined && w[i]! > FLOOR && (best < 0 || w[i]! > w[best]!)) best = i;
    if (best < 0) break;
    w[best]!--;
    over--;
  }
  return w;
}

export function fitTable(cols: Column[], rows: string[][], opts: FitOptions, bold: (s: string) => string = (s) => s): Fitted {
  const natural = cols.map((c, i) => Math.max(cellWidth(c.head), ...rows.map((r) => cellWidth(r[i] ?? ''))));
  const keep = cols.map(() => true);
  let widths = natural;
  const dropped: string[] = [];
  if (opts.width !== undefined && !opts.wide) {
    const droppable = cols.map((_, i) => i).filter((i) => cols[i]!.drop).sort((a, b) => cols[a]!.rank - cols[b]!.rank || b - a);
    for (;;) {
      const next = droppable.find((i) => keep[i]);
      const w = layout(cols, natural, keep, opts.width, next === undefined);
      if (w) {
        widths = w;
        break;
      }
      keep[next!] = false;
      dropped.push(cols[next!]!.head);
    }
  }
  const idx = cols.map((_, i) => i).filter((i) => keep[i]);
  const t = new Table({
    head: idx.map((i) => bold(cols[i]!.head)),
    colWidths: idx.map((i) => widths[i]! + PAD),
    colAligns: idx.map((i) => cols[i]!.align ?? 'left'),
    wordWrap: false,
    truncate: '…',
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows) t.push(idx.map((i) => cutCell(r[i] ?? '', widths[i]!, cols[i]!.cut)));
  return { text: t.toString(), dropped };
}
