/**
 * An alert's message, bounded: a check may pass flow.triggerAlert() any string, and each
 * message is kept with its flow and written in every format. Beyond MAX_ALERT_MESSAGE bytes
 * (UTF-8) it keeps its first bytes (whole characters) and says how long it was, within the
 * same bound (docs/LUA-API.md, docs/report.schema.json).
 */

/** Bytes (UTF-8) of an alert message kept: 4 KiB. */
export const MAX_ALERT_MESSAGE = 4096;

export function capAlertMessage(message: string): string {
  // most messages are short: no byte count needed below a quarter of the bound in UTF-16 units
  if (message.length * 3 <= MAX_ALERT_MESSAGE) return message;
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes <= MAX_ALERT_MESSAGE) return message;
  const note = `… [message cut at ${MAX_ALERT_MESSAGE} of ${bytes} bytes]`;
  const room = MAX_ALERT_MESSAGE - Buffer.byteLength(note, 'utf8');
  // a cut between the halves of a surrogate pair would encode the lone half as U+FFFD
  const units = /[\ud800-\udbff]/.test(message[room - 1] ?? '') ? room - 1 : room;
  const buf = Buffer.from(message.slice(0, units), 'utf8');
  let end = Math.min(room, buf.length);
  // back to the start of a character (not inside a UTF-8 sequence)
  while (end > 0 && end < buf.length && (buf[end] & 0xc0) === 0x80) end--;
  return buf.toString('utf8', 0, end) + note;
}
