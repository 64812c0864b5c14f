/**
 * The stand-in's token endpoint for grant_type=client_credentials, with the
 * errors Salesforce returns (as publicly reported): unknown key →
 * invalid_client_id, wrong secret → invalid_client, no run-as user or flow off
 * → invalid_grant, run-as user not pre-authorized → invalid_app_access.
 *
 * Documented: the app posts its consumer key and secret to the org's token
 * endpoint and gets an access token "on behalf of the integration user you
 * assigned" (OAuth 2.0 Client Credentials Flow for Server-to-Server Integration,
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow_ca.htm);
 * the run-as user "must have the API Only permission" (ExtlClntAppOauthConfigurablePolicies
 * .clientCredentialsFlowUser,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthconfigurablepolicies.htm);
 * the request is a form of grant_type, client_id and client_secret, the answer
 * access_token, signature, scope, instance_url, id, token_type, issued_at and no
 * refresh token (https://help.salesforce.com/apex/HTViewHelpDoc?id=service.conversation_transcript_api_sample1.htm);
 * an error is JSON {error, error_description} with status 400
 * (OAuth 2.0 Authorization Errors, https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm).
 * The exact error strings are as publicly reported (unverified): "invalid client
 * credentials", "no client credentials user enabled"
 * (https://striim.com/docs/platform/en/salesforce-troubleshooting.html), and
 * "request not supported on this domain" when the request does not go to the
 * org's My Domain (https://github.com/pozil/pub-sub-api-node-client/issues/58; the
 * stand-in is always the My Domain, the scripts refuse login.salesforce.com first).
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
