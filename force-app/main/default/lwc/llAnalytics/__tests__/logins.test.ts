import {
  apiShare,
  classifyLogin,
  createLoginClassifier,
  isSuccessfulLogin,
  LOGIN_TYPE_CLASSES,
  NO_APPLICATION_LABEL,
  successfulLogins,
  summarizeUserLogins,
  topApplications
} from 'c/llAnalytics';
import type { DailyLoginBucketDto } from '../../../../../types/contract';
import { daysAgo, group } from './fixtures';

describe('classifyLogin', () => {
  it.each([
    ['Application', null, 'Browser', 'interactive'],
    ['SAML Idp Initiated SSO', null, null, 'interactive'],
    ['SAML Sfdc Initiated SSO', null, null, 'interactive'],
    ['Third Party SSO', null, null, 'interactive'],
    ['Chatter Communities External User', null, null, 'interactive'],
    ['Other Apex API', null, 'Data Loader', 'api'],
    ['Remote Access 2.0', 'OauthRefreshToken', 'Workbench', 'api'],
    ['Remote Access Client', null, null, 'api'],
    ['Partner Product', null, null, 'api'],
    ['Sync', null, null, 'api'],
    ['Remote Access 2.0', 'OauthClientCredentials', 'ERP', 'clientCredentials'],
    ['Holographic Login', null, null, 'other'],
    [null, null, null, 'other'],
    ['', null, null, 'other']
  ])('%s / %s / %s is %s', (loginType, subType, application, expected) => {
    expect(classifyLogin(loginType, subType, application)).toBe(expected);
  });

  it('matches types and sub-types case-insensitively, but never inherited object keys', () => {
    expect(classifyLogin('application', null)).toBe('interactive');
    expect(classifyLogin(' OTHER APEX API ', null)).toBe('api');
    expect(classifyLogin('Other Apex API', 'oauthclientcredentials')).toBe('clientCredentials');
    expect(classifyLogin('toString', null)).toBe('other');
    expect(classifyLogin('constructor', null)).toBe('other');
  });

  it('counts the Salesforce mobile apps over OAuth as a person', () => {
    expect(classifyLogin('Remote Access 2.0', 'OauthUserAgent', 'Salesforce for iOS')).toBe(
      'interactive'
    );
    expect(classifyLogin('Remote Access 2.0', null, 'salesforce for android')).toBe('interactive');
    // Client credentials are never a person, whatever the app says.
    expect(classifyLogin('Remote Access 2.0', 'OauthClientCredentials', 'Salesforce for iOS')).toBe(
      'clientCredentials'
    );
    // A UI type stays interactive whatever the application.
    expect(classifyLogin('Application', null, 'Data Loader')).toBe('interactive');
  });

  it('has a class for every table entry', () => {
    for (const [type, loginClass] of Object.entries(LOGIN_TYPE_CLASSES)) {
      expect(classifyLogin(type, null)).toBe(loginClass);
    }
  });
});

describe('createLoginClassifier', () => {
  it('gives the same answers as classifyLogin, repeatedly', () => {
    const classify = createLoginClassifier();
    const cases: [string | null, string | null, string | null][] = [
      ['Application', null, 'Browser'],
      ['Remote Access 2.0', 'OauthClientCredentials', 'ERP'],
      ['Remote Access 2.0', 'OauthRefreshToken', 'Salesforce for iOS'],
      ['Remote Access 2.0', 'OauthRefreshToken', 'Workbench'],
      ['Unknown', 'x', null],
      [null, null, null]
    ];
    for (let round = 0; round < 2; round++) {
      for (const [type, subType, application] of cases) {
        expect(classify(type, subType, application)).toBe(
          classifyLogin(type, subType, application)
        );
      }
    }
  });
});

describe('isSuccessfulLogin', () => {
  it('accepts only Success (any case)', () => {
    expect(isSuccessfulLogin('Success')).toBe(true);
    expect(isSuccessfulLogin('success')).toBe(true);
    expect(isSuccessfulLogin('Invalid Password')).toBe(false);
    expect(isSuccessfulLogin('Failed: API security token required')).toBe(false);
    expect(isSuccessfulLogin('')).toBe(false);
    expect(isSuccessfulLogin(null)).toBe(false);
  });
});

describe('summarizeUserLogins', () => {
  it('counts by class, keeps the newest instant per class and ignores failures for recency', () => {
    const summaries = summarizeUserLogins([
      group({ userId: 'u1', logins: 3, lastLoginTime: daysAgo(5) }),
      group({
        userId: 'u1',
        loginType: 'SAML Idp Initiated SSO',
        logins: 2,
        lastLoginTime: daysAgo(2)
      }),
      group({
        userId: 'u1',
        loginType: 'Other Apex API',
        application: 'Data Loader',
        logins: 10,
        lastLoginTime: daysAgo(1)
      }),
      group({
        userId: 'u1',
        loginType: 'Remote Access 2.0',
        loginSubType: 'OauthClientCredentials',
        logins: 4,
        lastLoginTime: daysAgo(3)
      }),
      group({ userId: 'u1', loginType: 'Mystery', logins: 1, lastLoginTime: daysAgo(9) }),
      group({ userId: 'u1', status: 'Invalid Password', logins: 7, lastLoginTime: daysAgo(0) }),
      group({ userId: 'u2', loginType: 'Other Apex API', logins: 1 })
    ]);
    const u1 = summaries.get('u1');
    expect(u1).toMatchObject({
      interactiveLogins: 5,
      apiLogins: 10,
      clientCredentialsLogins: 4,
      otherLogins: 1,
      failedLogins: 7,
      lastInteractiveLogin: Date.parse(daysAgo(2)),
      lastApiLogin: Date.parse(daysAgo(1)),
      lastSuccessfulLogin: Date.parse(daysAgo(1)),
      mainApplication: 'Data Loader',
      mainApplicationLogins: 10
    });
    expect(successfulLogins(u1!)).toBe(20);
    expect(apiShare(u1!)).toBeCloseTo(14 / 20);
    expect(summaries.get('u2')?.lastInteractiveLogin).toBeNull();
    expect(apiShare(summaries.get('u2')!)).toBe(1);
  });

  it('treats bad counts as 0 and bad instants as unknown', () => {
    const summary = summarizeUserLogins([
      group({ userId: 'u', logins: -3 }),
      group({ userId: 'u', logins: Number.NaN }),
      group({ userId: 'u', logins: 2, lastLoginTime: 'garbage' })
    ]).get('u')!;
    expect(summary.interactiveLogins).toBe(2);
    expect(summary.lastInteractiveLogin).toBeNull();
    expect(apiShare(summary)).toBe(0);
  });

  it('returns an empty map for no groups, and 0 API share without successful logins', () => {
    expect(summarizeUserLogins([]).size).toBe(0);
    const failedOnly = summarizeUserLogins([group({ userId: 'u', status: 'Failed' })]).get('u')!;
    expect(successfulLogins(failedOnly)).toBe(0);
    expect(apiShare(failedOnly)).toBe(0);
  });
});

describe('topApplications', () => {
  const groups = [
    group({ userId: 'a', application: 'Browser', logins: 5 }),
    group({ userId: 'a', application: 'Browser', logins: 1, status: 'Invalid Password' }),
    group({ userId: 'b', application: 'Browser', logins: 2 }),
    group({ userId: 'b', loginType: 'Other Apex API', application: 'Data Loader', logins: 20 }),
    group({
      userId: 'c',
      loginType: 'Remote Access 2.0',
      loginSubType: 'OauthClientCredentials',
      application: 'ERP',
      logins: 8
    }),
    group({ userId: 'a', application: 'Browser', logins: 1, loginType: 'Mystery' }),
    group({ userId: 'c', application: null, logins: 8 })
  ];

  it('ranks by total logins with class counts and distinct users', () => {
    const [first, second, third, fourth] = topApplications(groups);
    expect(first).toEqual({
      application: 'Data Loader',
      interactiveLogins: 0,
      apiLogins: 20,
      clientCredentialsLogins: 0,
      otherLogins: 0,
      failedLogins: 0,
      totalLogins: 20,
      users: 1
    });
    expect(second).toMatchObject({
      application: 'Browser',
      interactiveLogins: 7,
      otherLogins: 1,
      failedLogins: 1,
      totalLogins: 9,
      users: 2
    });
    // Ties on logins are ordered by name.
    expect(third.application).toBe(NO_APPLICATION_LABEL);
    expect(fourth).toMatchObject({ application: 'ERP', clientCredentialsLogins: 8 });
  });

  it('limits, filters users and accepts daily buckets without user ids', () => {
    expect(topApplications(groups, 1).map((row) => row.application)).toEqual(['Data Loader']);
    expect(topApplications(groups, 0)).toEqual([]);
    const onlyA = topApplications(groups, 10, (id) => id === 'a');
    expect(onlyA).toHaveLength(1);
    expect(onlyA[0]).toMatchObject({ application: 'Browser', totalLogins: 7, users: 1 });
    const buckets: DailyLoginBucketDto[] = [
      {
        day: '2026-11-20',
        loginType: 'Application',
        loginSubType: null,
        status: 'Success',
        application: 'Browser',
        logins: 4,
        uniqueUsers: 3
      }
    ];
    expect(topApplications(buckets)[0]).toMatchObject({ totalLogins: 4, users: 0 });
    expect(topApplications([])).toEqual([]);
  });
});
