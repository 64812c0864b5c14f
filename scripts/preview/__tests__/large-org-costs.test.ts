/**
 * What a user page costs at the largest size issue 10 names: a 100,000-user
 * demo org with a 90-day window. With fresh nightly rollups a 2,000-user page
 * fits in one Apex call, far inside the 50,000 query rows; without rollups the
 * same page answers tooBig. A page reads only its own users' rows, so only the
 * first 5,000 users of the org are generated, with all that is theirs
 * (loadDemoOrgQuickly's firstUsers): their pages read and cost exactly what
 * they do in the whole org.
 * (npm run bench:preview measures the whole dashboard at this size.)
 */
import { APEX_LIMITS } from '../controller/apex-transaction';
import { readOrgMetadata } from '../controller/custom-metadata';
import { type ApexCallUse, LocalController } from '../controller/local-controller';
import { loadDemoOrgQuickly } from '../demo-org/load-demo-org';
import { createNightlyRollups } from '../demo-org/nightly-rollups';

const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const USERS = 100_000;
/** Users generated: the first two 2,000-user pages and some to spare. */
const FIRST_USERS = 5_000;
const WINDOW_DAYS = 90;
const PAGE_SIZE = 2_000;
const PAGES = 2;
/** Loading 100,000 users takes a while on a busy machine. */
const LOAD_TIMEOUT_MS = 300_000;

describe('2,000-user pages of a 100,000-user demo org over 90 days', () => {
  const uses: ApexCallUse[] = [];
  const observe = (use: ApexCallUse) => uses.push(use);
  let rolledUp: LocalController;
  let live: LocalController;

  beforeAll(() => {
    const data = loadDemoOrgQuickly({ users: USERS, seed: 42, now: NOW }, FIRST_USERS);
    expect(data.users).toHaveLength(FIRST_USERS);
    expect(data.source).toContain('100,000 users');
    const metadata = readOrgMetadata();
    const clock = () => NOW;
    const rollups = createNightlyRollups({ data, clock });
    rolledUp = new LocalController({ data, metadata, clock, observe, rollups });
    live = new LocalController({ data, metadata, clock, observe, rollups: false });
  }, LOAD_TIMEOUT_MS);
  beforeEach(() => (uses.length = 0));

  it('reads each page in one call from fresh rollups, touching far fewer than 50,000 rows', () => {
    let afterUserId: string | null = null;
    for (let page = 0; page < PAGES; page++) {
      const answer = rolledUp.getUserPage({
        afterUserId,
        pageSize: PAGE_SIZE,
        windowDays: WINDOW_DAYS
      });
      expect(answer.tooBig).toBe(false);
      expect(answer.users.ids).toHaveLength(PAGE_SIZE);
      expect(answer.window).toMatchObject({
        coveredDays: WINDOW_DAYS,
        rolledUpThroughDay: '2026-11-22',
        rollupDays: WINDOW_DAYS - 1,
        liveDays: 1
      });
      expect(answer.loginCounts.logins.length).toBeGreaterThan(PAGE_SIZE);
      afterUserId = answer.nextAfterUserId;
    }
    expect(uses).toHaveLength(PAGES);
    for (const use of uses) {
      expect(use).toMatchObject({ tooBig: false, queries: 8 });
      // About 2,000 users + 2,000 frozen states + their activity rows + today's logins.
      expect(use.queryRows).toBeLessThan(APEX_LIMITS.queryRows / 2);
      const rows = Object.fromEntries(use.soql.map((query) => [query.label, query.rowsTouched]));
      expect(rows['LL_Snapshot_Run__c coverage']).toBe(WINDOW_DAYS - 1);
      expect(rows.LL_User_Activity__c).toBeLessThan(PAGE_SIZE * 10);
      expect(rows.LoginHistory).toBeLessThan(PAGE_SIZE * 5);
    }
  });

  it('answers the same first page tooBig without rollups: its live rows pass the budget', () => {
    const page = live.getUserPage({ pageSize: PAGE_SIZE, windowDays: WINDOW_DAYS });
    expect(page).toMatchObject({ tooBig: true, users: { ids: [] }, nextAfterUserId: null });
    expect(uses[0].queryRows).toBeLessThan(APEX_LIMITS.queryRows);
  });
});
