import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { packetStart } from './media-kit.js';

/**
 * WhatsApp's chat connection over TCP (Noise Pipes framing), following nDPI's whatsapp.c:
 * the stream opens with the prologue "ED" 00 01 00 00 04 08 (or its older 02 08 variant),
 * possibly spread over the first packets, or with the very old "WA" 01 05 header. Only the
 * first three packets of the flow are looked at.
 */
const WHATSAPP = protocolId('WhatsApp');
const SEQ_NEW = [0x45, 0x44, 0x00, 0x01, 0x00, 0x00, 0x04, 0x08];
const SEQ_OLD = [0x45, 0x44, 0x00, 0x01, 0x00, 0x00, 0x02, 0x08];
const SEQ_VERY_OLD = [0x57, 0x41, 0x01, 0x05];

interface WaState {
  /** Bytes of the prologue matched so far (over the packets, nDPI's wa_matched_so_far). */
  matched: number;
}
const states = new FlowState<WaState>(() => ({ matched: 0 }));

/** 1 matched in full, 0 matched so far, -1 mismatch. */
function follow(st: WaState, seq: readonly number[], b: Uint8Array, s: number, n: number): number {
  if (st.matched >= seq.length) return -1;
  const k = Math.min(seq.length - st.matched, n);
  for (let i = 0; i < k; i++) if (b[s + i] !== seq[st.matched + i]) return -1;
  st.matched += k;
  return st.matched === seq.length ? 1 : 0;
}

function startsWithSeq(b: Uint8Array, s: number, seq: readonly number[]): boolean {
  for (let i = 0; i < seq.length; i++) if (b[s + i] !== seq[i]) return false;
  return true;
}

export const whatsapp: Dissector = {
  name: 'WhatsApp',
  transports: [6],
  pre: { tcp: { firstLook: true, bytes: [0x45, 0x57] } }, // a flow opens with "ED" (Noise prologue) or "WA"
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex + 1 > 3) return Verdict.No;
    const st = states.get(inp.flow);
    const b = inp.data;
    const s = packetStart(inp);
    const n = inp.off + inp.len - s;
    if (st.matched === 0 && n > SEQ_VERY_OLD.length && startsWithSeq(b, s, SEQ_VERY_OLD)) {
      setProto(inp.flow, 0, WHATSAPP);
      return Verdict.Yes;
    }
    let r = follow(st, SEQ_NEW, b, s, n);
    if (r < 0) r = follow(st, SEQ_OLD, b, s, n);
    if (r < 0) return Verdict.No;
    if (r === 0) return Verdict.More;
    setProto(inp.flow, 0, WHATSAPP);
    return Verdict.Yes;
  },
};
