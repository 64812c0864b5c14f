/**
 * The in-memory org behind the stand-in: users, profiles, licenses,
 * permission sets and their assignments, login history, External Client Apps
 * and the daily API counter, with the access rules the scripts rely on. Each
 * rule sits next to the documentation it reproduces (see ACCESS_RULES and the
 * create/update/deploy checks); where the documentation is silent the rule
 * says "unverified" and errs on the strict side, so a script that works
 * against the stand-in does not depend on a permission Salesforce may refuse.
 * It is a model for tests, not Salesforce: the verify script is the proof in
 * a real org.
 */
import { randomBytes } from 'node:crypto';

export type Row = Record<string, unknown> & { Id: string };

/** A Salesforce REST error: HTTP status and the `[{errorCode, message}]` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = []
  ) {
    super(message);
  }
}

export interface FakeProfile {
  Id: string;
  Name: string;
  UserLicenseId: string;
  permissions: string[];
}

export interface FakePermissionSet {
  Id: string;
  Name: string;
  Label: string;
  /** Id of the PermissionSetLicense (or UserLicense) the set requires, or null. */
  LicenseId: string | null;
  permissions: string[];
}

export interface FakePsl {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
  TotalLicenses: number;
  /** Permissions a permission set licensed to this PSL may enable. */
  allowedPermissions: string[];
  /**
   * MaximumPermissions<Name> fields the org exposes for this PSL (true =
   * allowed). The object reference has one field per permission, but which
   * exist varies by org; a permission without a field cannot be checked by
   * query, only by the deploy being refused.
   */
  maximumPermissions: Record<string, boolean>;
}

export interface FakeUserLicense {
  Id: string;
  Name: string;
  MasterLabel: string;
  TotalLicenses: number;
}

/** An External Client App as the deploys left it. */
export interface FakeEca {
  name: string;
  contactEmail: string | null;
  scopes: string[];
  globalClientCredentials: boolean;
  /** Whether a deployed global settings file carried consumer credentials. */
  globalFileHadCredentials: boolean;
  clientCredentialsEnabled: boolean;
  runAsUsername: string | null;
  permittedUsers: string | null;
  permissionSets: string[];
  ipRelaxation: string | null;
  consumerKey: string;
  consumerSecret: string;
}

export interface FakeDeploy {
  id: string;
  files: Record<string, string>;
  pollsLeft: number;
  success: boolean;
  failures: { componentType: string; fullName: string; problem: string }[];
}

export interface FakeOrgState {
  orgId: string;
  orgName: string;
  users: Row[];
  profiles: FakeProfile[];
  userLicenses: FakeUserLicense[];
  psls: FakePsl[];
  permissionSets: FakePermissionSet[];
  pslAssignments: Row[];
  permissionSetAssignments: Row[];
  loginHistory: Row[];
  opportunities: Row[];
  ecas: Record<string, FakeEca>;
  deploys: Record<string, FakeDeploy>;
  apiMax: number;
  apiUsed: number;
  idCounter: number;
}

/** Knobs a test sets to reproduce an org's situation. */
export interface FakeOrgOptions {
  integrationLicenses?: number;
  integrationLicensesUsed?: number;
  pslSeats?: number;
  pslSeatsUsed?: number;
  /**
   * LL_Integration_User already in the org (an earlier deploy) with these
   * permissions; default: not deployed (provisioning deploys it).
   */
  preDeployedPermissionSet?: string[];
  /** false: the org has no SalesforceAPIIntegrationPsl at all (e.g. Professional Edition). */
  integrationPsl?: boolean;
  /** Usernames taken in other orgs (DUPLICATE_USERNAME on create). */
  usernamesTakenElsewhere?: string[];
  /** The org refuses clientCredentialsFlowUser through metadata. */
  refuseRunAsViaMetadata?: boolean;
  /** Daily API request limit and usage so far. */
  apiMax?: number;
  apiUsed?: number;
  /** Status polls that answer InProgress before a deploy is done. */
  deployPolls?: number;
  /** The admin running provisioning lacks ManageUsers. */
  adminCanManageUsers?: boolean;
  /** Permissions the PSL does not allow, visible as MaximumPermissions<Name> = false. */
  pslDenies?: string[];
  /** Permissions the PSL does not allow and the org exposes no MaximumPermissions field for. */
  pslDeniesUnexposed?: string[];
}

export const ADMIN_USERNAME = 'admin@license-lens.example';
export const INTEGRATION_PROFILE = 'Minimum Access - API Only Integrations';
export const INTEGRATION_LICENSE = 'Salesforce Integration';
export const INTEGRATION_PSL = 'SalesforceAPIIntegrationPsl';
export const INTEGRATION_PERMISSION_SET = 'LL_Integration_User';

const ADMIN_PERMISSIONS = [
  'ApiEnabled',
  'ModifyAllData',
  'ViewAllData',
  'ManageUsers',
  'CustomizeApplication',
  'ViewSetup',
  'ViewAllUsers',
  'MonitorLoginHistory',
  'AssignPermissionSets'
];

/**
 * User permissions the stand-in knows, by their API name (the PermissionSet
 * field name without "Permissions"). A deploy that names any other one is
 * refused, as Salesforce refuses an unknown permission ("Unknown user
 * permission: X", quoted in SFDO-Community/declarative-lookup-rollup-summaries#58).
 */
export const KNOWN_PERMISSIONS = [
  'ApiEnabled',
  'ApiUserOnly',
  'AssignPermissionSets',
  'AuthorApex',
  'CustomizeApplication',
  'FreezeUsers',
  'ManageInternalUsers',
  'ManageProfilesPermissionsets',
  'ManageSessionPermissionSets',
  'ManageUsers',
  'ModifyAllData',
  'ModifyMetadata',
  'MonitorLoginHistory',
  'ResetPasswords',
  'ViewAllData',
  'ViewAllUsers',
  'ViewDeveloperName',
  'ViewRoles',
  'ViewSetup'
];

/** Who may read an object, and what a user without that access gets. */
export interface ObjectAccessRule {
  /** Any one of these permissions opens every row; [] = every internal user. */
  anyOf: string[];
  /** Without them: the object "is not supported" (INVALID_TYPE), or only the caller's own rows. */
  otherwise: 'not-supported' | 'own-rows';
  /** The page the rule comes from, or "unverified: ..." with the fallback taken. */
  source: string;
}

const OBJECT_REFERENCE =
  'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects';

/** Read access to every object the integration scripts query. */
export const ACCESS_RULES: Record<string, ObjectAccessRule> = {
  // Not found in the documentation search; only provisioning (an admin) reads it.
  Organization: {
    anyOf: [],
    otherwise: 'not-supported',
    source: 'unverified: no access rule found in the object reference; every user may read it here'
  },
  // "Customer Portal and Partner Portal users can't access this object"; internal users can.
  // Profile Filtering (names of other profiles hidden) is not modelled.
  Profile: {
    anyOf: [],
    otherwise: 'not-supported',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_profile.htm'
  },
  // Usage: "users with View Setup and Configuration can use this object".
  UserLicense: {
    anyOf: ['ViewSetup'],
    otherwise: 'not-supported',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userlicense.htm'
  },
  // "only your Salesforce org's internal users can access this object"; its DeveloperName
  // field has its own rule (FIELD_ACCESS_RULES).
  PermissionSetLicense: {
    anyOf: [],
    otherwise: 'not-supported',
    source: `${OBJECT_REFERENCE}/object-permissionsetlicense.html`
  },
  // "only users who have one of these permissions can access this object: View Setup and
  // Configuration, Assign Permission Sets".
  PermissionSetLicenseAssign: {
    anyOf: ['ViewSetup', 'AssignPermissionSets'],
    otherwise: 'not-supported',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_objects_permissionsetlicenseassign.htm'
  },
  // View Setup and Configuration, Manage Session Permission Set Activations, Assign
  // Permission Sets, Manage Profiles and Permission Sets.
  PermissionSet: {
    anyOf: [
      'ViewSetup',
      'ManageSessionPermissionSets',
      'AssignPermissionSets',
      'ManageProfilesPermissionsets'
    ],
    otherwise: 'not-supported',
    source: `${OBJECT_REFERENCE}/object-permissionset.html`
  },
  // View Setup and Configuration, Assign Permission Sets, Manage Users.
  PermissionSetAssignment: {
    anyOf: ['ViewSetup', 'AssignPermissionSets', 'ManageUsers'],
    otherwise: 'not-supported',
    source: `${OBJECT_REFERENCE}/object-permissionsetassignment.html`
  },
  // "Assign the View All Users permission to users who need to see or interact with all
  // users. This permission is automatically enabled for users who have the Manage Users
  // permission." The user sharing default is Private or Public Read Only (Public Read Only
  // for internal users unless changed, security_sharing_owd_users.htm); the stand-in
  // models Private (own record only), the strict side. View All Data: unverified.
  User: {
    anyOf: ['ViewAllUsers', 'ManageUsers', 'ViewAllData'],
    otherwise: 'own-rows',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.securityImplGuide.meta/securityImplGuide/security_sharing_users.htm; View All Data: unverified'
  },
  // "To access this object, you need the UserPermissions.ManageUsers permission."
  // View All Users does not open it.
  UserLogin: {
    anyOf: ['ManageUsers'],
    otherwise: 'not-supported',
    source: `${OBJECT_REFERENCE}/object-userlogin.html`
  },
  // "only users with Manage Users or Monitor Login History permissions can access this
  // object. ... in API version 37.0 and later, all users can retrieve their own login
  // history records."
  LoginHistory: {
    anyOf: ['ManageUsers', 'MonitorLoginHistory'],
    otherwise: 'own-rows',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.264.0.object_reference.meta/object_reference/sforce_api_objects_loginhistory.htm'
  },
  // "Use this object to query a user's access to records" ... "You can only query records
  // of objects listed on the Sharing Settings setup page" (User is: security_sharing_owd_users.htm).
  // The object reference names no permission for querying it; rows the running user cannot
  // read are left out. Answered by FakeOrg.userRecordAccessRows, not visibleRows.
  UserRecordAccess: {
    anyOf: [],
    otherwise: 'not-supported',
    source: `${OBJECT_REFERENCE}/object-userrecordaccess.html`
  },
  // A CRM object: readable through object permissions, which LL_Integration_User does not
  // grant; View All Data and Modify All Data read every object.
  Opportunity: {
    anyOf: ['ViewAllData', 'ModifyAllData'],
    otherwise: 'not-supported',
    source:
      'https://help.salesforce.com/s/articleView?id=000321298&language=it&type=1 (Modify All Data grants read on all objects); View All Data: unverified'
  }
};

/** Fields with a rule of their own (object.field → any one of these permissions). */
export const FIELD_ACCESS_RULES: Record<string, ObjectAccessRule> = {
  // "Only users with View DeveloperName OR View Setup and Configuration permission can view,
  // group, sort, and filter this field."
  'PermissionSetLicense.DeveloperName': {
    anyOf: ['ViewSetup', 'ViewDeveloperName'],
    otherwise: 'not-supported',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.242.0.api.meta/api/sforce_api_objects_permissionsetlicense.htm'
  }
};

/**
 * What SalesforceAPIIntegrationPsl allows in this model, each exposed as a
 * MaximumPermissions field. Which permissions the real license allows is
 * unverified: the provisioning preflight reads it from the org.
 */
const PSL_ALLOWED = [
  'ApiEnabled',
  'ApiUserOnly',
  'ViewSetup',
  'ViewAllUsers',
  'MonitorLoginHistory',
  'ViewRoles'
];

const DAY_MS = 24 * 60 * 60 * 1000;
const HISTORY_START = Date.UTC(2026, 0, 1);
const CONSUMER_SECRET_BYTES = 24;

/** The fake org: state plus the rules that read and change it. */
export class FakeOrg {
  state: FakeOrgState;
  readonly adminId: string;
  readonly usernamesTakenElsewhere: Set<string>;
  readonly refuseRunAsViaMetadata: boolean;
  readonly deployPolls: number;

  constructor(options: FakeOrgOptions = {}) {
    this.usernamesTakenElsewhere = new Set(options.usernamesTakenElsewhere ?? []);
    this.refuseRunAsViaMetadata = options.refuseRunAsViaMetadata ?? false;
    this.deployPolls = options.deployPolls ?? 1;
    this.state = {
      orgId: '00D000000000001',
      orgName: 'License Lens Stand-in',
      users: [],
      profiles: [],
      userLicenses: [],
      psls: [],
      permissionSets: [],
      pslAssignments: [],
      permissionSetAssignments: [],
      loginHistory: [],
      opportunities: [],
      ecas: {},
      deploys: {},
      apiMax: options.apiMax ?? 100000,
      apiUsed: options.apiUsed ?? 0,
      idCounter: 0
    };
    const sfLicense = this.add(this.state.userLicenses, '100', {
      Name: 'Salesforce',
      MasterLabel: 'Salesforce',
      TotalLicenses: 10
    });
    const integrationLicense = this.add(this.state.userLicenses, '100', {
      Name: INTEGRATION_LICENSE,
      MasterLabel: INTEGRATION_LICENSE,
      TotalLicenses: options.integrationLicenses ?? 5
    });
    const adminProfile = this.add(this.state.profiles, '00e', {
      Name: 'System Administrator',
      UserLicenseId: sfLicense.Id,
      permissions: ADMIN_PERMISSIONS.filter(
        (p) =>
          options.adminCanManageUsers !== false ||
          (p !== 'ManageUsers' && p !== 'AssignPermissionSets')
      )
    });
    this.add(this.state.profiles, '00e', {
      Name: INTEGRATION_PROFILE,
      UserLicenseId: integrationLicense.Id,
      permissions: ['ApiEnabled', 'ApiUserOnly']
    });
    const denied = new Set([...(options.pslDenies ?? []), ...(options.pslDeniesUnexposed ?? [])]);
    const unexposed = new Set(options.pslDeniesUnexposed ?? []);
    const psl =
      options.integrationPsl === false
        ? null
        : this.add(this.state.psls, '0PL', {
            DeveloperName: INTEGRATION_PSL,
            MasterLabel: 'Salesforce API Integration',
            TotalLicenses: options.pslSeats ?? 5,
            allowedPermissions: PSL_ALLOWED.filter((p) => !denied.has(p)),
            maximumPermissions: Object.fromEntries(
              [...PSL_ALLOWED, ...(options.pslDenies ?? [])]
                .filter((p) => !unexposed.has(p))
                .map((p) => [p, !denied.has(p)])
            )
          });
    if (options.preDeployedPermissionSet) {
      this.add(this.state.permissionSets, '0PS', {
        Name: INTEGRATION_PERMISSION_SET,
        Label: 'License Lens Integration User',
        LicenseId: psl?.Id ?? null,
        permissions: [...options.preDeployedPermissionSet]
      });
    }
    this.adminId = this.addUser(ADMIN_USERNAME, adminProfile.Id, 'Admin', 'Org admin');
    const colleague = this.addUser(
      'colleague@license-lens.example',
      adminProfile.Id,
      'Colleague',
      'Sales rep'
    );
    for (let i = 0; i < (options.integrationLicensesUsed ?? 0); i++) {
      this.addUser(
        `existing-integration-${i}@license-lens.example`,
        this.profileByName(INTEGRATION_PROFILE).Id,
        'Other',
        null
      );
    }
    for (let i = 0; psl && i < (options.pslSeatsUsed ?? 0); i++) {
      this.add(this.state.pslAssignments, '2LA', {
        AssigneeId: this.newId('005'),
        PermissionSetLicenseId: psl.Id
      });
    }
    for (const [index, userId] of [this.adminId, colleague].entries()) {
      this.add(this.state.loginHistory, '0Ya', {
        UserId: userId,
        LoginTime: new Date(HISTORY_START + index * DAY_MS).toISOString(),
        LoginType: 'Application',
        Status: 'Success'
      });
    }
    this.add(this.state.opportunities, '006', { Name: 'Big deal', StageName: 'Prospecting' });
  }

  /** A new record Id with the key prefix of its object (15 characters). */
  newId(prefix: string): string {
    this.state.idCounter += 1;
    return `${prefix}${String(this.state.idCounter).padStart(12, '0')}`;
  }

  private add<T extends { Id: string }>(list: T[], prefix: string, fields: Omit<T, 'Id'>): T {
    const row = { Id: this.newId(prefix), ...fields } as T;
    list.push(row);
    return row;
  }

  private addUser(
    username: string,
    profileId: string,
    lastName: string,
    title: string | null
  ): string {
    const user = this.add(this.state.users, '005', {
      Username: username,
      Email: username,
      LastName: lastName,
      Alias: lastName.slice(0, 8).toLowerCase(),
      ProfileId: profileId,
      IsActive: true,
      Title: title,
      LastLoginDate: null
    });
    return user.Id;
  }

  profileByName(name: string): FakeProfile {
    const profile = this.state.profiles.find((p) => p.Name === name);
    if (!profile) throw new Error(`no profile ${name}`);
    return profile;
  }

  userByUsername(username: string): Row | undefined {
    return this.state.users.find((u) => u.Username === username);
  }

  /** Profile permissions plus those of every assigned permission set. */
  permissionsOf(userId: string): Set<string> {
    const user = this.state.users.find((u) => u.Id === userId);
    const profile = this.state.profiles.find((p) => p.Id === user?.ProfileId);
    const granted = new Set(profile?.permissions ?? []);
    for (const assignment of this.state.permissionSetAssignments.filter(
      (a) => a.AssigneeId === userId
    )) {
      const set = this.state.permissionSets.find((p) => p.Id === assignment.PermissionSetId);
      set?.permissions.forEach((p) => granted.add(p));
    }
    return granted;
  }

  private can(userId: string, ...anyOf: string[]): boolean {
    const granted = this.permissionsOf(userId);
    return anyOf.some((p) => granted.has(p));
  }

  /** Counts one API request; throws REQUEST_LIMIT_EXCEEDED once the day's limit is used. */
  countApiRequest(): void {
    if (this.state.apiUsed >= this.state.apiMax) {
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    this.state.apiUsed += 1;
  }

  private notSupported(object: string): ApiError {
    return new ApiError(
      400,
      'INVALID_TYPE',
      `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`
    );
  }

  /** Whether the viewer passes an access rule (true also for "own rows only"). */
  private passes(rule: ObjectAccessRule, viewerId: string): boolean {
    return rule.anyOf.length === 0 || this.can(viewerId, ...rule.anyOf);
  }

  /** All rows of an object, with computed fields filled in (no access check). */
  private allRows(object: string): Row[] {
    switch (object) {
      case 'Organization':
        return [{ Id: this.state.orgId, Name: this.state.orgName }];
      case 'Profile':
        return this.state.profiles.map(({ Id, Name, UserLicenseId }) => ({
          Id,
          Name,
          UserLicenseId
        }));
      case 'UserLicense':
        return this.state.userLicenses.map((l) => ({
          ...l,
          UsedLicenses: this.usedUserLicenses(l.Id)
        }));
      case 'PermissionSetLicense':
        return this.state.psls.map((p) => ({
          Id: p.Id,
          DeveloperName: p.DeveloperName,
          MasterLabel: p.MasterLabel,
          TotalLicenses: p.TotalLicenses,
          UsedLicenses: this.state.pslAssignments.filter((a) => a.PermissionSetLicenseId === p.Id)
            .length,
          ...Object.fromEntries(
            Object.entries(p.maximumPermissions).map(([k, v]) => [`MaximumPermissions${k}`, v])
          )
        }));
      case 'PermissionSetLicenseAssign':
        return this.state.pslAssignments;
      case 'PermissionSet':
        return this.state.permissionSets.map(({ Id, Name, Label, LicenseId, permissions }) => ({
          Id,
          Name,
          Label,
          LicenseId,
          ...Object.fromEntries(
            KNOWN_PERMISSIONS.map((p) => [`Permissions${p}`, permissions.includes(p)])
          )
        }));
      case 'PermissionSetAssignment':
        return this.state.permissionSetAssignments;
      case 'User':
        return this.state.users;
      case 'UserLogin':
        return this.state.users.map((u) => ({
          Id: `0Yw${u.Id.slice(3)}`,
          UserId: u.Id,
          IsFrozen: false,
          IsPasswordLocked: false
        }));
      case 'LoginHistory':
        return this.state.loginHistory;
      case 'Opportunity':
        return this.state.opportunities;
      default:
        throw this.notSupported(object);
    }
  }

  /** The owner of a row, for "own rows only" access. */
  private ownerOf(object: string, row: Row): unknown {
    return object === 'User' ? row.Id : row.UserId;
  }

  /**
   * Rows of an object the viewer may see (ACCESS_RULES): all of them, only
   * the viewer's own, or INVALID_TYPE "sObject type ... is not supported", the
   * answer Salesforce gives for an object the user cannot access (e.g.
   * simple-salesforce/simple-salesforce#287, jsforce/jsforce#423).
   */
  visibleRows(object: string, viewerId: string): Row[] {
    const rule = ACCESS_RULES[object];
    if (!rule) throw this.notSupported(object);
    const rows = this.allRows(object);
    if (this.passes(rule, viewerId)) return rows;
    if (rule.otherwise === 'own-rows')
      return rows.filter((row) => this.ownerOf(object, row) === viewerId);
    throw this.notSupported(object);
  }

  /**
   * Throws INVALID_FIELD when a field has its own rule (FIELD_ACCESS_RULES)
   * and the viewer fails it. The API reports a field the user cannot see as
   * if it did not exist ("No such column"); that wording is unverified for
   * DeveloperName in particular.
   */
  checkFieldAccess(object: string, field: string, viewerId: string): void {
    const rule = FIELD_ACCESS_RULES[`${object}.${field}`];
    if (rule && !this.passes(rule, viewerId)) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`
      );
    }
  }

  /**
   * The related record behind `Relationship.Field`: User.Profile and
   * PermissionSetAssignment.Assignee (a User, as the viewer may see it).
   */
  related(object: string, row: Row, relationship: string): Row | null {
    if (object === 'PermissionSetAssignment' && relationship === 'Assignee') {
      return this.state.users.find((u) => u.Id === row.AssigneeId) ?? null;
    }
    if (object === 'User' && relationship === 'Profile') {
      const profile = this.state.profiles.find((p) => p.Id === row.ProfileId);
      return profile ? { Id: profile.Id, Name: profile.Name } : null;
    }
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `Didn't understand relationship '${relationship}' on ${object}.`
    );
  }

  /**
   * SELECT ... FROM UserRecordAccess, as the object reference describes it
   * (${OBJECT_REFERENCE}/object-userrecordaccess.html): read only; the
   * WHERE clause names one UserId and the RecordId (up to 200 in an IN list,
   * which the stand-in's SOQL subset does not parse); rows for records the
   * running user cannot read are left out. Only User records are modelled.
   * Edit access to another User record: Manage Users or Manage Internal Users
   * (the stand-in's update rule accepts only Manage Users; counting Manage
   * Internal Users here is the strict side for the verify probe, unverified).
   * The refusal wording for a query without both filters is unverified.
   */
  userRecordAccessRows(
    where: { field: string; op: string; value: unknown }[],
    viewerId: string
  ): Row[] {
    const single = (field: string): string | null => {
      const conditions = where.filter((c) => c.field === field);
      return conditions.length === 1 &&
        conditions[0].op === '=' &&
        typeof conditions[0].value === 'string'
        ? conditions[0].value
        : null;
    };
    const subjectId = single('UserId');
    const recordId = single('RecordId');
    if (!subjectId || !recordId) {
      throw new ApiError(
        400,
        'MALFORMED_QUERY',
        'UserRecordAccess: filter on a single UserId and on RecordId (wording unverified)'
      );
    }
    if (!recordId.startsWith('005')) {
      throw new ApiError(
        400,
        'NOT_SUPPORTED_BY_STAND_IN',
        'The stand-in answers UserRecordAccess for User records only.'
      );
    }
    const readableBy = (userId: string) =>
      this.visibleRows('User', userId).some((u) => u.Id.slice(0, 15) === recordId.slice(0, 15));
    if (!readableBy(viewerId)) return [];
    const record = this.state.users.find((u) => u.Id.slice(0, 15) === recordId.slice(0, 15));
    const canRead = record !== undefined && readableBy(subjectId);
    const canEdit =
      canRead &&
      (record.Id === subjectId || this.can(subjectId, 'ManageUsers', 'ManageInternalUsers'));
    return [
      {
        Id: `${recordId.slice(0, 15)}`,
        UserId: subjectId,
        RecordId: recordId,
        HasReadAccess: canRead,
        HasEditAccess: canEdit,
        HasDeleteAccess: false,
        HasTransferAccess: false,
        HasAllAccess: false,
        MaxAccessLevel: canEdit ? 'Edit' : canRead ? 'Read' : 'None'
      }
    ];
  }

  /** Field names of an object the viewer may see, for describe. */
  describeFields(object: string, viewerId: string): string[] {
    this.visibleRows(object, viewerId);
    const fixed: Record<string, string[]> = {
      PermissionSet: [
        'Id',
        'Name',
        'Label',
        'LicenseId',
        ...KNOWN_PERMISSIONS.map((p) => `Permissions${p}`)
      ],
      PermissionSetLicense: [
        'Id',
        'DeveloperName',
        'MasterLabel',
        'TotalLicenses',
        'UsedLicenses',
        ...[...new Set(this.state.psls.flatMap((p) => Object.keys(p.maximumPermissions)))].map(
          (p) => `MaximumPermissions${p}`
        )
      ]
    };
    const fields = fixed[object] ?? Object.keys(this.allRows(object)[0] ?? { Id: '' });
    return fields.filter((field) => {
      const rule = FIELD_ACCESS_RULES[`${object}.${field}`];
      return !rule || this.passes(rule, viewerId);
    });
  }

  private usedUserLicenses(licenseId: string): number {
    const profiles = new Set(
      this.state.profiles.filter((p) => p.UserLicenseId === licenseId).map((p) => p.Id)
    );
    return this.state.users.filter((u) => u.IsActive === true && profiles.has(String(u.ProfileId)))
      .length;
  }

  private requireManageUsers(actorId: string): void {
    if (!this.can(actorId, 'ManageUsers')) {
      throw new ApiError(
        400,
        'INSUFFICIENT_ACCESS_OR_READONLY',
        'insufficient access rights on object id'
      );
    }
  }

  /**
   * POST /sobjects/<object>: the creates provisioning does, with Salesforce's
   * checks. All three need Manage Users here: documented for assigning a
   * permission set license (help: platform.users_permissionset_licenses_assign.htm);
   * for creating a user (Manage Internal Users may be enough) and assigning a
   * permission set (Assign Permission Sets may be enough) this is unverified
   * and the strict side.
   */
  create(object: string, record: Record<string, unknown>, actorId: string): string {
    if (!['User', 'PermissionSetLicenseAssign', 'PermissionSetAssignment'].includes(object)) {
      throw new ApiError(
        400,
        'NOT_SUPPORTED_BY_STAND_IN',
        `The stand-in does not create ${object}.`
      );
    }
    this.requireManageUsers(actorId);
    if (object === 'User') return this.createUser(record);
    if (object === 'PermissionSetLicenseAssign') return this.assignPsl(record);
    return this.assignPermissionSet(record);
  }

  private createUser(record: Record<string, unknown>): string {
    const required = [
      'Username',
      'Email',
      'LastName',
      'Alias',
      'ProfileId',
      'TimeZoneSidKey',
      'LocaleSidKey',
      'EmailEncodingKey',
      'LanguageLocaleKey'
    ];
    const missing = required.filter((f) => !record[f]);
    if (missing.length) {
      throw new ApiError(
        400,
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing
      );
    }
    const username = String(record.Username);
    if (this.userByUsername(username) || this.usernamesTakenElsewhere.has(username)) {
      throw new ApiError(
        400,
        'DUPLICATE_USERNAME',
        'Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations.',
        ['Username']
      );
    }
    const profile = this.state.profiles.find((p) => p.Id === record.ProfileId);
    if (!profile)
      throw new ApiError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [
        'ProfileId'
      ]);
    const license = this.state.userLicenses.find((l) => l.Id === profile.UserLicenseId)!;
    if (this.usedUserLicenses(license.Id) >= license.TotalLicenses) {
      throw new ApiError(400, 'LICENSE_LIMIT_EXCEEDED', `License Limit Exceeded: ${license.Name}`);
    }
    const id = this.newId('005');
    this.state.users.push({ Title: null, LastLoginDate: null, ...record, Id: id, IsActive: true });
    return id;
  }

  private assignPsl(record: Record<string, unknown>): string {
    const psl = this.state.psls.find((p) => p.Id === record.PermissionSetLicenseId);
    if (!psl) throw new ApiError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (
      this.state.pslAssignments.some(
        (a) => a.AssigneeId === record.AssigneeId && a.PermissionSetLicenseId === psl.Id
      )
    ) {
      throw new ApiError(
        400,
        'DUPLICATE_VALUE',
        'duplicate value found: this user already has this permission set license'
      );
    }
    if (
      this.state.pslAssignments.filter((a) => a.PermissionSetLicenseId === psl.Id).length >=
      psl.TotalLicenses
    ) {
      throw new ApiError(
        400,
        'LICENSE_LIMIT_EXCEEDED',
        `License Limit Exceeded: ${psl.DeveloperName}`
      );
    }
    return this.add(this.state.pslAssignments, '2LA', {
      AssigneeId: String(record.AssigneeId),
      PermissionSetLicenseId: psl.Id
    }).Id;
  }

  private assignPermissionSet(record: Record<string, unknown>): string {
    const set = this.state.permissionSets.find((p) => p.Id === record.PermissionSetId);
    if (!set) throw new ApiError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (
      this.state.permissionSetAssignments.some(
        (a) => a.AssigneeId === record.AssigneeId && a.PermissionSetId === set.Id
      )
    ) {
      throw new ApiError(400, 'DUPLICATE_VALUE', 'Duplicate PermissionSetAssignment');
    }
    if (
      set.LicenseId &&
      !this.state.pslAssignments.some(
        (a) => a.AssigneeId === record.AssigneeId && a.PermissionSetLicenseId === set.LicenseId
      )
    ) {
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'The permission set license required by this permission set is not assigned to the user.'
      );
    }
    return this.add(this.state.permissionSetAssignments, '0Pa', {
      AssigneeId: String(record.AssigneeId),
      PermissionSetId: set.Id
    }).Id;
  }

  /** PATCH /sobjects/User/<id>: own record always, others with ManageUsers. */
  update(object: string, id: string, fields: Record<string, unknown>, actorId: string): void {
    if (object !== 'User')
      throw new ApiError(
        400,
        'NOT_SUPPORTED_BY_STAND_IN',
        `The stand-in does not update ${object}.`
      );
    const user = this.state.users.find((u) => u.Id === id);
    if (!user) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (id !== actorId) this.requireManageUsers(actorId);
    Object.assign(user, fields);
  }

  /**
   * Whether the user may deploy metadata: "Either the Modify Metadata Through
   * Metadata API Functions OR Modify All Data permission"
   * (https://developer.salesforce.com/docs/atlas.en-us.258.0.api_meta.meta/api_meta/meta_metadata_perm.htm).
   * Customize Application alone is not enough.
   */
  requireDeployRights(actorId: string): void {
    if (!this.can(actorId, 'ModifyAllData', 'ModifyMetadata')) {
      throw new ApiError(
        403,
        'INSUFFICIENT_ACCESS',
        'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permission'
      );
    }
  }

  /**
   * Deploys a permission set (Metadata API, API version 40.0 and later: the
   * file replaces the set's contents, so permissions it does not list are
   * removed; https://developer.salesforce.com/docs/atlas.en-us.260.0.api_meta.meta/api_meta/meta_permissionset.htm).
   * Refused, as Salesforce refuses them, when:
   * - a permission is unknown ("Unknown user permission: X");
   * - the license it names does not exist in the org (wording unverified);
   * - its permission set license does not allow a permission (wording modelled
   *   on the user-license refusal "The user license doesn't allow the
   *   permission: FreezeUsers", forcedotcom/devops-center-feedback#290; the
   *   permission set license wording is unverified).
   * Returns the problem, or null when applied.
   */
  deployPermissionSet(set: {
    name: string;
    label: string;
    license: string | null;
    permissions: string[];
  }): string | null {
    const unknown = set.permissions.filter((p) => !KNOWN_PERMISSIONS.includes(p));
    if (unknown.length) return `Unknown user permission: ${unknown.join(', ')}`;
    let licenseId: string | null = null;
    if (set.license) {
      const psl = this.state.psls.find((p) => p.DeveloperName === set.license);
      const userLicense = this.state.userLicenses.find((l) => l.Name === set.license);
      if (!psl && !userLicense)
        return `In field: license - no PermissionSetLicense or UserLicense named ${set.license} found`;
      if (psl) {
        const notAllowed = set.permissions.filter((p) => !psl.allowedPermissions.includes(p));
        if (notAllowed.length)
          return `The permission set license doesn't allow the permission: ${notAllowed.join(', ')}`;
      }
      licenseId = psl?.Id ?? userLicense!.Id;
    }
    const existing = this.state.permissionSets.find((p) => p.Name === set.name);
    if (existing) {
      existing.Label = set.label;
      existing.LicenseId = licenseId;
      existing.permissions = [...set.permissions];
    } else {
      this.add(this.state.permissionSets, '0PS', {
        Name: set.name,
        Label: set.label,
        LicenseId: licenseId,
        permissions: [...set.permissions]
      });
    }
    return null;
  }

  /** Creates or returns an app; new apps get a generated key and secret. */
  ecaNamed(name: string): FakeEca {
    this.state.ecas[name] ??= {
      name,
      contactEmail: null,
      scopes: [],
      globalClientCredentials: false,
      globalFileHadCredentials: false,
      clientCredentialsEnabled: false,
      runAsUsername: null,
      permittedUsers: null,
      permissionSets: [],
      ipRelaxation: null,
      consumerKey: `stand-in-key-${randomBytes(8).toString('hex')}`,
      consumerSecret: randomBytes(CONSUMER_SECRET_BYTES).toString('hex')
    };
    return this.state.ecas[name];
  }

  /** Copy of the state, for all-or-none rollback. */
  snapshot(): FakeOrgState {
    return structuredClone(this.state);
  }

  restore(saved: FakeOrgState): void {
    this.state = saved;
  }
}
