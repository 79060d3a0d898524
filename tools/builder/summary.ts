/**
 * `--summary FILE`: what a run built, refused and skipped, as Markdown appended to FILE (the
 * pipeline passes $GITHUB_STEP_SUMMARY, so a refused month's reason is on the run's page, not
 * only deep in its log). Written also when the run stops on an error, naming it.
 */
import { appendFile } from 'node:fs/promises';
import type { BuildReport } from './build.ts';

export class RunSummary {
  // By month: with --fetch --prune the build runs once a month, and sees the earlier months again.
  private readonly built = new Set<string>();
  private readonly unchanged = new Set<string>();
  private readonly refused = new Map<string, string>();
  private readonly notPublished = new Set<string>();
  private stopped: string | null = null;

  constructor(private readonly title: string) {}

  addBuild(report: BuildReport): void {
    for (const m of report.months) {
      const name = `${m.symbol} ${m.month}`;
      if (m.status === 'built') this.built.add(name);
      else if (m.status === 'unchanged') this.unchanged.add(name);
      else if (m.status === 'refused') this.refused.set(name, m.reason ?? '');
      else this.notPublished.add(`${name}: ${m.reason}`);
      if (m.status !== 'refused') this.refused.delete(name);
    }
  }

  /** `notPublished`: the fetch's files not published yet, as its exchange lists them (ExchangeBuilder.notPublished), or ''. */
  addFetch(refused: string[], notPublished: string): void {
    for (const r of refused) this.refused.set(r, '');
    if (notPublished) this.notPublished.add(notPublished);
  }

  skipped(what: string): void {
    this.notPublished.add(what);
  }

  stop(message: string): void {
    this.stopped = message;
  }

  markdown(): string {
    const out = [`### ${this.title}`, ''];
    if (this.stopped) out.push(`**Stopped:** ${this.stopped}`, '');
    const built = [...this.built].filter((m) => !this.refused.has(m));
    const unchanged = [...this.unchanged].filter((m) => !this.built.has(m) && !this.refused.has(m));
    out.push(`${built.length} month(s) built${built.length ? ` (${built.join(', ')})` : ''}, ${unchanged.length} unchanged, ${this.refused.size} refused.`, '');
    if (this.refused.size) {
      out.push('**Refused** (not built this run: a month built before keeps its earlier build, and the next run tries again):', '');
      for (const [what, why] of this.refused) out.push(`- ${`${what}${why ? `: ${why}` : ''}`.replaceAll('\n', ' ')}`);
      out.push('');
    }
    if (this.notPublished.size) {
      out.push('Not published yet or skipped:', '');
      for (const r of this.notPublished) out.push(`- ${r}`);
      out.push('');
    }
    return `${out.join('\n')}\n`;
  }

  async write(path: string): Promise<void> {
    await appendFile(path, this.markdown());
  }
}
