/**
 * The rows the preview keeps from each export file, and the schema that reads
 * them from queried records. Field paths are the SOQL field names of
 * EXPORT_FILES (sf-export-format.ts).
 */
import { defineSchema } from './record-schema';

export interface OrganizationRow {
  name: string | null;
  timeZoneSidKey: string;
}

export interface UserRow {
  id: string;
  username: string;
  name: string;
  isActive: boolean;
  userType: string;
  department: string | null;
  division: string | null;
  forecastEnabled: boolean;
  /** Epoch ms, null when never. */
  lastLoginDate: number | null;
  /** Epoch ms. */
  createdDate: number;
  profileId: string | null;
  profileName: string | null;
  licenseName: string | null;
  licenseDefinitionKey: string | null;
  roleName: string | null;
}

export interface UserLicenseRow {
  id: string;
  name: string;
  masterLabel: string;
  licenseDefinitionKey: string | null;
  status: string;
  totalLicenses: number;
  usedLicenses: number;
}

export interface PermissionSetLicenseRow {
  id: string;
  developerName: string;
  masterLabel: string;
  status: string;
  totalLicenses: number;
  usedLicenses: number;
}

export interface PermissionSetLicenseAssignRow {
  assigneeId: string;
  developerName: string;
}

export interface UserLoginRow {
  userId: string;
  isFrozen: boolean;
}

export interface LoginHistoryRow {
  userId: string;
  /** Epoch ms. */
  loginTime: number;
  loginType: string;
  loginSubType: string | null;
  status: string;
  application: string | null;
}

export const ORGANIZATION_SCHEMA = defineSchema<OrganizationRow>('Organization', {
  name: { path: 'Name', kind: 'text', nullable: true, fallback: null },
  timeZoneSidKey: { path: 'TimeZoneSidKey', kind: 'text' }
});

export const USER_SCHEMA = defineSchema<UserRow>('User', {
  id: { path: 'Id', kind: 'id' },
  username: { path: 'Username', kind: 'text' },
  name: { path: 'Name', kind: 'text' },
  isActive: { path: 'IsActive', kind: 'boolean' },
  userType: { path: 'UserType', kind: 'text' },
  department: { path: 'Department', kind: 'text', nullable: true, fallback: null },
  division: { path: 'Division', kind: 'text', nullable: true, fallback: null },
  forecastEnabled: { path: 'ForecastEnabled', kind: 'boolean', fallback: false },
  lastLoginDate: { path: 'LastLoginDate', kind: 'datetime', nullable: true },
  createdDate: { path: 'CreatedDate', kind: 'datetime' },
  profileId: { path: 'ProfileId', kind: 'id', nullable: true },
  profileName: { path: 'Profile.Name', kind: 'text', nullable: true },
  licenseName: { path: 'Profile.UserLicense.Name', kind: 'text', nullable: true },
  licenseDefinitionKey: {
    path: 'Profile.UserLicense.LicenseDefinitionKey',
    kind: 'text',
    nullable: true
  },
  roleName: { path: 'UserRole.Name', kind: 'text', nullable: true, fallback: null }
});

export const USER_LICENSE_SCHEMA = defineSchema<UserLicenseRow>('UserLicense', {
  id: { path: 'Id', kind: 'id' },
  name: { path: 'Name', kind: 'text' },
  masterLabel: { path: 'MasterLabel', kind: 'text' },
  licenseDefinitionKey: { path: 'LicenseDefinitionKey', kind: 'text', nullable: true },
  status: { path: 'Status', kind: 'text' },
  totalLicenses: { path: 'TotalLicenses', kind: 'count' },
  usedLicenses: { path: 'UsedLicenses', kind: 'count' }
});

export const PERMISSION_SET_LICENSE_SCHEMA = defineSchema<PermissionSetLicenseRow>(
  'PermissionSetLicense',
  {
    id: { path: 'Id', kind: 'id' },
    developerName: { path: 'DeveloperName', kind: 'text' },
    masterLabel: { path: 'MasterLabel', kind: 'text' },
    status: { path: 'Status', kind: 'text' },
    totalLicenses: { path: 'TotalLicenses', kind: 'count' },
    usedLicenses: { path: 'UsedLicenses', kind: 'count' }
  }
);

export const PERMISSION_SET_LICENSE_ASSIGN_SCHEMA = defineSchema<PermissionSetLicenseAssignRow>(
  'PermissionSetLicenseAssign',
  {
    assigneeId: { path: 'AssigneeId', kind: 'id' },
    developerName: { path: 'PermissionSetLicense.DeveloperName', kind: 'text' }
  }
);

export const USER_LOGIN_SCHEMA = defineSchema<UserLoginRow>('UserLogin', {
  userId: { path: 'UserId', kind: 'id' },
  isFrozen: { path: 'IsFrozen', kind: 'boolean' }
});

export const LOGIN_HISTORY_SCHEMA = defineSchema<LoginHistoryRow>('LoginHistory', {
  userId: { path: 'UserId', kind: 'id' },
  loginTime: { path: 'LoginTime', kind: 'datetime' },
  loginType: { path: 'LoginType', kind: 'text' },
  loginSubType: { path: 'LoginSubType', kind: 'text', nullable: true, fallback: null },
  status: { path: 'Status', kind: 'text' },
  application: { path: 'Application', kind: 'text', nullable: true, fallback: null }
});
