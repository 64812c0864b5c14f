/**
 * The text of a reclaim policy notice: the preview's copy of the Apex
 * LL_NoticeTemplate, word for word (scripts/preview/__tests__/notice-template.test.ts
 * and LL_NoticeTemplateTest assert the same sentences). Pure: no clock, no I/O.
 *
 * Days are written yyyy-MM-dd in the org's time zone and are the EARLIEST day
 * a step can come (the ladder freezes at the first nightly run on or after
 * notice + Notice Days), hence "on or after". A login before then keeps the
 * seat: the candidate selector no longer finds the user, and the reclaim job's
 * re-check skips a user who logged in after the policy's read.
 */

const DAY_MS = 86_400_000;

/** LL_NoticeTemplate.CLOSING_LINE. */
export const CLOSING_LINE =
  'This notice was sent by License Lens for your Salesforce administrators. Reply to this email with any question.';

/** LL_NoticeTemplate.Facts. */
export interface NoticeFacts {
  /** How to greet the recipient (first name, else name). */
  recipientName: string;
  /** The user whose seat is at stake (their name). */
  targetName: string;
  targetUsername: string;
  policyLabel: string;
  inactivityDays: number;
  /** Earliest instant of the freeze (notice + notice days), epoch ms. */
  freezeAt: number;
  /** null: the policy never deactivates. */
  deactivateAfterFrozenDays: number | null;
  /** Organization.TimeZoneSidKey. */
  timeZoneId: string;
}

/** LL_NoticeTemplate.Content. */
export interface NoticeContent {
  subject: string;
  body: string;
}

/** Apex Datetime.format('yyyy-MM-dd', timeZoneId). */
export function dayIn(instant: number, timeZoneId: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timeZoneId,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit'
  }).formatToParts(new Date(instant));
  const part = (type: string): string => parts.find((candidate) => candidate.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** LL_NoticeTemplate.freezeDayOf. */
export function freezeDayOf(facts: NoticeFacts): string {
  return dayIn(facts.freezeAt, facts.timeZoneId);
}

/** LL_NoticeTemplate.deactivateDayOf: null when the policy never deactivates. */
export function deactivateDayOf(facts: NoticeFacts): string | null {
  if (facts.deactivateAfterFrozenDays === null) return null;
  return dayIn(facts.freezeAt + facts.deactivateAfterFrozenDays * DAY_MS, facts.timeZoneId);
}

function whatHappens(facts: NoticeFacts, subject: string): string {
  const deactivateOn = deactivateDayOf(facts);
  let text = `${subject} will be frozen on or after ${freezeDayOf(facts)} (${facts.timeZoneId}): a frozen user cannot log in.`;
  if (deactivateOn !== null) {
    text += ` If it stays frozen, it will be deactivated on or after ${deactivateOn} and its license given back.`;
  }
  return text;
}

/** LL_NoticeTemplate.forUser: the email to the user. */
export function noticeForUser(facts: NoticeFacts): NoticeContent {
  const freezeOn = freezeDayOf(facts);
  return {
    subject: `Action needed: your Salesforce access will be frozen on or after ${freezeOn}`,
    body:
      `Hello ${facts.recipientName},\n\n` +
      `Your Salesforce user ${facts.targetUsername} has had no successful login for ${facts.inactivityDays} days or more. ` +
      `Under the reclaim policy "${facts.policyLabel}", ${whatHappens(facts, 'it')}\n\n` +
      `To keep your seat, log in to Salesforce before ${freezeOn}. Any successful login stops this: ` +
      'the policy checks your last login again before every step and leaves you alone.\n\n' +
      'If you no longer need this access, you do not need to do anything.\n\n' +
      CLOSING_LINE
  };
}

/** LL_NoticeTemplate.forManager: the copy to the manager (recipientName is theirs). */
export function noticeForManager(facts: NoticeFacts): NoticeContent {
  const freezeOn = freezeDayOf(facts);
  return {
    subject: `Action needed: ${facts.targetName}'s Salesforce access will be frozen on or after ${freezeOn}`,
    body:
      `Hello ${facts.recipientName},\n\n` +
      `${facts.targetName} (${facts.targetUsername}), who reports to you, has had no successful login to Salesforce for ${facts.inactivityDays} days or more. ` +
      `Under the reclaim policy "${facts.policyLabel}", ${whatHappens(facts, 'their user')}\n\n` +
      `To keep the seat, ${facts.targetName} needs to log in to Salesforce before ${freezeOn}. ` +
      'Any successful login stops this. If the seat is no longer needed, nothing needs to be done.\n\n' +
      CLOSING_LINE
  };
}

/**
 * LL_NoticeTemplate.auditLineOf: the Notify row's line (what was announced,
 * to whom, why a manager got no copy).
 */
export function auditLineOf(
  facts: NoticeFacts,
  userRecipient: string,
  managerRecipient: string | null,
  managerNote: string | null
): string {
  const deactivateOn = deactivateDayOf(facts);
  return (
    `Notice emailed to the user (${userRecipient})` +
    (managerRecipient === null ? '' : ` and their manager (${managerRecipient})`) +
    `: freeze on or after ${freezeDayOf(facts)}` +
    (deactivateOn === null ? '' : `, deactivation on or after ${deactivateOn}`) +
    ` (${facts.timeZoneId}); a login before then keeps the seat.` +
    (managerNote === null ? '' : ` ${managerNote}`)
  );
}
