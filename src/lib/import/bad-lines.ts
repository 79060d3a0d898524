/** How the builder and the importer report the lines of an input they left out. */

export interface BadLine {
  line: number;
  message: string;
}

const count = (n: number) => n.toLocaleString('en');

/** Warnings naming the file: lines that did not parse (with the first few), rows with an empty or non-positive value. */
export function describeBadLines(name: string, rejected: number, firstRejects: readonly BadLine[], invalid: number, invalidLines: readonly number[]): string[] {
  const out: string[] = [];
  if (rejected > 0) {
    const shown = firstRejects.map((l) => `line ${l.line}: ${l.message}`).join('; ');
    out.push(`${name}: ${count(rejected)} line(s) did not parse and were left out (${shown}${rejected > firstRejects.length ? '; …' : ''})`);
  }
  if (invalid > 0) {
    const shown = invalidLines.length ? ` (line ${invalidLines.join(', ')}${invalid > invalidLines.length ? ', …' : ''})` : '';
    out.push(`${name}: ${count(invalid)} row(s) with an empty or non-positive value were left out${shown}`);
  }
  return out;
}
