import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

/**
 * DHCP (RFC 2131/2132) over UDP 67/68: BOOTP header, magic cookie 0x63825363 at 236,
 * then options; a valid message-type option (53) makes it DHCP, as nDPI decides.
 * Metadata: host name (option 12, also flow.host), vendor class (60), parameter request
 * list (55, nDPI's "fingerprint") and the message type.
 */
const DHCP = protocolId('DHCP');
const OPTIONS = 240;

function isDhcpPort(p: number): boolean {
  return p === 67 || p === 68;
}

export const dhcp: Dissector = {
  name: 'DHCP',
  transports: [17],
  ports: [67, 68],
  // its first check answers No on any other port: never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const { data: b, off, len } = inp;
    if (len < 244 || !isDhcpPort(inp.sport) || !isDhcpPort(inp.dport)) return Verdict.No;
    if (b[off + 236] !== 0x63 || b[off + 237] !== 0x82 || b[off + 238] !== 0x53 || b[off + 239] !== 0x63) {
      return Verdict.No;
    }
    const end = off + len;
    let i = off + OPTIONS;
    let msgType = -1;
    let host = -1;
    let hostLen = 0;
    let vendor = -1;
    let vendorLen = 0;
    let params = -1;
    let paramsLen = 0;
    while (i < end) {
      const code = b[i];
      if (code === 255) break;
      if (code === 0) {
        i++; // pad
        continue;
      }
      if (i + 1 >= end) break;
      const n = b[i + 1];
      const v = i + 2;
      if (n === 0 || v + n > end) break;
      if (code === 53) msgType = b[v];
      else if (code === 12) (host = v), (hostLen = n);
      else if (code === 60) (vendor = v), (vendorLen = n);
      else if (code === 55) (params = v), (paramsLen = n);
      i = v + n;
    }
    if (msgType < 1 || msgType > 18) return Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, DHCP);
    setOther(flow, 'dhcp.msg_type', msgType);
    if (host >= 0) {
      const h = text(b, host, host + hostLen);
      if (h !== '') {
        flow.host = h.toLowerCase();
        setOther(flow, 'dhcp.hostname', h);
      }
    }
    if (vendor >= 0) setOther(flow, 'dhcp.vendor_class', text(b, vendor, vendor + vendorLen));
    if (params >= 0) {
      let fp = '';
      for (let k = 0; k < paramsLen; k++) fp += (k === 0 ? '' : ',') + b[params + k];
      setOther(flow, 'dhcp.fingerprint', fp);
    }
    return Verdict.Yes;
  },
};
