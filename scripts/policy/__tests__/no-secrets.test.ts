import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { repoFiles } from '../policy-helpers';

/** Patterns that must never appear in a committed file. */
const SECRET_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'consumer secret in metadata', pattern: /<consumerSecret>[^<]{8,}/ },
  { name: 'consumer key in metadata', pattern: /<consumerKey>[^<]{8,}/ },
  { name: 'client secret in a URL or form', pattern: /client_secret=[A-Za-z0-9]{12,}/ },
  {
    name: 'Salesforce session id / access token',
    pattern: /00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{20,}/
  },
  { name: 'private key', pattern: /BEGIN (RSA |EC )?PRIVATE KEY/ },
  { name: 'connected-app consumer key', pattern: /3MVG9[A-Za-z0-9._]{40,}/ },
  {
    name: 'real org My Domain URL',
    pattern:
      /https:\/\/(?!example\b|your-domain\b|mydomain\b)[a-z0-9-]+\.(my\.salesforce\.com|lightning\.force\.com)/i
  }
];

const TEXT_FILE = /\.(ts|js|json|xml|md|cls|trigger|html|css|yml|yaml|txt|sh)$|(^|\/)\.ci\/run$/;

describe('committed files', () => {
  const files = repoFiles().filter((f) => TEXT_FILE.test(f) && !f.endsWith('package-lock.json'));

  it('are scanned', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(SECRET_PATTERNS.map((p) => [p.name, p.pattern] as const))(
    'contain no %s',
    (_name, pattern) => {
      const hits = files
        .filter((file) => !file.includes(`${path.sep}policy${path.sep}__tests__${path.sep}`))
        .filter((file) => pattern.test(fs.readFileSync(file, 'utf8')))
        .map((file) => path.relative(PROJECT_ROOT, file));
      expect(hits).toEqual([]);
    }
  );
});
