/**
 * Why LL_Integration_User holds each permission, and which powerful ones it
 * must never hold. The policy test pins the permission set to exactly the
 * keys of PERMISSION_JUSTIFICATIONS, so adding a permission means adding its
 * reason here (and to the README table, rendered by `justificationTable`).
 */

/** Permission → what License Lens reads with it, and why nothing smaller works. */
export const PERMISSION_JUSTIFICATIONS: Record<string, string> = {
  ApiEnabled:
    'Call the REST/SOAP APIs at all. The API-only profile grants it too; repeated so the set alone states what the integration needs.',
  ApiUserOnly:
    'A restriction, not a power: no UI login, ever. The client-credentials run-as user must be API-only.',
  MonitorLoginHistory:
    "Read every user's LoginHistory (without it, only the integration user's own logins). Chosen instead of Manage Users.",
  ViewAllUsers:
    'Read all User records regardless of sharing: last login, profile, license, active flag. It does not open UserLogin (frozen state): that needs Manage Users, never granted here.',
  ViewRoles:
    'Implied by View Setup (the org stores it as enabled); listed so the file matches what the org returns.',
  ViewSetup:
    'Read UserLicense seat totals, PermissionSetLicense.DeveloperName (View Setup or View DeveloperName) and PermissionSetLicenseAssign / PermissionSetAssignment (who holds which license or set).'
};

/** Permissions the integration user must never hold, with the reason. */
export const FORBIDDEN_PERMISSIONS: Record<string, string> = {
  ManageUsers:
    'creates, edits, resets passwords of users; switches on many dependent powers (it is also what UserLogin needs, so verify expects UserLogin refused)',
  ManageInternalUsers: 'edits and deactivates internal users',
  ModifyAllData: 'writes every record in the org',
  ViewAllData: 'reads every record in the org (customer data)',
  AuthorApex: 'writes and runs code as any user',
  CustomizeApplication: 'changes the org configuration',
  AssignPermissionSets: 'grants itself more permissions',
  FreezeUsers: 'locks people out',
  ResetPasswords: 'takes over accounts'
};

/** The README table: one row per permission. */
export function justificationTable(): string {
  const rows = Object.entries(PERMISSION_JUSTIFICATIONS).map(
    ([name, why]) => `| \`${name}\` | ${why} |`
  );
  return ['| Permission | Why License Lens needs it |', '| --- | --- |', ...rows].join('\n');
}
