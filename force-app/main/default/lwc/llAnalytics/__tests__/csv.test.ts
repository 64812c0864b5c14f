import {
  analyzeUsers,
  createOrgCalendar,
  createPriceBook,
  CSV_LINE_END,
  csvField,
  toCsv,
  USER_COLUMNS,
  userColumn,
  usersToCsv
} from 'c/llAnalytics';
import { group, LA, loginWindow, NOW_MS, PRICES, SETTINGS, user } from './fixtures';

describe('csvField', () => {
  it('writes plain text, numbers and booleans as they are', () => {
    expect(csvField('Ada')).toBe('Ada');
    expect(csvField(42)).toBe('42');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('quotes commas, quotes, CR and LF, doubling inner quotes (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('"')).toBe('""""');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tTab', "'\tTab"],
    ['=HYPERLINK("http://x.invalid","y")', '"\'=HYPERLINK(""http://x.invalid"",""y"")"'],
    ['\r=1', '"\'\r=1"'],
    ['a=1', 'a=1']
  ])('defuses formula text %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('ends every line with CRLF, header first', () => {
    expect(CSV_LINE_END).toBe('\r\n');
    expect(
      toCsv(
        ['Name', 'Logins'],
        [
          ['Ada', 3],
          ['B, "C"', null]
        ]
      )
    ).toBe('Name,Logins\r\nAda,3\r\n"B, ""C""",\r\n');
    expect(toCsv(['Only'], [])).toBe('Only\r\n');
  });
});

describe('usersToCsv', () => {
  const people = [
    user({ name: '=cmd|calc', username: 'evil@example.com', department: 'R&D, Labs' }),
    user({ name: 'Plain', department: null, lastLoginDate: null })
  ];
  const insights = analyzeUsers(people, {
    loginGroups: [group({ userId: people[0].id, lastLoginTime: '2026-11-22T17:05:00.000Z' })],
    window: loginWindow(30),
    settings: SETTINGS,
    calendar: createOrgCalendar(LA),
    priceBook: createPriceBook(PRICES),
    now: NOW_MS
  });

  it('writes every column with org-time instants and a zone in the header', () => {
    const csv = usersToCsv(insights, createOrgCalendar(LA));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const header = lines[0].split(',');
    expect(header).toHaveLength(USER_COLUMNS.length);
    expect(header).toContain('Last interactive login (America/Los_Angeles)');
    expect(lines[1].startsWith('\'=cmd|calc,evil@example.com,"R&D, Labs",')).toBe(true);
    expect(lines[1]).toContain('2026-11-22 09:05');
  });

  it('writes chosen columns only', () => {
    const columns = [userColumn('name'), userColumn('department'), userColumn('lastSeatLogin')];
    expect(usersToCsv(insights, createOrgCalendar('UTC'), columns)).toBe(
      'Name,Department,Last seat login (UTC)\r\n\'=cmd|calc,"R&D, Labs",2026-11-22 17:05\r\nPlain,,\r\n'
    );
  });
});
