/**
 * Text from a capture or a check (host names, URLs, banners, alert messages, file names) made
 * safe for a terminal and for text formats: control characters (C0, DEL, C1, and the Unicode
 * line/paragraph separators and bidirectional overrides that reorder what a reader sees) are
 * shown escaped (`\x1b`, `\u202e`), so a capture cannot move the cursor, recolour the screen,
 * set the window title or plant a hyperlink. JSON keeps the exact value.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(s: string): string {
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE_ALL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
