import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { startsWith, startsWithLower } from '../bytes.js';
import { setOther, setProto, text } from './dissect-kit.js';

/**
 * SSDP (UPnP discovery, HTTP over UDP, usually to 239.255.255.250:1900): a datagram
 * starting "M-SEARCH * HTTP/1.1" or "NOTIFY * HTTP/1.1", or a unicast search response
 * starting "HTTP/1.1 200 OK\r\n" — from any port, as nDPI's ssdp.c takes it (responders
 * often answer from an ephemeral port). The HOST header becomes flow.host
 * (nDPI prints it as Hostname); ST/NT/NTS/MAN/USN/LOCATION/SERVER/USER-AGENT go to
 * meta.other as ssdp.<header>.
 */
const SSDP = protocolId('SSDP');
const MAX_HEADERS = 32;

const HEADERS = ['st', 'nt', 'nts', 'man', 'usn', 'location', 'server', 'user-agent'];
const KEYS = HEADERS.map((h) => `ssdp.${h.replace('-', '_')}`);

export const ssdp: Dissector = {
  name: 'SSDP',
  transports: [17],
  ports: [1900],
  pre: { udp: { minLen: 17, bytes: [0x4d, 0x4e, 0x48] } }, // M-SEARCH, NOTIFY, HTTP/1.1 200 OK
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const end = o + inp.len;
    let method: string;
    if (startsWith(b, o, end, 'M-SEARCH * HTTP/1.1')) method = 'M-SEARCH';
    else if (startsWith(b, o, end, 'NOTIFY * HTTP/1.1')) method = 'NOTIFY';
    else if (startsWith(b, o, end, 'HTTP/1.1 200 OK\r\n')) method = 'RESPONSE';
    else return Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, SSDP);
    setOther(flow, 'ssdp.method', method);
    // headers: "Name: value" lines after the request line
    let i = o;
    while (i < end && b[i] !== 10) i++;
    i++;
    for (let h = 0; h < MAX_HEADERS && i < end; h++) {
      let j = i;
      while (j < end && b[j] !== 10) j++;
      const lineEnd = j > i && b[j - 1] === 13 ? j - 1 : j;
      if (lineEnd === i) break; // blank line: end of headers
      let colon = i;
      while (colon < lineEnd && b[colon] !== 0x3a) colon++;
      if (colon < lineEnd) {
        let v = colon + 1;
        while (v < lineEnd && b[v] === 0x20) v++;
        const nameLen = colon - i;
        if (nameLen === 4 && startsWithLower(b, i, colon, 'host')) {
          flow.host = text(b, v, lineEnd);
        } else {
          for (let k = 0; k < HEADERS.length; k++) {
            if (nameLen === HEADERS[k].length && startsWithLower(b, i, colon, HEADERS[k])) {
              setOther(flow, KEYS[k], text(b, v, lineEnd));
              break;
            }
          }
        }
      }
      i = j + 1;
    }
    return Verdict.Yes;
  },
};
