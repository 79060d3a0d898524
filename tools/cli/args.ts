/**
 * Command-line words as `--name value` / `--name=value` pairs; a repeated or valueless option is
 * refused. `help`: --help or -h anywhere, or `help [COMMAND]` / `--help [COMMAND]` first; `command` is then the one asked about.
 */
export interface Args {
  command: string | undefined;
  options: Map<string, string>;
  help: boolean;
  problems: string[];
}

export function parseArgs(argv: readonly string[]): Args {
  const [first, ...rest] = argv;
  let command: string | undefined = first;
  const options = new Map<string, string>();
  const problems: string[] = [];
  let help = first === '--help' || first === '-h' || first === 'help';
  // `liqmap help levels` and `liqmap --help levels` are `liqmap levels --help`.
  if (help) command = rest[0] === undefined || rest[0].startsWith('-') ? undefined : rest.shift();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(word);
    if (!m) {
      problems.push(`"${word}" is not an option (options look like --symbol BTCUSDT).`);
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      const next = rest[i + 1];
      if (next === undefined || /^--[a-z]/.test(next)) {
        problems.push(`--${m[1]} needs a value.`);
        continue;
      }
      value = next;
      i++;
    }
    // An empty value (an unset shell variable) would read as absent: --symbol "" drew BTCUSDT, --port "" a random port.
    if (value.trim() === '') problems.push(`--${m[1]} is empty: give it a value (is a shell variable unset?).`);
    if (options.has(m[1])) problems.push(`--${m[1]} is given twice.`);
    options.set(m[1], value);
  }
  return { command: help && command?.startsWith('-') ? undefined : command, options, help, problems };
}
