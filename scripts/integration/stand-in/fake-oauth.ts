/**
 * The stand-in's token endpoint for grant_type=client_credentials, with the
 * errors Salesforce returns (as publicly reported): unknown key →
 * invalid_client_id, wrong secret → invalid_client, no run-as user or flow off
 * → invalid_grant, run-as user not pre-authorized → invalid_app_access.
 */
import { randomBytes } from 'node:crypto';
import type { FakeOrg } from './fake-org';

/** An OAuth error response. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string
  ) {
    super(description);
  }
}

const TOKEN_BYTES = 24;

/** Issues a token for the app's run-as user or throws OAuthError. */
export function issueClientCredentialsToken(
  org: FakeOrg,
  params: URLSearchParams
): { accessToken: string; userId: string } {
  if (params.get('grant_type') !== 'client_credentials') {
    throw new OAuthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
  const app = Object.values(org.state.ecas).find((a) => a.consumerKey === params.get('client_id'));
  if (!app) throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
  if (app.consumerSecret !== params.get('client_secret')) {
    throw new OAuthError(400, 'invalid_client', 'invalid client credentials');
  }
  const user = app.runAsUsername ? org.userByUsername(app.runAsUsername) : undefined;
  if (!app.globalClientCredentials || !app.clientCredentialsEnabled || !user) {
    throw new OAuthError(400, 'invalid_grant', 'no client credentials user enabled');
  }
  if (user.IsActive !== true) throw new OAuthError(400, 'invalid_grant', 'inactive user');
  if (app.permittedUsers === 'AdminApprovedPreAuthorized') {
    const assigned = org.state.permissionSetAssignments
      .filter((a) => a.AssigneeId === user.Id)
      .map((a) => org.state.permissionSets.find((p) => p.Id === a.PermissionSetId)?.Name);
    if (!app.permissionSets.some((name) => assigned.includes(name))) {
      throw new OAuthError(
        400,
        'invalid_app_access',
        'user is not admin approved to access this app'
      );
    }
  }
  return {
    accessToken: `${org.state.orgId}!${randomBytes(TOKEN_BYTES).toString('hex')}`,
    userId: user.Id
  };
}
