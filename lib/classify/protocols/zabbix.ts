/**
 * Zabbix agent/server protocol, following nDPI's zabbix.c: the first segment (more than
 * 4 bytes) starts with the header "ZBXD" and the protocol flags. nDPI's release we read
 * compares the flags with 0x01 exactly, while its verdicts on compressed exchanges (flags
 * 0x03) are Zabbix as well; per the Zabbix protocol documentation the flags byte always
 * has 0x01 set, with 0x02 (compressed) and 0x04 (large packet) optional, so that is what
 * is checked here.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Zabbix');

export const zabbix: Dissector = {
  name: 'Zabbix',
  transports: [6],
  ports: [10050, 10051],
  pre: { tcp: { minLen: 5, bytes: [0x5a] } }, // "ZBXD"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.len <= 4) return Verdict.No;
    if (b[s] !== 0x5a || b[s + 1] !== 0x42 || b[s + 2] !== 0x58 || b[s + 3] !== 0x44) return Verdict.No; // "ZBXD"
    const flags = b[s + 4];
    if ((flags & 0x01) === 0 || flags > 0x07) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
