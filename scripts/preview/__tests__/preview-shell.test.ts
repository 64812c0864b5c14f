import { incompleteOrgLine, ORG_PARAM, statusUrl, STATUS_ENDPOINT } from '../client/preview-shell';
import { orgKeyOf, ORG_PARAM as SERVER_ORG_PARAM } from '../server/org-views';

describe('preview shell, org filter helpers', () => {
  it("asks the status of the page's own org view", () => {
    expect(statusUrl('')).toBe(STATUS_ENDPOINT);
    expect(statusUrl('?org=2')).toBe(`${STATUS_ENDPOINT}?org=2`);
    expect(statusUrl('?x=1&org=a%20b')).toBe(`${STATUS_ENDPOINT}?org=a%20b`);
  });

  it('names the org view with the parameter the server reads', () => {
    expect(ORG_PARAM).toBe(SERVER_ORG_PARAM);
    expect(orgKeyOf(statusUrl('?org=a%20b'))).toBe('a b');
  });

  it('names a failed or partial org with its reasons', () => {
    expect(
      incompleteOrgLine({
        org: 'org-c',
        status: 'failed',
        failures: ['unreachable.', 'Retry later.']
      })
    ).toBe('org-c could not be pulled and is not shown: unreachable. Retry later.');
    expect(incompleteOrgLine({ org: 'org-a', status: 'partial', failures: ['budget.'] })).toBe(
      'org-a was pulled only in part: budget.'
    );
  });
});
