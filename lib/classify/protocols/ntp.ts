import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

/**
 * NTP (RFC 5905) over UDP 123: as nDPI, port 123 on either side and a version field
 * (bits 3..5 of byte 0) not above 4. Time packets are at least 48 bytes; the control
 * (mode 6, 12-byte header) and private (mode 7, ntpdc) messages are shorter.
 * Metadata: version, mode, stratum.
 */
const NTP = protocolId('NTP');

export const ntp: Dissector = {
  name: 'NTP',
  transports: [17],
  ports: [123],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 123 && inp.dport !== 123) return Verdict.No;
    const b = inp.data;
    const o = inp.off;
    const len = inp.len;
    if (len < 8) return Verdict.No;
    const version = (b[o] >> 3) & 7;
    const mode = b[o] & 7;
    if (version > 4) return Verdict.No;
    const ok = len >= 48 || (mode === 6 && len >= 12) || mode === 7;
    if (!ok) return Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, NTP);
    setOther(flow, 'ntp.version', version);
    setOther(flow, 'ntp.mode', mode);
    if (len >= 48 && mode !== 6 && mode !== 7) setOther(flow, 'ntp.stratum', b[o + 1]);
    return Verdict.Yes;
  },
};
