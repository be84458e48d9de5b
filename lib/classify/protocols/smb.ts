import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u24 } from '../bytes.js';
import { setOther, setProto } from './dissect-kit.js';

/**
 * SMB over TCP 445 (direct hosting: a 4-byte NetBIOS-style header, type 0, 24-bit
 * length): "\xFFSMB" is SMBv1, "\xFESMB" SMBv2/3; nDPI names them NetBIOS.SMBv1 and
 * NetBIOS.SMBv23. As nDPI, an SMBv1 Negotiate (command 0x72) is skipped (the next
 * message decides) and any other first payload rules SMB out — so a flow whose capture
 * starts mid-stream falls back to the port guess, as in nDPI's kerberos.pcap.
 */
const NETBIOS = protocolId('NetBIOS');
const SMBV1 = protocolId('SMBv1');
const SMBV23 = protocolId('SMBv23');
const MAX_MESSAGES = 8;

export const smb: Dissector = {
  name: 'SMBv23',
  transports: [6],
  ports: [445],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 445 && inp.dport !== 445) return Verdict.No;
    const b = inp.data;
    const end = inp.off + inp.len;
    let p = inp.off;
    for (let m = 0; m < MAX_MESSAGES; m++) {
      if (end - p < 9) return Verdict.More;
      if (b[p] !== 0) return Verdict.No;
      const n = u24(b, p + 1);
      if (n < 32) return Verdict.No;
      const magic = b[p + 4];
      if (b[p + 5] !== 0x53 || b[p + 6] !== 0x4d || b[p + 7] !== 0x42) return Verdict.No;
      if (magic === 0xfe) {
        setProto(inp.flow, NETBIOS, SMBV23);
        setOther(inp.flow, 'smb.version', 2);
        return Verdict.Yes;
      }
      if (magic !== 0xff) return Verdict.No;
      if (b[p + 8] !== 0x72) {
        setProto(inp.flow, NETBIOS, SMBV1);
        setOther(inp.flow, 'smb.version', 1);
        return Verdict.Yes;
      }
      p += 4 + n; // a Negotiate request: look at the next message
    }
    return Verdict.No;
  },
};
