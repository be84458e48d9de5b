/**
 * Zabbix agent/server protocol over TCP: the payload starts with the header "ZBXD" and
 * protocol flags 0x01 (plain) or 0x03 (compressed). Decided on the first payload. Follows
 * nDPI's zabbix.c (the corpus' zabbix.pcap shows compressed exchanges detected too).
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Zabbix');

export const zabbix: Dissector = {
  name: 'Zabbix',
  transports: [6],
  ports: [10050, 10051],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len <= 4 || !startsWith(b, s, s + inp.len, 'ZBXD') || (b[s + 4] !== 1 && b[s + 4] !== 3)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
