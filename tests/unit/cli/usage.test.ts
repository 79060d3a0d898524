/**
 * `liqmap --help` is the overview; `liqmap COMMAND --help` that command's usage alone. Each agrees
 * with what its command takes: every option it accepts is listed, none it refuses, and record's default exchanges are stated.
 */
import { expect, test } from 'vitest';
import { parseArgs } from '../../../tools/cli/args.ts';
import { flagName, MODEL_OPTION_NAMES, readModelOptions, type ModelCommand } from '../../../tools/cli/options.ts';
import { readRecordOptions } from '../../../tools/cli/record.ts';
import { readServeOptions } from '../../../tools/cli/serve.ts';
import { COMMANDS, commandUsage, USAGE } from '../../../tools/cli/usage.ts';
import { runCli } from './cli-process.ts';

const optionsIn = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g))];
/** The usage block of a command in the overview: its line and the indented lines under it. */
const block = (command: string) => USAGE.split(/\n(?=liqmap |\n)/).find((b) => b.startsWith(`liqmap ${command} `))!;
/** The options a command's usage lists under "Options:". */
const listed = (command: (typeof COMMANDS)[number]) => optionsIn(commandUsage(command).split('\nOptions:\n')[1].split('\nExample:\n')[0]);

/** The options of USAGE that `read` takes (it names no other as "not an option"). */
function accepted(command: string, read: (argv: string[]) => unknown): string[] {
  // --help is every command's (parseArgs takes it).
  return optionsIn(USAGE).filter((flag) => flag !== '--help').filter((flag) => {
    try {
      read([command, flag, 'x']);
    } catch (e) {
      return !(e as { problems?: string[] }).problems?.some((p) => p.startsWith(`${flag} is not an option`));
    }
    return true;
  });
}

test('every option serve and record take is on their line of --help and in their own --help (serve\'s --binance-rest was not)', () => {
  for (const [command, read] of [['serve', (a: string[]) => readServeOptions(parseArgs(a))], ['record', (a: string[]) => readRecordOptions(parseArgs(a))]] as const) {
    const took = accepted(command, read);
    expect(took.length).toBeGreaterThan(3);
    expect([command, took.filter((o) => !optionsIn(block(command)).includes(o))]).toEqual([command, []]);
    expect([command, listed(command).sort()]).toEqual([command, took.sort()]);
  }
});

test('levels\' and heatmap\'s own --help list only options they take, and between them every model option', () => {
  // liqmap.ts reads these two itself; every other is the model options' reader's.
  const own = ['--source', '--binance-rest'];
  const refused = (command: ModelCommand, flag: string) => {
    const name = flag.slice(2);
    const read = readModelOptions(command, [name], (n) => (n === name ? (name === 'model' ? 'trades' : '1') : undefined), flagName, 'csv');
    return !read.ok && read.problems.some((p) => p.startsWith(`${flag} is not an option`) || p.startsWith(`${flag} is the`) || p.startsWith(`${flag} "trades" is the map's`));
  };
  for (const command of ['levels', 'heatmap'] as const) {
    const wrong = listed(command).filter((flag) => !own.includes(flag) && refused(command, flag));
    expect([command, wrong]).toEqual([command, []]);
  }
  expect(refused('heatmap', '--window')).toBe(true); // the check above can see a refused option
  const both = new Set([...listed('levels'), ...listed('heatmap')]);
  // timeframe is the server's name of --window.
  expect(MODEL_OPTION_NAMES.filter((n) => n !== 'timeframe' && !both.has(`--${n}`))).toEqual([]);
});

test('--help states record\'s default exchanges, which are not the model options\' default', () => {
  const o = readRecordOptions(parseArgs(['record', '--symbols', 'BTCUSDT', '--out', '/tmp/x']));
  expect(block('record')).toContain(`--exchanges: default ${o.exchanges.join(',')}`);
  expect(commandUsage('record')).toContain(`(default ${o.exchanges.join(',')})`);
});

test('a command\'s --help, -h, `liqmap help COMMAND` or `liqmap --help COMMAND` prints that command\'s usage alone (it printed the whole usage), exit 0', async () => {
  const asked = [['levels', '--help'], ['heatmap', '-h'], ['help', 'serve'], ['record', '--symbols', 'BTCUSDT', '--help'], ['--help', 'levels'], ['-h', 'record']];
  const runs = await Promise.all(asked.map((argv) => runCli(argv)));
  runs.forEach((run, i) => {
    const command = asked[i].find((w): w is (typeof COMMANDS)[number] => (COMMANDS as readonly string[]).includes(w))!;
    expect([command, run.code, run.stderr]).toEqual([command, 0, '']);
    expect(run.stdout).toBe(commandUsage(command));
    expect(run.stdout).toMatch(new RegExp(`^liqmap ${command} `));
    expect(run.stdout).toContain(`\nExample:\n  liqmap ${command} `);
    for (const other of COMMANDS.filter((c) => c !== command)) expect(run.stdout).not.toContain(block(other).split('\n')[0]);
  });
});

test('`liqmap --help` keeps the overview of every command; help for a command that does not exist is refused (exit 2)', async () => {
  const [overview, wrong] = await Promise.all([runCli(['--help']), runCli(['levles', '--help'])]);
  expect(overview.code).toBe(0);
  expect(overview.stdout).toBe(USAGE);
  for (const command of COMMANDS) expect(overview.stdout).toContain(`\nliqmap ${command} `);
  expect(wrong.code).toBe(2);
  expect(wrong.stdout).toBe('');
  expect(wrong.stderr).toBe('liqmap: "levles" is not a command: levels, heatmap, serve or record (liqmap --help).\n');
});
