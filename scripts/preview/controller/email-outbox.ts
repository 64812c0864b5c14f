/**
 * The preview's stand-in for Apex Messaging (LL_EmailSender): an in-memory
 * outbox that refuses what an org refuses, so that a notice plan that would
 * break in an org breaks in the preview and in jest. Nothing leaves the machine.
 *
 * The limits it enforces (cited in LL_EmailSender's ApexDoc too):
 * - 10 sendEmail invocations per transaction (Apex Developer Guide, Outbound
 *   Email: https://developer.salesforce.com/docs/atlas.en-us.264.0.apexcode.meta/pages/apex_forcecom_email_outbound.htm);
 *   an 11th throws System.LimitException, which Apex cannot catch.
 * - A daily single-email limit per GMT day, 5,000 by default (Simple Email
 *   Actions: https://developer.salesforce.com/docs/atlas.en-us.228.0.api_action.meta/api_action/actions_obj_email_simple.htm);
 *   reserve() throws System.HandledException "The daily limit for the org would
 *   be exceeded by this request." (Messaging Class:
 *   https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_email_outbound_messaging.htm).
 *   Every message counts, mail to users by Id included: the documentation
 *   contradicts itself on those, and the Apex reserves for them, so the
 *   preview counts them.
 * - Deliverability "System email only" or "No access" (Setup, Deliverability):
 *   send() throws System.EmailException NO_MASS_MAIL_PERMISSION (Help 000384750:
 *   https://help.salesforce.com/s/articleView?id=000384750&type=1). Whether
 *   reserve() throws first is unverified, so the stand-in lets it pass and
 *   refuses at send(), the later of the two: the Apex handles both.
 * - At most MAX_MESSAGES_PER_SEND messages per call: the Apex's own cap (the
 *   platform's is not documented); a larger call is a bug, refused loudly.
 */
import { ApexError } from './apex-error';

/** Setup, Email, Deliverability, Access level. */
export type Deliverability = 'AllEmail' | 'SystemEmailOnly' | 'NoAccess';
export const DELIVERABILITY_VALUES: readonly Deliverability[] = [
  'AllEmail',
  'SystemEmailOnly',
  'NoAccess'
];

/** Limits.getLimitEmailInvocations(). */
export const SEND_EMAIL_INVOCATIONS_PER_TRANSACTION = 10;
/** LL_EmailSender.MAX_MESSAGES_PER_SEND. */
export const MAX_MESSAGES_PER_SEND = 100;
/** The org default of the daily single-email limit (licensed orgs). */
export const DEFAULT_DAILY_SINGLE_EMAIL_LIMIT = 5_000;

export const DAILY_LIMIT_MESSAGE = 'The daily limit for the org would be exceeded by this request.';
export const NO_MASS_MAIL_PERMISSION =
  'SendEmail failed. First exception on row 0; first error: NO_MASS_MAIL_PERMISSION, Single email is not enabled for your organization or profile.';

/** One message as the Apex builds it (setTargetObjectId, subject, plain-text body). */
export interface OutboxMessage {
  /** setTargetObjectId: a User Id. */
  targetUserId: string;
  subject: string;
  body: string;
}

/** A message the outbox accepted. */
export interface SentMessage extends OutboxMessage {
  /** When it was accepted (ISO instant, the preview's clock). */
  sentAt: string;
}

/** LL_EmailSender.Outcome. */
export interface SendOutcome {
  success: boolean;
  error: string | null;
}

export interface EmailOutboxOptions {
  /** The preview's clock (epoch ms); the daily limit counts per GMT day of it. */
  clock: () => number;
  /** Daily single-email limit (default 5,000; 50 in Developer Edition and trials). */
  dailyLimit?: number;
  deliverability?: Deliverability;
  /** Users whose message Salesforce refuses (a per-message error), for tests. */
  refusedTargets?: ReadonlySet<string>;
}

function gmtDayOf(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The in-memory outbox: LL_EmailSender's methods, with the org's limits. */
export class EmailOutbox {
  deliverability: Deliverability;
  readonly dailyLimit: number;
  private readonly clock: () => number;
  private readonly refusedTargets: ReadonlySet<string>;
  private readonly sentMessages: SentMessage[] = [];
  private readonly usedByDay = new Map<string, number>();
  private invocations = 0;

  constructor(options: EmailOutboxOptions) {
    this.clock = options.clock;
    this.dailyLimit = options.dailyLimit ?? DEFAULT_DAILY_SINGLE_EMAIL_LIMIT;
    if (!Number.isInteger(this.dailyLimit) || this.dailyLimit < 0) {
      throw new Error(`dailyLimit must be a whole number, 0 or more; got ${this.dailyLimit}.`);
    }
    this.deliverability = options.deliverability ?? 'AllEmail';
    this.refusedTargets = options.refusedTargets ?? new Set();
  }

  /** A new Apex transaction: the sendEmail invocations start again. */
  beginTransaction(): void {
    this.invocations = 0;
  }

  /** Limits.getLimitEmailInvocations() - Limits.getEmailInvocations(). */
  invocationsLeft(): number {
    return SEND_EMAIL_INVOCATIONS_PER_TRANSACTION - this.invocations;
  }

  /** Messages counted against today's (GMT) limit. */
  usedToday(): number {
    return this.usedByDay.get(gmtDayOf(this.clock())) ?? 0;
  }

  /** Messaging.reserveSingleEmailCapacity(count). */
  reserve(count: number): void {
    if (this.usedToday() + count > this.dailyLimit) {
      throw new ApexError(DAILY_LIMIT_MESSAGE, 500, 'System.HandledException');
    }
  }

  /** Messaging.sendEmail(messages, false): one invocation; one outcome per message. */
  send(messages: readonly OutboxMessage[]): SendOutcome[] {
    if (messages.length > MAX_MESSAGES_PER_SEND) {
      throw new Error(
        `send() got ${messages.length} messages; LL_EmailSender sends at most ${MAX_MESSAGES_PER_SEND} per call.`
      );
    }
    if (this.invocations >= SEND_EMAIL_INVOCATIONS_PER_TRANSACTION) {
      throw new ApexError(
        `Too many Email Invocations: ${this.invocations + 1}`,
        500,
        'System.LimitException'
      );
    }
    this.invocations += 1;
    if (this.deliverability !== 'AllEmail') {
      throw new ApexError(NO_MASS_MAIL_PERMISSION, 500, 'System.EmailException');
    }
    const now = this.clock();
    const day = gmtDayOf(now);
    return messages.map((message) => {
      if (this.refusedTargets.has(message.targetUserId)) {
        return { success: false, error: 'INVALID_EMAIL_ADDRESS: refused by the preview' };
      }
      this.usedByDay.set(day, (this.usedByDay.get(day) ?? 0) + 1);
      this.sentMessages.push({ ...message, sentAt: new Date(now).toISOString() });
      return { success: true, error: null };
    });
  }

  /** Every message accepted, oldest first (copies). */
  sent(): SentMessage[] {
    return this.sentMessages.map((message) => ({ ...message }));
  }
}
