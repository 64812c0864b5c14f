/**
 * The preview's copy of LL_ReclaimNotifier: emails each candidate of a job
 * chunk, and a copy to their manager, into an EmailOutbox with the org's
 * limits, and answers per user: sent (the Notify row is Succeeded), deferred
 * (Skipped: the org or the run refused; tried again the next night) or not
 * sent (Failed: refused for that user; the ladder stops). Same order of checks
 * as the Apex: the transaction's sendEmail invocations, then the daily
 * capacity for every message, then the sends in calls of at most 100; a
 * refusal holds for the rest of the transaction.
 *
 * What the preview's data cannot tell: the export holds no User.Email nor
 * User.ManagerId. Every user is taken to have an address (recipients are
 * named by username), and managers come from `managerByUser` when given
 * (none otherwise: "the user record names none").
 */
import type { UserRow } from '../data/schemas';
import {
  MAX_MESSAGES_PER_SEND,
  type EmailOutbox,
  type OutboxMessage,
  type SendOutcome
} from './email-outbox';
import { auditLineOf, noticeForManager, noticeForUser, type NoticeFacts } from './notice-template';
import type { ReclaimPolicy } from './policy-ladder';

const DAY_MS = 86_400_000;

/** LL_ReclaimNotifier.NOT_SENT: how every unsent notice's message begins. */
export const NOT_SENT = 'No notice was sent';
/** LL_ReclaimNotifier.TRIED_AGAIN. */
export const TRIED_AGAIN =
  'Tried again on the next nightly run; nothing is frozen before a notice is sent.';

/** LL_ReclaimNotifier.Notice. */
export interface PolicyNotice {
  /** True only when the notice really left (the outbox accepted the email to the user). */
  sent: boolean;
  /** Not sent for a reason of the org or the run: Skipped, tried again next night. */
  deferred?: boolean;
  /** The Notify row's message. */
  message: string;
}

/** What the notifier reads about users (LL_NoticeRecipientSelector, LL_UserLoginSelector, LL_OrganizationSelector). */
export interface NoticeDirectory {
  /** The user as they are now; undefined when unknown. */
  userOf(userId: string): UserRow | undefined;
  /** User.ManagerId, or null. */
  managerOf(userId: string): string | null;
  /** UserLogin.IsFrozen; null when unknown. */
  frozenOf(userId: string): boolean | null;
  /** Organization.TimeZoneSidKey. */
  timeZoneId(): string;
}

interface Draft {
  userId: string;
  facts: NoticeFacts;
  userRecipient: string;
  userIndex: number;
  managerRecipient: string | null;
  managerIndex: number | null;
  managerNote: string | null;
}

function firstNameOf(user: UserRow): string {
  return user.name.split(' ')[0] || user.name;
}

/** LL_ReclaimNotifier over an EmailOutbox. */
export class EmailNotifier {
  private refusal: string | null = null;

  constructor(
    private readonly outbox: EmailOutbox,
    private readonly directory: NoticeDirectory
  ) {}

  sendsNotices(): boolean {
    return true;
  }

  /** A new Apex transaction: statics (the refusal) and the invocations reset. */
  beginTransaction(): void {
    this.refusal = null;
    this.outbox.beginTransaction();
  }

  /** LL_ReclaimNotifier.getRefusal. */
  getRefusal(): string | null {
    return this.refusal;
  }

  /** LL_ReclaimNotifier.notifyAll. */
  notifyAll(
    targets: readonly UserRow[],
    policy: ReclaimPolicy,
    now: number
  ): Map<string, PolicyNotice> {
    const notices = new Map<string, PolicyNotice>();
    if (!targets.length) return notices;
    if (this.refusal !== null) {
      for (const target of targets) notices.set(target.id, this.deferred());
      return notices;
    }
    const messages: OutboxMessage[] = [];
    const drafts: Draft[] = [];
    const timeZoneId = this.directory.timeZoneId();
    for (const target of targets) {
      const user = this.directory.userOf(target.id);
      if (!user || !user.isActive) {
        notices.set(target.id, {
          sent: false,
          deferred: true,
          message: `${NOT_SENT}: the user is no longer active, or cannot be read. ${TRIED_AGAIN}`
        });
        continue;
      }
      const facts: NoticeFacts = {
        recipientName: firstNameOf(user),
        targetName: user.name,
        targetUsername: user.username,
        policyLabel: policy.label,
        inactivityDays: policy.inactivityDays,
        freezeAt: now + policy.noticeDays * DAY_MS,
        deactivateAfterFrozenDays: policy.deactivateAfterFrozenDays,
        timeZoneId
      };
      const draft: Draft = {
        userId: user.id,
        facts,
        userRecipient: user.username,
        userIndex: messages.length,
        managerRecipient: null,
        managerIndex: null,
        managerNote: null
      };
      messages.push({ targetUserId: user.id, ...noticeForUser(facts) });
      this.addManagerCopy(draft, user, messages);
      drafts.push(draft);
    }
    if (!messages.length) return notices;
    const outcomes = this.sendAll(messages, drafts);
    for (const draft of drafts) notices.set(draft.userId, this.noticeOf(draft, outcomes));
    return notices;
  }

  private addManagerCopy(draft: Draft, user: UserRow, messages: OutboxMessage[]): void {
    const managerId = this.directory.managerOf(user.id);
    if (managerId === null) {
      draft.managerNote = 'No copy to a manager: the user record names none.';
      return;
    }
    const manager = this.directory.userOf(managerId);
    const managerName = manager?.username ?? managerId;
    if (!manager || !manager.isActive) {
      draft.managerNote = `No copy to the manager (${managerName}): not active.`;
    } else if (this.directory.frozenOf(managerId) === true) {
      draft.managerNote = `No copy to the manager (${managerName}): frozen.`;
    } else {
      draft.managerRecipient = manager.username;
      draft.managerIndex = messages.length;
      messages.push({
        targetUserId: managerId,
        ...noticeForManager({ ...draft.facts, recipientName: firstNameOf(manager) })
      });
    }
  }

  /** LL_ReclaimNotifier.sendAll: null outcome = not attempted (refused). */
  private sendAll(messages: OutboxMessage[], drafts: Draft[]): (SendOutcome | null)[] {
    const outcomes: (SendOutcome | null)[] = messages.map(() => null);
    const calls = Math.ceil(messages.length / MAX_MESSAGES_PER_SEND);
    const left = this.outbox.invocationsLeft();
    if (left < calls) {
      this.refusal = `this transaction has ${left} sendEmail invocation(s) left of 10 and needs ${calls}`;
      return outcomes;
    }
    const count = this.reserveWhatFits(messages.length, drafts);
    for (let start = 0; start < count; start += MAX_MESSAGES_PER_SEND) {
      try {
        const sent = this.outbox.send(
          messages.slice(start, Math.min(start + MAX_MESSAGES_PER_SEND, count))
        );
        sent.forEach((outcome, offset) => {
          outcomes[start + offset] = outcome;
        });
      } catch (error) {
        const message = (error as Error).message;
        // Advice only where the cause is known (NO_MASS_MAIL_PERMISSION: deliverability), as the Apex.
        const hint = message.includes('NO_MASS_MAIL_PERMISSION')
          ? '; Setup, Deliverability: Access level must be All email'
          : '';
        this.refusal = `Salesforce refused to send (${message}${hint})`;
        return outcomes;
      }
    }
    return outcomes;
  }

  /**
   * LL_ReclaimNotifier.reserveWhatFits: the daily capacity for all the
   * notices, else for half as many users, and so on; a prefix of the messages.
   */
  private reserveWhatFits(total: number, drafts: Draft[]): number {
    let users = drafts.length;
    let limitMessage: string | null = null;
    while (users > 0) {
      const last = drafts[users - 1];
      const count = (last.managerIndex ?? last.userIndex) + 1;
      try {
        this.outbox.reserve(count);
        if (users < drafts.length) {
          this.refusal = `the org's daily single-email limit is reached: ${count} of ${total} messages fitted (${limitMessage})`;
        }
        return count;
      } catch (error) {
        limitMessage = (error as Error).message;
        users = Math.floor(users / 2);
      }
    }
    this.refusal = `the org's daily single-email limit is reached (${limitMessage})`;
    return 0;
  }

  private deferred(): PolicyNotice {
    return { sent: false, deferred: true, message: `${NOT_SENT}: ${this.refusal}. ${TRIED_AGAIN}` };
  }

  private noticeOf(draft: Draft, outcomes: (SendOutcome | null)[]): PolicyNotice {
    const toUser = outcomes[draft.userIndex];
    if (!toUser) return this.deferred();
    let managerRecipient = draft.managerRecipient;
    let managerNote = draft.managerNote;
    if (draft.managerIndex !== null) {
      const toManager = outcomes[draft.managerIndex];
      if (!toManager || !toManager.success) {
        managerNote = `The copy to the manager (${managerRecipient}) was not sent: ${toManager ? toManager.error : this.refusal}.`;
        managerRecipient = null;
      }
    }
    if (!toUser.success) {
      return {
        sent: false,
        message:
          `${NOT_SENT}: Salesforce refused the email to the user (${draft.userRecipient}): ${toUser.error}.` +
          (managerRecipient === null
            ? ''
            : ` The copy to the manager (${managerRecipient}) was sent.`)
      };
    }
    return {
      sent: true,
      message: auditLineOf(draft.facts, draft.userRecipient, managerRecipient, managerNote)
    };
  }
}
