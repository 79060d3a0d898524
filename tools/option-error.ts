/**
 * The npm scripts' last word on an error: node's parseArgs says only "Unknown option '--symbol'"
 * or "Option '--in <value>' argument missing"; the user is told where the options are listed.
 */
export function errorLine(script: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  const fromParser = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
  return `${script}: ${message}${fromParser ? `. npm run ${script} -- --help lists every option.` : ''}`;
}
