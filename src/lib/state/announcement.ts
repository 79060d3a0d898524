/**
 * What a live region says to a screen reader. A status line that counts (an age in seconds, the
 * time of the last message, bytes read, a countdown) changes every second; said each time, it
 * drowns everything else. A change of numbers alone keeps the words last said; a change of
 * words (connected → refused, downloading → loading, a new failure) is said, with its numbers.
 */

/** The words of `text`, its numbers blanked. */
const words = (text: string) => text.replace(/\d[\d.,:]*/g, '#');

/** The text to say after `said` when the status reads `now`: `said` while only numbers changed. */
export function announcement(said: string, now: string): string {
  return said && words(said) === words(now) ? said : now;
}
