import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { spotify } from '../../lib/classify/protocols/spotify.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** android.pcap frame 27: Spotify's LAN discovery broadcast ("SpotUdp0" …). */
const SPOT_UDP: readonly CorpusPkt[] = [
  {
    frame: 27,
    from: '192.168.2.1:57621',
    to: '192.168.2.255:57621',
    hex: '53706f7455647030dc1574282e52624c000100044895c203a241de2089b978d820564bd50c91c0e8a3e60a78',
  },
];

test('Spotify: the LAN discovery broadcast from and to port 57621', () => {
  const r = drive(spotify, 17, SPOT_UDP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Spotify'));
  assert.equal(r.flow.l7Master, 0);
});

test('Spotify: the same bytes on another port pair, or cut short, are not Spotify', () => {
  assert.equal(drive(spotify, 17, [{ ...SPOT_UDP[0], to: '192.168.2.255:57622' }]).verdict, Verdict.No);
  assert.equal(drive(spotify, 17, [{ ...SPOT_UDP[0], hex: '53706f745564' }]).verdict, Verdict.No);
});

test('Spotify: the TCP access-point hello (00 04 00 00 … 52 0E/0F 50)', () => {
  const hello = { frame: 0, from: '10.0.0.2:50000', to: '78.31.8.1:4070', hex: '00040000012c520e5000000000' };
  assert.equal(drive(spotify, 6, [hello]).verdict, Verdict.Yes);
  assert.equal(drive(spotify, 6, [{ ...hello, hex: '00040000012c520f5000000000' }]).verdict, Verdict.Yes);
  assert.equal(drive(spotify, 6, [{ ...hello, hex: '00040000012c52105000000000' }]).verdict, Verdict.No);
});

test('Spotify: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(spotify, 17, SPOT_UDP) > 0);
});
