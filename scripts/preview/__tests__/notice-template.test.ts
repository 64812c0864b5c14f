import {
  CLOSING_LINE,
  auditLineOf,
  dayIn,
  deactivateDayOf,
  noticeForManager,
  noticeForUser,
  type NoticeFacts
} from '../controller/notice-template';

/** The same facts as LL_NoticeTemplateTest: the sentences below are asserted there too. */
function facts(deactivateAfterFrozenDays: number | null = 30): NoticeFacts {
  return {
    recipientName: 'Casey',
    targetName: 'Casey Candidate',
    targetUsername: 'casey@example.invalid',
    policyLabel: 'Salesforce, 90 days',
    inactivityDays: 90,
    // 2026-03-25 01:00 GMT is still 2026-03-24 in Los Angeles (UTC-7 in March).
    freezeAt: Date.parse('2026-03-25T01:00:00.000Z'),
    deactivateAfterFrozenDays,
    timeZoneId: 'America/Los_Angeles'
  };
}

describe('the notice text (LL_NoticeTemplate)', () => {
  it('writes days in the org time zone, not GMT', () => {
    expect(dayIn(Date.parse('2026-03-25T01:00:00.000Z'), 'America/Los_Angeles')).toBe('2026-03-24');
    expect(dayIn(Date.parse('2026-03-25T01:00:00.000Z'), 'GMT')).toBe('2026-03-25');
    expect(dayIn(Date.parse('2026-03-24T23:30:00.000Z'), 'Asia/Tokyo')).toBe('2026-03-25');
  });

  it('tells the user what will happen on which day and how to keep the seat', () => {
    const content = noticeForUser(facts());
    expect(content.subject).toBe(
      'Action needed: your Salesforce access will be frozen on or after 2026-03-24'
    );
    expect(content.body).toBe(
      'Hello Casey,\n\n' +
        'Your Salesforce user casey@example.invalid has had no successful login for 90 days or more. ' +
        'Under the reclaim policy "Salesforce, 90 days", it will be frozen on or after 2026-03-24 ' +
        '(America/Los_Angeles): a frozen user cannot log in. If it stays frozen, it will be ' +
        'deactivated on or after 2026-04-23 and its license given back.\n\n' +
        'To keep your seat, log in to Salesforce before 2026-03-24. Any successful login stops this: ' +
        'the policy checks your last login again before every step and leaves you alone.\n\n' +
        'If you no longer need this access, you do not need to do anything.\n\n' +
        CLOSING_LINE
    );
  });

  it('says nothing about deactivation when the policy never deactivates', () => {
    expect(noticeForUser(facts(null)).body).not.toContain('deactivated');
    expect(deactivateDayOf(facts(null))).toBeNull();
  });

  it('gives the manager their own wording, naming the user', () => {
    const content = noticeForManager({ ...facts(), recipientName: 'Morgan' });
    expect(content.subject).toBe(
      "Action needed: Casey Candidate's Salesforce access will be frozen on or after 2026-03-24"
    );
    expect(
      content.body.startsWith(
        'Hello Morgan,\n\nCasey Candidate (casey@example.invalid), who reports to you'
      )
    ).toBe(true);
    expect(content.body).toContain(
      'To keep the seat, Casey Candidate needs to log in to Salesforce before 2026-03-24.'
    );
    expect(content.body).toContain('their user will be frozen on or after 2026-03-24');
  });

  it('keeps on the audit row what was sent to whom, and why a manager got no copy', () => {
    expect(
      auditLineOf(
        facts(),
        'casey@example.invalid <c@example.invalid>',
        'morgan@example.invalid <m@example.invalid>',
        null
      )
    ).toBe(
      'Notice emailed to the user (casey@example.invalid <c@example.invalid>) and their manager ' +
        '(morgan@example.invalid <m@example.invalid>): freeze on or after 2026-03-24, deactivation ' +
        'on or after 2026-04-23 (America/Los_Angeles); a login before then keeps the seat.'
    );
    expect(
      auditLineOf(facts(null), 'casey', null, 'No copy to a manager: the user record names none.')
    ).toBe(
      'Notice emailed to the user (casey): freeze on or after 2026-03-24 (America/Los_Angeles); ' +
        'a login before then keeps the seat. No copy to a manager: the user record names none.'
    );
  });

  it('never puts an address or a link in the email text', () => {
    const texts = [noticeForUser(facts()), noticeForManager(facts())].flatMap((content) => [
      content.subject,
      content.body
    ]);
    for (const text of texts) {
      expect(text).not.toMatch(/https?:\/\//);
      expect(text).not.toMatch(/<[^>]+@[^>]+>/);
    }
  });
});
