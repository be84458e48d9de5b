import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capAlertMessage, MAX_ALERT_MESSAGE } from '../../lib/check/alert-message.js';

test('alert messages: kept up to 4 KiB, cut beyond on a character boundary with the original length', () => {
  const fits = 'é'.repeat(MAX_ALERT_MESSAGE / 2); // 4096 bytes exactly
  assert.equal(capAlertMessage(fits), fits);
  assert.equal(capAlertMessage('short'), 'short');
  for (const unit of ['x', 'é', '€', '😀']) {
    for (const pad of ['', 'a', 'ab', 'abc']) {
      const long = pad + unit.repeat(5000);
      const bytes = Buffer.byteLength(long);
      const cut = capAlertMessage(long);
      assert.ok(Buffer.byteLength(cut) <= MAX_ALERT_MESSAGE, `${unit} ${pad}`);
      assert.ok(Buffer.byteLength(cut) > MAX_ALERT_MESSAGE - 50, `${unit} ${pad}: no more cut than needed`);
      assert.ok(cut.endsWith(`… [message cut at 4096 of ${bytes} bytes]`));
      const kept = cut.slice(0, cut.indexOf('… [message cut'));
      assert.ok(long.startsWith(kept), `${unit} ${pad}: a prefix of the message`);
      assert.doesNotMatch(kept, /\ufffd/, 'no broken character');
    }
  }
});
