import { ApexError } from '../controller/apex-error';
import {
  DAILY_LIMIT_MESSAGE,
  DEFAULT_DAILY_SINGLE_EMAIL_LIMIT,
  EmailOutbox,
  MAX_MESSAGES_PER_SEND,
  NO_MASS_MAIL_PERMISSION,
  SEND_EMAIL_INVOCATIONS_PER_TRANSACTION,
  type OutboxMessage
} from '../controller/email-outbox';
import { EmailNotifier, type NoticeDirectory } from '../controller/notice-notifier';
import type { ReclaimPolicy } from '../controller/policy-ladder';
import type { UserRow } from '../data/schemas';

const NOON = Date.parse('2026-11-23T12:00:00.000Z');

function messages(count: number, prefix = 'u'): OutboxMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    targetUserId: `${prefix}${i}`,
    subject: 's',
    body: 'b'
  }));
}

function thrown(call: () => unknown): ApexError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApexError);
    return error as ApexError;
  }
  throw new Error('expected an ApexError');
}

describe('the preview outbox (LL_EmailSender with the org email limits)', () => {
  it('mirrors the org defaults: 10 sendEmail invocations per transaction, 5,000 a day, All email', () => {
    const outbox = new EmailOutbox({ clock: () => NOON });
    expect(SEND_EMAIL_INVOCATIONS_PER_TRANSACTION).toBe(10);
    expect(outbox.dailyLimit).toBe(DEFAULT_DAILY_SINGLE_EMAIL_LIMIT);
    expect(outbox.dailyLimit).toBe(5000);
    expect(outbox.deliverability).toBe('AllEmail');
    expect(outbox.invocationsLeft()).toBe(10);
  });

  it('throws System.LimitException on the 11th sendEmail of a transaction, and resets per transaction', () => {
    const outbox = new EmailOutbox({ clock: () => NOON });
    for (let i = 0; i < 10; i++) outbox.send(messages(1, `t${i}-`));
    expect(outbox.invocationsLeft()).toBe(0);
    const error = thrown(() => outbox.send(messages(1)));
    expect(error.exceptionType).toBe('System.LimitException');
    outbox.beginTransaction();
    expect(outbox.invocationsLeft()).toBe(10);
    expect(outbox.sent()).toHaveLength(10);
  });

  it('refuses a reservation past the daily limit with HandledException, and counts per GMT day', () => {
    let now = NOON;
    const outbox = new EmailOutbox({ clock: () => now, dailyLimit: 3 });
    outbox.reserve(3);
    outbox.send(messages(2));
    expect(outbox.usedToday()).toBe(2);
    const error = thrown(() => outbox.reserve(2));
    expect(error.exceptionType).toBe('System.HandledException');
    expect(error.message).toBe(DAILY_LIMIT_MESSAGE);
    // Just before midnight GMT the day is the same; after it, a new day.
    now = Date.parse('2026-11-23T23:59:59.000Z');
    expect(() => outbox.reserve(2)).toThrow(DAILY_LIMIT_MESSAGE);
    now = Date.parse('2026-11-24T00:00:00.000Z');
    expect(outbox.usedToday()).toBe(0);
    expect(() => outbox.reserve(3)).not.toThrow();
  });

  it('refuses every send under "System email only" or "No access" with EmailException NO_MASS_MAIL_PERMISSION', () => {
    for (const deliverability of ['SystemEmailOnly', 'NoAccess'] as const) {
      const outbox = new EmailOutbox({ clock: () => NOON, deliverability });
      expect(() => outbox.reserve(1)).not.toThrow();
      const error = thrown(() => outbox.send(messages(1)));
      expect(error.exceptionType).toBe('System.EmailException');
      expect(error.message).toBe(NO_MASS_MAIL_PERMISSION);
      expect(outbox.sent()).toEqual([]);
      expect(outbox.usedToday()).toBe(0);
    }
  });

  it('answers a per-message error without stopping the other messages (allOrNone false)', () => {
    const outbox = new EmailOutbox({ clock: () => NOON, refusedTargets: new Set(['u1']) });
    expect(outbox.send(messages(3))).toEqual([
      { success: true, error: null },
      { success: false, error: 'INVALID_EMAIL_ADDRESS: refused by the preview' },
      { success: true, error: null }
    ]);
    expect(outbox.sent().map((message) => message.targetUserId)).toEqual(['u0', 'u2']);
    expect(outbox.sent()[0].sentAt).toBe('2026-11-23T12:00:00.000Z');
  });

  it('refuses a call of more than 100 messages (the Apex never makes one) and a negative limit', () => {
    const outbox = new EmailOutbox({ clock: () => NOON });
    expect(() => outbox.send(messages(MAX_MESSAGES_PER_SEND + 1))).toThrow(/at most 100 per call/);
    expect(() => new EmailOutbox({ clock: () => NOON, dailyLimit: -1 })).toThrow(/dailyLimit/);
  });
});

describe('EmailNotifier: what a refusal at sendEmail advises (LL_ReclaimNotifier.hintOf)', () => {
  const user: UserRow = {
    id: 'u1',
    username: 'casey@example.com',
    name: 'Casey Candidate',
    isActive: true,
    userType: 'Standard',
    department: null,
    division: null,
    forecastEnabled: false,
    lastLoginDate: null,
    createdDate: 0,
    profileId: null,
    profileName: null,
    licenseName: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    roleName: null
  };
  const policy: ReclaimPolicy = {
    name: 'Live',
    label: 'Live',
    licenseKey: '*',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: 30,
    maxActionsPerRun: 25,
    dryRun: false,
    active: true
  };
  const directory: NoticeDirectory = {
    userOf: (id) => (id === user.id ? user : undefined),
    managerOf: () => null,
    frozenOf: () => false,
    timeZoneId: () => 'GMT'
  };

  function refusalFor(error: ApexError): string {
    const outbox = new EmailOutbox({ clock: () => NOON });
    outbox.send = () => {
      throw error;
    };
    const notifier = new EmailNotifier(outbox, directory);
    notifier.beginTransaction();
    const notice = notifier.notifyAll([user], policy, NOON).get(user.id)!;
    expect(notice).toMatchObject({ sent: false, deferred: true });
    return notice.message;
  }

  it('names the deliverability setting for NO_MASS_MAIL_PERMISSION only', () => {
    expect(
      refusalFor(new ApexError(NO_MASS_MAIL_PERMISSION, 500, 'System.EmailException'))
    ).toContain('Setup, Deliverability: Access level must be All email');
    const limit = refusalFor(
      new ApexError(
        'SendEmail failed. First exception on row 0; first error: SINGLE_EMAIL_LIMIT_EXCEEDED, Email limit exceeded',
        500,
        'System.EmailException'
      )
    );
    expect(limit).toContain('SINGLE_EMAIL_LIMIT_EXCEEDED');
    expect(limit).not.toContain('Deliverability');
  });
});
