import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { startsWith } from '../bytes.js';
import { setProto } from './dissect-kit.js';
import { hasAscii, packetStart } from './media-kit.js';

/**
 * Jabber / XMPP in clear text (RFC 6120), following nDPI's jabber.c: a packet that starts
 * with an XML declaration ("<?xml version=") or a stream header ("<stream:stream ") and
 * declares the stream namespace xmlns:stream='http://etherx.jabber.org/streams' (either
 * quote). A stream addressed to TruPhone's server ('im.truphone.com') is TruPhone.
 * nDPI looks at up to five packets of the flow (TCP or UDP), from the third one on it
 * gives up at the first packet that does not match.
 */
const JABBER = protocolId('Jabber');
const TRUPHONE = protocolId('TruPhone');

export const jabber: Dissector = {
  name: 'Jabber',
  transports: [6, 17],
  dissect(inp: DissectInput): Verdict {
    const counter = inp.packetIndex + 1;
    if (counter > 5) return Verdict.No;
    const b = inp.data;
    const s = inp.transport === 6 ? packetStart(inp) : inp.off;
    const e = inp.off + inp.len;
    const n = e - s;
    if ((n > 13 && startsWith(b, s, e, '<?xml version=')) || startsWith(b, s, e, '<stream:stream ')) {
      if (
        hasAscii(b, s + 13, e, "xmlns:stream='http://etherx.jabber.org/streams'") ||
        hasAscii(b, s + 13, e, 'xmlns:stream="http://etherx.jabber.org/streams"')
      ) {
        const tru = hasAscii(b, s + 13, e, "='im.truphone.com'") || hasAscii(b, s + 13, e, '="im.truphone.com"');
        setProto(inp.flow, 0, tru ? TRUPHONE : JABBER);
        return Verdict.Yes;
      }
    }
    return counter < 3 ? Verdict.More : Verdict.No;
  },
};
