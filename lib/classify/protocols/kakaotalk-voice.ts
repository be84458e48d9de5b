import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

/**
 * KakaoTalk's voice calls over UDP/IPv4, following nDPI's kakaotalk_voice.c: a datagram of
 * 4+ bytes with any of 0x81 at offset 0, 0xC8 at 1, 0x00 at 2 or 0x0C at 3 (the start of
 * an RTCP sender report, 81 C8 00 0C), exchanged with KINX's network 1.201.0.0/16 where
 * KakaoTalk's voice relays are (the address block is part of nDPI's rule). The first
 * datagram decides.
 */
const KAKAO_VOICE = protocolId('KakaoTalk_Voice');
const KINX_NET = 0x01c9; // 1.201.0.0/16

export const kakaotalkVoice: Dissector = {
  name: 'KakaoTalk_Voice',
  transports: [17],
  dissect(inp: DissectInput): Verdict {
    const f = inp.flow;
    const b = inp.data;
    const o = inp.off;
    if (f.ipVersion !== 4 || inp.len < 4) return Verdict.No;
    if (b[o] !== 0x81 && b[o + 1] !== 0xc8 && b[o + 2] !== 0x00 && b[o + 3] !== 0x0c) return Verdict.No;
    if (f.cli[0] >>> 16 !== KINX_NET && f.srv[0] >>> 16 !== KINX_NET) return Verdict.No;
    setProto(f, 0, KAKAO_VOICE);
    return Verdict.Yes;
  },
};
