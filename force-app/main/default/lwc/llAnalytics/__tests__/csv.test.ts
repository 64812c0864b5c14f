import {
  analyzeUsers,
  createOrgCalendar,
  createPriceBook,
  CSV_BYTE_ORDER_MARK,
  CSV_LINE_END,
  csvField,
  neutralizeFormulas,
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
    ['\r=1', '"\'\r\'=1"'],
    ['\nHYPERLINK', '"\'\nHYPERLINK"'],
    ['a=1', 'a=1']
  ])('defuses formula text %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  // Excel in a semicolon locale splits `IT;=1+1` into `IT` and `=1+1`, a formula;
  // a comma or a line break inside the value can start a cell the same way.
  it.each([
    ['IT;=1+1', '"IT;\'=1+1"'],
    ['IT; =1+1', '"IT;\' =1+1"'],
    ['IT;"=1+1', '"IT;\'""=1+1"'],
    ['Sales,@SUM(A1)', '"Sales,\'@SUM(A1)"'],
    ['Ops\n+cmd', '"Ops\n\'+cmd"'],
    ['a;b;-c', '"a;b;\'-c"'],
    ['a\t=1', "a\t'=1"]
  ])('defuses a formula after a cell break in %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves text without a formula start alone, quoting semicolons', () => {
    expect(neutralizeFormulas('Smith-Jones, Ann')).toBe('Smith-Jones, Ann');
    expect(neutralizeFormulas('R&D; Labs')).toBe('R&D; Labs');
    expect(neutralizeFormulas('a=b;c+d')).toBe('a=b;c+d');
    expect(csvField('R&D; Labs')).toBe('"R&D; Labs"');
    expect(csvField('José')).toBe('José');
  });

  it('never leaves a cell start followed by a trigger unguarded', () => {
    const alphabet = ['a', ' ', '"', ',', ';', '\n', '\r', '\t', '=', '+', '-', '@', "'"];
    const cellBreaks = ',;\t\r\n';
    const triggers = '=+-@\t\r\n';
    let seed = 7;
    for (let sample = 0; sample < 2000; sample++) {
      let text = '';
      for (let index = 0; index < 6; index++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      const safe = neutralizeFormulas(text);
      expect(safe.replace(/'/g, '')).toBe(text.replace(/'/g, ''));
      const starts = [0];
      for (let index = 0; index < safe.length; index++) {
        if (cellBreaks.includes(safe[index])) starts.push(index + 1);
      }
      for (const start of starts) {
        const rest = safe.slice(start).replace(/^[ "]*/, '');
        expect(rest === '' || !triggers.includes(rest[0])).toBe(true);
      }
    }
  });
});

describe('toCsv', () => {
  it('starts with the UTF-8 byte order mark, so Excel reads "José" as UTF-8', () => {
    const csv = toCsv(['Name'], [['José']]);
    expect(csv.startsWith(CSV_BYTE_ORDER_MARK)).toBe(true);
    // UTF-8 bytes as a data: URI carries them: EF BB BF, then "José" as C3 A9.
    expect(encodeURIComponent(csv)).toBe('%EF%BB%BFName%0D%0AJos%C3%A9%0D%0A');
  });

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
    ).toBe('\uFEFFName,Logins\r\nAda,3\r\n"B, ""C""",\r\n');
    expect(toCsv(['Only'], [])).toBe('\uFEFFOnly\r\n');
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
    expect(csv.charAt(0)).toBe(CSV_BYTE_ORDER_MARK);
    const lines = csv.slice(1).split('\r\n');
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
      '\uFEFFName,Department,Last seat login (UTC)\r\n\'=cmd|calc,"R&D, Labs",2026-11-22 17:05\r\nPlain,,\r\n'
    );
  });
});
