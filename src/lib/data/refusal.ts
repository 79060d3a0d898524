/**
 * A file liqmap will not use, and why. `message` names the file and the problem in plain
 * text; the UI inserts it as text (never as HTML), so a hostile file name stays inert.
 */
export interface Refusal {
  ok: false;
  file: string;
  problem: string;
  message: string;
}

export function refuse(file: string, problem: string): Refusal {
  return { ok: false, file, problem, message: `${file} was refused: ${problem}` };
}

/** The text of anything thrown, for a refusal message. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
