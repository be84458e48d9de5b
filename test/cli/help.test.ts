/**
 * The help text, pinned whole (test/cli/help/<command>.txt at 100 columns; flowcheck.txt is `flowcheck --help`): a change to an
 * option, a description or the layout shows here. Rewrite the files after a deliberate
 * change: `COLUMNS=100 node dist/cli/flowcheck.js [command] --help > test/cli/help/<command>.txt`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../helpers/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const COMMANDS: [string, string[]][] = [
  ['flowcheck', ['--help']],
  ['analyze', ['analyze', '--help']],
  ['merge', ['merge', '--help']],
  ['protocols', ['protocols', '--help']],
  ['risks', ['risks', '--help']],
];

function help(args: string[], columns: number): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, COLUMNS: String(columns) } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout;
}

for (const [name, args] of COMMANDS) {
  test(`flowcheck ${args.join(' ')}: the whole text at 100 columns`, () => {
    assert.equal(help(args, 100), readFileSync(path.join(PROJECT_ROOT, 'test/cli/help', `${name}.txt`), 'utf8'));
  });
}

test('--help: the exit codes once, and every example whole on its line at 80 and 110 columns', () => {
  for (const [, args] of COMMANDS) {
    for (const columns of [80, 110]) {
      const text = help(args, columns);
      assert.equal(text.split('Exit codes:').length, 2, `${args.join(' ')} at ${columns}: the exit codes once`);
      const examples = text.slice(text.indexOf('\nExamples:\n') + 11, text.indexOf('\n\nExit codes:')).split('\n');
      assert.ok(examples.length >= 4 && examples.length % 2 === 0, `${args.join(' ')}: examples in pairs`);
      for (let i = 0; i < examples.length; i += 2) {
        // the command on one line (nothing of it wrapped onto the description's line)
        assert.match(examples[i], /^ {2}flowcheck \S/, `${args.join(' ')} at ${columns}: ${examples[i]}`);
        assert.match(examples[i + 1], /^ {6}\S/, `${args.join(' ')} at ${columns}: ${examples[i + 1]}`);
        assert.ok(examples[i].length <= columns);
      }
    }
  }
});
