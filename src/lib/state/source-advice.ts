/**
 * What to do when the view's profile source cannot be read and lists nothing. The failure
 * itself is said in source.ts's words, shared with the command line; this advice is the app's,
 * said where the app shows the failure: the notice on every view and the Data view's source panel.
 */
import { defaultSourceName } from '../data/default-source.ts';

/** `source`: the view's source (null: the site's default); `onDataView`: said on the Data view itself. */
export function unreadableSourceAdvice(source: string | null, onDataView: boolean): string {
  const name = defaultSourceName();
  if (source !== null) {
    const check = `(the manifest.json the builder wrote, on a host that answers this site with CORS)`;
    return onDataView ? `Check the address above ${check}, or press "${name.button}".` : `Check that link ${check}, or go back to ${name.current}:`;
  }
  const where = onDataView ? 'here' : 'on the Data view';
  return `Try again in a moment (it may be out of this browser's reach for now); meanwhile, another profile list, your own profiles, or months built from an exchange's archive can be used ${where}.`;
}
