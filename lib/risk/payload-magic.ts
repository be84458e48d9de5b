/**
 * Executables and scripts in the payload of a flow whose protocol inspection has not found
 * (nDPI's ndpi_search_portable_executable, ndpi_search_elf and ndpi_search_shellscript, run on
 * the first five packets with payload of such a flow): a PE32/PE32+ image ("MZ" header whose
 * 0x3C offset points at "PE\0\0") or an ELF file (version 6 or lower) is Binary App Transfer,
 * a "#!/" or "#! " script is Possible Exploit.
 */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

const u32le = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** `payloads` counts this packet (nDPI's packet_counter). */
export function payloadSignatures(flow: Flow, payloads: number, b: Uint8Array, off: number, len: number): void {
  if (len <= 0 || payloads > 5 || flow.confidence === 'dpi') return;
  // PE: "MZ", then the PE header's offset at 0x3C, inside the packet
  if (len >= 0x3c + 4 && b[off] === 0x4d && b[off + 1] === 0x5a) {
    const pe = u32le(b, off + 0x3c);
    if (pe < len - 4 && b[off + pe] === 0x50 && b[off + pe + 1] === 0x45 && b[off + pe + 2] === 0 && b[off + pe + 3] === 0) {
      setRisk(flow, RISK.BINARY_APPLICATION_TRANSFER, 'Portable Executable (PE32/PE32+) found');
    }
  }
  // ELF: 7F 'E' 'L' 'F' and a known e_version
  if (len >= 24 && b[off] === 0x7f && b[off + 1] === 0x45 && b[off + 2] === 0x4c && b[off + 3] === 0x46 && u32le(b, off + 20) <= 6) {
    setRisk(flow, RISK.BINARY_APPLICATION_TRANSFER, 'ELF found');
  }
  if (len >= 3 && b[off] === 0x23 && b[off + 1] === 0x21 && (b[off + 2] === 0x2f || b[off + 2] === 0x20)) {
    setRisk(flow, RISK.POSSIBLE_EXPLOIT, 'Shellscript found');
  }
}
