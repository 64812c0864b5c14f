/**
 * What the preview tells its page about files: their names, never where they
 * are on this machine. Applied to every message the server sends (the status
 * banner, Apex errors), whatever module wrote the message.
 */
import * as os from 'node:os';
import { PROJECT_ROOT } from '../../lib/paths';

/**
 * An absolute path: POSIX (`/a/b`), home-relative after `~` replacement
 * (`~/a`), Windows (`C:\a`, `C:/a`) or UNC (`\\server\share`), with at least
 * two names so that URL paths such as `/preview.js` stay readable. It starts
 * the text or follows a space, quote, bracket, `=` or `,`; a name ends at a
 * space, quote or bracket.
 */
const ABSOLUTE_PATH =
  /(^|[\s"'`([<=,])((?:~|[A-Za-z]:|\\\\[^\s"'`<>()[\]\\/]+)?[\\/](?:[^\s"'`<>()[\]\\/]+[\\/])+[^\s"'`<>()[\]\\/]*)/g;

/** The last name of a path (`/a/b/c.json` is `c.json`; `/a/b/` is `b`). */
function lastName(filePath: string): string {
  const names = filePath.split(/[\\/]/).filter((name) => name.length > 0);
  return names[names.length - 1] ?? '';
}

/** Known folders written as a short name, longest first; a name with spaces is caught here. */
function knownFolders(): Array<[string, string]> {
  const folders: Array<[string, string]> = [
    [PROJECT_ROOT, '.'],
    [os.homedir(), '~']
  ];
  return folders.filter(([folder]) => folder.length > 1).sort(([a], [b]) => b.length - a.length);
}

/**
 * The text with each absolute path replaced by its last name: the project
 * folder first becomes `.` (so project files keep their relative path) and
 * the home folder `~`; any other absolute path becomes its base name.
 */
export function withoutAbsolutePaths(text: string): string {
  let result = text;
  for (const [folder, short] of knownFolders()) {
    // The folder itself or a path inside it; not a longer name that starts the same way.
    const escaped = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(new RegExp(`${escaped}(?=[\\\\/]|[^\\w.-]|$)`, 'g'), short);
  }
  return result.replace(
    ABSOLUTE_PATH,
    (_match, before: string, filePath: string) => `${before}${lastName(filePath)}`
  );
}
