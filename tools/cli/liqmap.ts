#!/usr/bin/env node
/**
 * `liqmap`: the app's models, server API and liquidation recorder without a browser
 * (docs/cli.md). One entry, one file per command.
 */
import { parseArgs, type Args } from './args.ts';
import { DEFAULT_BASE_URL } from '../../src/lib/binance/base-url.ts';
import { heatmap } from './heatmap.ts';
import { levels, type Output } from './levels.ts';
import { openSource } from './node-engine.ts';
import { flagName, readModelOptions, type ModelCommand } from './options.ts';
import { BadInput } from './prepare.ts';
import { COMMANDS, commandUsage, isCommand, USAGE } from './usage.ts';

const say = (line: string) => process.stderr.write(`liqmap: ${line}\n`);
const notACommand = (word: string) => `"${word}" is not a command: ${COMMANDS.slice(0, -1).join(', ')} or ${COMMANDS.at(-1)} (liqmap --help).`;

async function model(args: Args, command: ModelCommand, run: typeof levels): Promise<void> {
  const given = [...args.options.keys()].filter((k) => k !== 'source' && k !== 'binance-rest');
  const parsed = readModelOptions(command, given, (n) => args.options.get(n), flagName, 'csv');
  const problems = [...(args.options.has('source') ? [] : ['--source is required (a folder with manifest.json, or its URL).']), ...(parsed.ok ? [] : parsed.problems)];
  if (problems.length || !parsed.ok) throw new BadInput(problems);
  const src = await openSource(args.options.get('source')!);
  for (const p of src.catalog.problems) say(src.local(p));
  const out: Output = await run(src, parsed.value, flagName, { restBase: args.options.get('binance-rest') ?? DEFAULT_BASE_URL });
  for (const n of out.notes) say(n);
  const text = parsed.value.format === 'csv' ? out.csv() : JSON.stringify(out.json()) + '\n';
  await new Promise<void>((done) => process.stdout.write(text, () => done()));
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    if (args.command === undefined || isCommand(args.command)) {
      // A command's own usage, not the whole of it: `liqmap levels --help` gave the overview.
      process.stdout.write(args.command ? commandUsage(args.command) : USAGE);
      return 0;
    }
    say(notACommand(args.command));
    return 2;
  }
  if (!args.command) {
    // A mistake (exit 2): stdout stays empty, as for every bad option, so `liqmap > out.csv` gets no usage text.
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    if (args.problems.length) throw new BadInput(args.problems);
    switch (args.command) {
      case 'levels':
        await model(args, 'levels', levels);
        return 0;
      case 'heatmap':
        await model(args, 'heatmap', heatmap);
        return 0;
      case 'serve':
        await (await import('./serve.ts')).serveCommand(args, say);
        return -1;
      case 'record':
        await (await import('./record.ts')).recordCommand(args, say);
        return -1;
      default:
        throw new BadInput([notACommand(args.command)]);
    }
  } catch (e) {
    if (e instanceof BadInput) {
      for (const p of e.problems) say(p);
      return 2;
    }
    say(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
const code = await main(process.argv.slice(2));
// Long-running commands (serve, record) end on a signal; the others end here.
if (code >= 0) process.exit(code);
