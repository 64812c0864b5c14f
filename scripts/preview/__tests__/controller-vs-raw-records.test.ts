import { readOrgMetadata } from '../controller/custom-metadata';
import { LocalController } from '../controller/local-controller';
import { createDemoOrg } from '../demo-org/demo-org';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { expectedInputs } from '../e2e/expected';
import type { UserLoginGroupDto } from '../../../force-app/types/contract';

const OPTIONS = { users: 400, seed: 11, now: Date.parse('2026-11-23T20:00:00.000Z') };
const WINDOW_DAYS = 30;
const PAGE_SIZE = 150;

function groupKey(group: UserLoginGroupDto): string {
  return [group.userId, group.loginType, group.loginSubType, group.status, group.application].join(
    '|'
  );
}

describe('the local controller over the demo org', () => {
  const metadata = readOrgMetadata();
  const controller = new LocalController({
    data: loadDemoOrg(OPTIONS),
    metadata,
    clock: () => OPTIONS.now
  });
  const oracle = expectedInputs(createDemoOrg(OPTIONS), metadata, WINDOW_DAYS);

  it('pages through exactly the active users the raw records hold, with the same fields', () => {
    const users = [];
    let afterUserId: string | null = null;
    let pages = 0;
    do {
      const page = controller.getUserPage({
        afterUserId,
        pageSize: PAGE_SIZE,
        windowDays: WINDOW_DAYS
      });
      users.push(...page.users);
      afterUserId = page.nextAfterUserId;
      pages += 1;
    } while (afterUserId !== null);
    expect(pages).toBe(Math.ceil(oracle.users.length / PAGE_SIZE));
    expect(users).toEqual(oracle.users);
  });

  it('groups the same logins as a plain pass over the raw LoginHistory records', () => {
    const page = controller.getUserPage({ pageSize: 2000, windowDays: WINDOW_DAYS });
    expect(page.window).toEqual(oracle.window);
    const byKey = (groups: UserLoginGroupDto[]) =>
      Object.fromEntries(groups.map((group) => [groupKey(group), group]));
    expect(byKey(page.loginGroups)).toEqual(byKey(oracle.loginGroups));
  });

  it('lists the seats the raw UserLicense and PermissionSetLicense records hold', () => {
    const byId = (seats: { id: string }[]) => [...seats].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(controller.getLicenseSeats())).toEqual(byId(oracle.seats));
  });
});
