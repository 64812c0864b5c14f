import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { withoutAbsolutePaths } from '../server/redact-paths';
import { isJsonContentType, isLoopbackHost, isOwnOrigin, refusalOf } from '../server/request-guard';

describe('request guard', () => {
  it('takes only the loopback names the preview is reached by as Host', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:3000', 'localhost:3000', 'LOCALHOST', '[::1]:80']) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    }
    for (const host of [
      undefined,
      '',
      'evil.example',
      'localhost.evil.example',
      '127.0.0.1.nip.io:3000',
      '127.0.0.1:3000@evil.example',
      '0.0.0.0:3000',
      '[::]:3000',
      '127.0.0.1:',
      ' 127.0.0.1'
    ]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    }
  });

  it('takes as Origin only http:// plus the Host', () => {
    expect(isOwnOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(isOwnOrigin('http://localhost:3000', 'LocalHost:3000')).toBe(true);
    expect(isOwnOrigin('https://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
    expect(isOwnOrigin('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
    expect(isOwnOrigin('null', '127.0.0.1:3000')).toBe(false);
  });

  it('takes application/json with parameters, nothing else, as an Apex content type', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType(' Application/JSON ; charset=UTF-8')).toBe(true);
    for (const type of [undefined, '', 'text/plain', 'application/json-patch+json', 'json']) {
      expect(isJsonContentType(type)).toBe(false);
    }
  });

  it('checks Host, then Origin, then (for Apex calls) Content-Type', () => {
    const host = '127.0.0.1:3000';
    expect(refusalOf({ host: 'evil.example', origin: 'http://evil.example' }, true)?.status).toBe(
      403
    );
    expect(refusalOf({ host, origin: 'http://evil.example' }, false)?.status).toBe(403);
    expect(refusalOf({ host, 'content-type': 'text/plain' }, true)?.status).toBe(415);
    expect(refusalOf({ host, 'content-type': 'text/plain' }, false)).toBeNull();
    expect(
      refusalOf({ host, origin: `http://${host}`, 'content-type': 'application/json' }, true)
    ).toBeNull();
  });
});

describe('withoutAbsolutePaths', () => {
  it('writes an absolute path as its base name', () => {
    expect(withoutAbsolutePaths('User.json is missing from /srv/exports/june.')).toBe(
      'User.json is missing from june.'
    );
    expect(withoutAbsolutePaths("ENOENT: open '/var/tmp/x/a.json'")).toBe("ENOENT: open 'a.json'");
    expect(withoutAbsolutePaths('at (/opt/app/dist/c.js:10:5)')).toBe('at (c.js:10:5)');
    expect(withoutAbsolutePaths('C:\\Users\\Jo\\exports\\User.json is empty')).toBe(
      'User.json is empty'
    );
    expect(withoutAbsolutePaths('in \\\\fileserver\\share\\exports ok')).toBe('in exports ok');
  });

  it('writes the home folder as ~ and a project file relative to the project', () => {
    const home = os.homedir();
    expect(withoutAbsolutePaths(`export in ${path.join(home, 'exports', 'june')}`)).toBe(
      'export in june'
    );
    // A name with a space ends the path the pattern sees; the home folder is still left out.
    expect(withoutAbsolutePaths(`in ${path.join(home, 'My Exports', 'june')}`)).toBe(
      `in ~${path.sep}${path.join('My Exports', 'june')}`
    );
    expect(withoutAbsolutePaths(`read ${path.join(PROJECT_ROOT, 'force-app', 'x.xml')}`)).toBe(
      `read .${path.sep}${path.join('force-app', 'x.xml')}`
    );
  });

  it('leaves text without absolute paths alone', () => {
    for (const text of [
      'demo org (1,000 users, seed 42)',
      'and/or 1/2/3',
      'https://help.salesforce.com/s/articleView',
      'see /preview.js',
      'export in june'
    ]) {
      expect(withoutAbsolutePaths(text)).toBe(text);
    }
  });
});
