import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file below `dir` (recursively) whose name passes `accept`, sorted. */
export function listFiles(dir: string, accept: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (accept(full)) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** A problem found by a checker, located in a file. */
export interface Finding {
  file: string;
  line: number;
  column?: number;
  message: string;
}

/** `file:line:column message`, the shape editors and CI logs link. */
export function formatFinding(finding: Finding, root: string): string {
  const where = [path.relative(root, finding.file) || finding.file, finding.line, finding.column]
    .filter((part) => part !== undefined)
    .join(':');
  return `${where} ${finding.message}`;
}
