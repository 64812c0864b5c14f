import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createReclaimControllers } from '../controller/reclaim-controllers';

const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const DAY_MS = 86_400_000;

describe('createReclaimControllers: the manual and the policy reclaim on one clock', () => {
  it('dates a manual reclaim made after Preview.runReclaimPoliciesDaysLater on the advanced day', () => {
    const data = loadDemoOrg({ users: 60, seed: 7, now: NOW });
    const { manual, policy } = createReclaimControllers({ data, clock: () => NOW });
    const user = data.users.find(
      (candidate) =>
        candidate.isActive &&
        candidate.userType === 'Standard' &&
        data.userLoginIds.has(candidate.id) &&
        !data.frozenUserIds.has(candidate.id)
    )!;
    // The records ship the kill switch off: the night changes nobody, but the clock moves.
    expect(policy.runNightlyDaysLater({ days: 10 }).stopReason).toMatch(/switched off/);
    manual.reclaim({
      action: 'Freeze',
      userIds: [user.id],
      reason: 'One clock for both paths.',
      requestId: 'one-clock'
    });
    const [row] = manual.auditTrail();
    expect(row).toMatchObject({ userId: user.id, action: 'Freeze' });
    expect(Date.parse(row.requestedAt)).toBe(NOW + 10 * DAY_MS);
  });

  it('passes --policies-enabled to the policies', () => {
    const data = loadDemoOrg({ users: 20, seed: 7, now: NOW });
    const off = createReclaimControllers({ data, clock: () => NOW });
    const on = createReclaimControllers({ data, clock: () => NOW, policiesEnabled: true });
    expect(off.policy.runNightly().policiesEnabled).toBe(false);
    expect(on.policy.runNightly().policiesEnabled).toBe(true);
  });
});
