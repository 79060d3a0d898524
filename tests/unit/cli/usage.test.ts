/** `liqmap --help` agrees with what each command takes: every option it accepts is on its line, and record's default exchanges are stated. */
import { expect, test } from 'vitest';
import { parseArgs } from '../../../tools/cli/args.ts';
import { readRecordOptions } from '../../../tools/cli/record.ts';
import { readServeOptions } from '../../../tools/cli/serve.ts';
import { USAGE } from '../../../tools/cli/usage.ts';

const optionsIn = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g))];
/** The usage block of a command: its line and the indented lines under it. */
const block = (command: string) => USAGE.split(/\n(?=liqmap |\n)/).find((b) => b.startsWith(`liqmap ${command} `))!;

/** The options of USAGE that `read` takes (it names no other as "not an option"). */
function accepted(command: string, read: (argv: string[]) => unknown): string[] {
  return optionsIn(USAGE).filter((flag) => {
    try {
      read([command, flag, 'x']);
    } catch (e) {
      return !(e as { problems?: string[] }).problems?.some((p) => p.startsWith(`${flag} is not an option`));
    }
    return true;
  });
}

test('every option serve and record take is on their line of --help (serve\'s --binance-rest was not)', () => {
  for (const [command, read] of [['serve', (a: string[]) => readServeOptions(parseArgs(a))], ['record', (a: string[]) => readRecordOptions(parseArgs(a))]] as const) {
    const took = accepted(command, read);
    expect(took.length).toBeGreaterThan(3);
    expect([command, took.filter((o) => !optionsIn(block(command)).includes(o))]).toEqual([command, []]);
  }
});

test('--help states record\'s default exchanges, which are not the model options\' default', () => {
  const o = readRecordOptions(parseArgs(['record', '--symbols', 'BTCUSDT', '--out', '/tmp/x']));
  expect(block('record')).toContain(`--exchanges: default ${o.exchanges.join(',')}`);
});
