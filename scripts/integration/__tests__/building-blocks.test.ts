/**
 * The small pure pieces the commands stand on: flag parsing, output and
 * redaction, My Domain checks, token identity, error normalization, the
 * stand-in's SOQL subset, and the npm script wiring.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { CommandError, parseFlags, renderTable, Reporter, UsageError } from '../lib/cli';
import { soqlString } from '../lib/connections';
import { adviceFor, toSalesforceFailure } from '../lib/salesforce-errors';
import { parseSoql } from '../stand-in/mini-soql';
import { PROVISION_SPEC } from '../provision/provision-command';
import { identityFromIdUrl, normalizeMyDomain } from '../verify/client-credentials';
import { formatApiUsage } from '../verify/api-usage';

describe('flags', () => {
  it('parses sf-style flags, short and long', () => {
    expect(
      parseFlags(PROVISION_SPEC, [
        '-o',
        'dev',
        '--username',
        'u@x.io',
        '--email',
        'e@x.io',
        '--json'
      ])
    ).toMatchObject({
      'target-org': 'dev',
      username: 'u@x.io',
      email: 'e@x.io',
      json: true
    });
  });

  it('rejects unknown flags, missing values and missing required flags as usage errors', () => {
    expect(() => parseFlags(PROVISION_SPEC, ['--nope'])).toThrow(UsageError);
    expect(() => parseFlags(PROVISION_SPEC, ['-o'])).toThrow(UsageError);
    expect(() => parseFlags(PROVISION_SPEC, ['-o', 'dev', '--email', 'e@x.io'])).toThrow(
      'Missing required flag --username'
    );
    expect(parseFlags(PROVISION_SPEC, ['--help']).help).toBe(true);
  });
});

describe('Reporter', () => {
  const sink = () => {
    const lines: string[] = [];
    return {
      lines,
      sink: {
        out: (t: string) => lines.push(`out:${t}`),
        err: (t: string) => lines.push(`err:${t}`)
      }
    };
  };

  it('redacts protected values from every line, human and JSON', () => {
    const human = sink();
    const reporter = new Reporter(false, human.sink);
    reporter.protect('s3cr3t-value');
    reporter.info('token s3cr3t-value here');
    reporter.warn('again s3cr3t-value');
    reporter.failure(new CommandError('X', 'boom s3cr3t-value'));
    expect(human.lines.join('\n')).not.toContain('s3cr3t-value');
    expect(human.lines).toContain('out:token [REDACTED] here');

    const json = sink();
    const jsonReporter = new Reporter(true, json.sink);
    jsonReporter.protect('s3cr3t-value');
    jsonReporter.info('dropped in JSON mode');
    jsonReporter.warn('w s3cr3t-value');
    expect(jsonReporter.success({ echo: 's3cr3t-value' })).toBe(0);
    expect(json.lines).toHaveLength(1);
    expect(JSON.parse(json.lines[0].slice(4))).toEqual({
      status: 0,
      result: { echo: '[REDACTED]' },
      warnings: ['w [REDACTED]']
    });
  });

  it('writes progress to stderr in both modes, so --json leaves stdout to the result', () => {
    for (const jsonMode of [false, true]) {
      const out = sink();
      const reporter = new Reporter(jsonMode, out.sink);
      reporter.protect('s3cr3t-value');
      reporter.progress('[1/6] step s3cr3t-value ...');
      reporter.success({ ok: true });
      expect(out.lines[0]).toBe('err:[1/6] step [REDACTED] ...');
      expect(out.lines.filter((l) => l.startsWith('out:'))).toHaveLength(jsonMode ? 1 : 0);
    }
  });

  it('writes sf-shaped JSON errors with the exit code', () => {
    const out = sink();
    const code = new Reporter(true, out.sink).failure(
      new CommandError('PreflightFailed', 'no seat', 1, { checks: [] })
    );
    expect(code).toBe(1);
    expect(JSON.parse(out.lines[0].slice(4))).toEqual({
      status: 1,
      name: 'PreflightFailed',
      message: 'no seat',
      exitCode: 1,
      data: { checks: [] },
      warnings: []
    });
  });

  it('renders aligned tables', () => {
    expect(renderTable(['A', 'Long'], [['xx', 'y']]).split('\n')).toEqual([
      'A   Long',
      '--  ----',
      'xx  y'
    ]);
  });
});

describe('My Domain and token identity', () => {
  it('keeps the origin of an https My Domain, loopback http for stand-ins only', () => {
    expect(normalizeMyDomain('https://mydomain.my.salesforce.com/some/path')).toBe(
      'https://mydomain.my.salesforce.com'
    );
    expect(normalizeMyDomain('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321');
    expect(() => normalizeMyDomain('http://mydomain.my.salesforce.com')).toThrow('https');
    expect(() => normalizeMyDomain('https://test.salesforce.com')).toThrow('My Domain');
    expect(() => normalizeMyDomain('acme')).toThrow('must be a URL');
  });

  it('reads org and user Ids from the identity URL', () => {
    expect(
      identityFromIdUrl('https://login.salesforce.com/id/00D000000000001AAA/005000000000002AAA')
    ).toEqual({
      orgId: '00D000000000001AAA',
      userId: '005000000000002AAA'
    });
    expect(identityFromIdUrl(undefined)).toEqual({ orgId: null, userId: null });
  });

  it('formats API usage', () => {
    expect(formatApiUsage({ max: 100000, remaining: 98766, used: 1234, ratioUsed: 0.01234 })).toBe(
      '1,234 of 100,000 daily API requests used (1.2%)'
    );
  });
});

describe('errors', () => {
  it('normalizes jsforce, OAuth and network errors', () => {
    expect(
      toSalesforceFailure(Object.assign(new Error('x'), { errorCode: 'DUPLICATE_USERNAME' }))
    ).toEqual({
      errorCode: 'DUPLICATE_USERNAME',
      message: 'x'
    });
    const oauth = new Error('invalid client credentials');
    oauth.name = 'invalid_client';
    expect(toSalesforceFailure(oauth).errorCode).toBe('invalid_client');
    expect(
      toSalesforceFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
        .errorCode
    ).toBe('CONNECTION_LOST');
    expect(toSalesforceFailure('plain').errorCode).toBe('UNKNOWN_ERROR');
    expect(adviceFor({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: '' })).toContain(
      'daily API requests'
    );
    expect(adviceFor({ errorCode: 'SOMETHING_ELSE', message: '' })).toBeUndefined();
  });

  it('quotes SOQL string literals', () => {
    expect(soqlString("o'brien\\x")).toBe("'o\\'brien\\\\x'");
  });
});

describe('stand-in SOQL subset', () => {
  it('parses fields, relationship fields, AND conditions, ORDER BY and LIMIT', () => {
    expect(
      parseSoql(
        "SELECT Id, Profile.Name FROM User WHERE Username = 'a\\'b AND c' AND IsActive = true ORDER BY LoginTime DESC LIMIT 5"
      )
    ).toEqual({
      fields: ['Id', 'Profile.Name'],
      object: 'User',
      where: [
        { field: 'Username', op: '=', value: "a'b AND c" },
        { field: 'IsActive', op: '=', value: true }
      ],
      orderBy: { field: 'LoginTime', descending: true },
      limit: 5
    });
  });

  it('refuses what it does not model', () => {
    expect(() => parseSoql('SELECT COUNT() FROM User GROUP BY Id')).toThrow('unsupported');
    expect(() => parseSoql("SELECT Id FROM User WHERE Name LIKE 'a%'")).toThrow(
      'unsupported condition'
    );
  });
});

describe('npm scripts', () => {
  const scripts = JSON.parse(
    fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')
  ).scripts;

  it.each([
    ['provision', 'scripts/integration/provision.ts'],
    ['verify-integration', 'scripts/integration/verify-integration.ts'],
    ['integration-login', 'scripts/integration/integration-login.ts']
  ])(
    '%s runs %s, whose --help works',
    (name, entry) => {
      expect(scripts[name]).toBe(`ts-node ${entry}`);
      const run = spawnSync(
        path.join(PROJECT_ROOT, 'node_modules', '.bin', 'ts-node'),
        [entry, '--help'],
        {
          cwd: PROJECT_ROOT,
          encoding: 'utf8'
        }
      );
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('USAGE');
    },
    30000
  );
});

describe('sf CLI login', () => {
  it('names the alias and how to log in when the sf CLI has no such login', async () => {
    const { connectWithSfLogin } = await import('../lib/connections');
    await expect(connectWithSfLogin('ll-no-such-alias-for-tests')).rejects.toThrow(
      /No usable sf CLI login for "ll-no-such-alias-for-tests".*sf org login web --alias ll-no-such-alias-for-tests/
    );
  }, 30000);
});
