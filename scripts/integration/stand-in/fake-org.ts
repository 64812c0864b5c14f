/**
 * The in-memory org behind the stand-in: users, profiles, licenses,
 * permission sets and their assignments, login history, External Client Apps
 * and the daily API counter, with the access rules the scripts rely on,
 * reproduced from Salesforce's documentation (see docs/ and the README table):
 * - UserLicense, PermissionSetLicense(+Assign), PermissionSet(+Assignment),
 *   Profile need ViewSetup; without it the object "is not supported";
 * - other users' LoginHistory needs MonitorLoginHistory (or ManageUsers);
 *   without it a query returns only the caller's own rows;
 * - other users need ViewAllUsers (or ManageUsers) to be seen, UserLogin too;
 * - CRM objects (Opportunity) need object access, which the integration
 *   permission set does not grant;
 * - creating users and assignments, or updating another user, needs
 *   ManageUsers; deploying metadata needs ModifyAllData or CustomizeApplication.
 * It is a model for tests, not Salesforce: the verify script is the proof in a
 * real org.
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
  /** Id of the PermissionSetLicense the set requires, or null. */
  LicenseId: string | null;
  permissions: string[];
}

export interface FakePsl {
  Id: string;
  DeveloperName: string;
  MasterLabel: string;
  TotalLicenses: number;
  /** MaximumPermissions<Name> values the license exposes. */
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
  /** Permissions of LL_Integration_User, normally read from its XML; [] = not deployed. */
  integrationPermissionSet?: string[] | null;
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
  /** Permissions the PSL caps (MaximumPermissions<Name> = false). */
  pslDenies?: string[];
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

/** Objects whose rows need ViewSetup. */
const SETUP_OBJECTS = new Set([
  'UserLicense',
  'PermissionSetLicense',
  'PermissionSetLicenseAssign',
  'PermissionSet',
  'PermissionSetAssignment',
  'Profile'
]);

/** Default MaximumPermissions the PSL exposes (a model; real orgs vary). */
const PSL_MAX_FIELDS = [
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
    const denied = new Set(options.pslDenies ?? []);
    const psl = this.add(this.state.psls, '0PL', {
      DeveloperName: INTEGRATION_PSL,
      MasterLabel: 'Salesforce API Integration',
      TotalLicenses: options.pslSeats ?? 5,
      maximumPermissions: Object.fromEntries(PSL_MAX_FIELDS.map((p) => [p, !denied.has(p)]))
    });
    if (options.integrationPermissionSet !== null) {
      this.add(this.state.permissionSets, '0PS', {
        Name: INTEGRATION_PERMISSION_SET,
        LicenseId: psl.Id,
        permissions: options.integrationPermissionSet ?? []
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
    for (let i = 0; i < (options.pslSeatsUsed ?? 0); i++) {
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

  /** Rows of an object the viewer may see, with computed fields filled in. */
  visibleRows(object: string, viewerId: string): Row[] {
    if (SETUP_OBJECTS.has(object) && !this.can(viewerId, 'ViewSetup'))
      throw this.notSupported(object);
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
        return this.state.permissionSets.map(({ Id, Name, LicenseId }) => ({
          Id,
          Name,
          LicenseId
        }));
      case 'PermissionSetAssignment':
        return this.state.permissionSetAssignments;
      case 'User':
        return this.can(viewerId, 'ViewAllUsers', 'ManageUsers', 'ViewAllData')
          ? this.state.users
          : this.state.users.filter((u) => u.Id === viewerId);
      case 'UserLogin':
        if (!this.can(viewerId, 'ViewAllUsers', 'ManageUsers')) throw this.notSupported(object);
        return this.state.users.map((u) => ({
          Id: `0Yw${u.Id.slice(3)}`,
          UserId: u.Id,
          IsFrozen: false
        }));
      case 'LoginHistory':
        return this.can(viewerId, 'MonitorLoginHistory', 'ManageUsers')
          ? this.state.loginHistory
          : this.state.loginHistory.filter((l) => l.UserId === viewerId);
      case 'Opportunity':
        if (!this.can(viewerId, 'ViewAllData', 'ModifyAllData')) throw this.notSupported(object);
        return this.state.opportunities;
      default:
        throw this.notSupported(object);
    }
  }

  /** The related record behind `Relationship.Field` (User.Profile only). */
  related(object: string, row: Row, relationship: string): Row | null {
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

  /** Field names of an object, for describe. */
  describeFields(object: string, viewerId: string): string[] {
    const rows = this.visibleRows(object, viewerId);
    return Object.keys(rows[0] ?? { Id: '' });
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

  /** POST /sobjects/<object>: the creates provisioning does, with Salesforce's checks. */
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

  /** Whether the user may deploy metadata. */
  requireDeployRights(actorId: string): void {
    if (!this.can(actorId, 'ModifyAllData', 'CustomizeApplication')) {
      throw new ApiError(
        403,
        'INSUFFICIENT_ACCESS',
        'insufficient access rights to deploy metadata'
      );
    }
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
