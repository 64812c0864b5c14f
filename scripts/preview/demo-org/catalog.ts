/**
 * The fixed parts of the demo org: its licenses, permission-set licenses,
 * profiles, roles, names and the applications logins come from. Invented for
 * the demo (names on example.com); license names and keys follow Salesforce's.
 */

/** The demo org's time zone (Organization.TimeZoneSidKey). */
export const DEMO_TIME_ZONE = 'America/Los_Angeles';
/** The demo org's name. */
export const DEMO_ORG_NAME = 'License Lens Demo Org';
/** Domain of every demo username. */
export const DEMO_EMAIL_DOMAIN = 'demo.example.com';

export interface DemoUserLicense {
  name: string;
  masterLabel: string;
  licenseDefinitionKey: string;
  status: 'Active' | 'Disabled';
  /** Seats bought beyond those in use: a share of used seats, and at least a minimum. */
  spareShare: number;
  minimumTotal: number;
}

export const LICENSE = {
  salesforce: 'Salesforce',
  platform: 'Salesforce Platform',
  integration: 'Salesforce Integration',
  chatterFree: 'Chatter Free'
} as const;

export const USER_LICENSES: readonly DemoUserLicense[] = [
  {
    name: LICENSE.salesforce,
    masterLabel: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    status: 'Active',
    spareShare: 0.12,
    minimumTotal: 0
  },
  {
    name: LICENSE.platform,
    masterLabel: 'Salesforce Platform',
    licenseDefinitionKey: 'AUL',
    status: 'Active',
    spareShare: 0.2,
    minimumTotal: 0
  },
  {
    name: LICENSE.integration,
    masterLabel: 'Salesforce Integration',
    licenseDefinitionKey: 'PID_Integration_User',
    status: 'Active',
    spareShare: 0,
    minimumTotal: 5
  },
  {
    name: LICENSE.chatterFree,
    masterLabel: 'Chatter Free',
    licenseDefinitionKey: 'PID_Chatter',
    status: 'Active',
    spareShare: 0,
    minimumTotal: 5000
  },
  {
    name: 'Identity',
    masterLabel: 'Identity',
    licenseDefinitionKey: 'PID_Identity',
    status: 'Active',
    spareShare: 0,
    minimumTotal: 0
  },
  {
    name: 'Customer Community Login',
    masterLabel: 'Customer Community Login',
    licenseDefinitionKey: 'PID_Customer_Community_Login',
    status: 'Disabled',
    spareShare: 0,
    minimumTotal: 0
  }
];

export interface DemoPermissionSetLicense {
  developerName: string;
  masterLabel: string;
  /** Seats bought beyond those assigned. */
  spareSeats: number;
}

/** The integration user's permission-set license. */
export const INTEGRATION_PSL = 'SalesforceAPIIntegrationPsl';
export const SALES_CONSOLE_PSL = 'SalesConsoleUser';
export const ANALYTICS_PSL = 'EinsteinAnalyticsPlusPsl';

export const PERMISSION_SET_LICENSES: readonly DemoPermissionSetLicense[] = [
  { developerName: INTEGRATION_PSL, masterLabel: 'Salesforce API Integration', spareSeats: 2 },
  { developerName: SALES_CONSOLE_PSL, masterLabel: 'Sales Console User', spareSeats: 20 },
  { developerName: ANALYTICS_PSL, masterLabel: 'CRM Analytics Plus', spareSeats: 15 }
];

export interface DemoProfile {
  name: string;
  license: string;
  departments: readonly string[];
  roles: readonly (string | null)[];
}

export const PROFILE = {
  admin: 'System Administrator',
  standard: 'Standard User',
  sales: 'Sales User',
  service: 'Service Agent',
  platform: 'Platform Employee',
  integration: 'Minimum Access - API Only Integrations',
  chatter: 'Chatter Free User'
} as const;

export const PROFILES: readonly DemoProfile[] = [
  {
    name: PROFILE.admin,
    license: LICENSE.salesforce,
    departments: ['IT'],
    roles: ['IT Operations', null]
  },
  {
    name: PROFILE.standard,
    license: LICENSE.salesforce,
    departments: ['Marketing', 'Finance', 'Operations', 'HR'],
    roles: [null, 'Marketing Manager']
  },
  {
    name: PROFILE.sales,
    license: LICENSE.salesforce,
    departments: ['Sales'],
    roles: ['Sales Rep', 'Sales Rep', 'Sales Rep', 'Sales Manager']
  },
  {
    name: PROFILE.service,
    license: LICENSE.salesforce,
    departments: ['Service'],
    roles: ['Service Agent', 'Service Agent', 'Service Manager']
  },
  {
    name: PROFILE.platform,
    license: LICENSE.platform,
    departments: ['Operations', 'Finance', 'HR', 'IT'],
    roles: [null]
  },
  { name: PROFILE.integration, license: LICENSE.integration, departments: ['IT'], roles: [null] },
  {
    name: PROFILE.chatter,
    license: LICENSE.chatterFree,
    departments: ['Operations', 'Marketing'],
    roles: [null]
  }
];

/** Roles whose users forecast. */
export const FORECASTING_ROLES: ReadonlySet<string> = new Set(['Sales Rep', 'Sales Manager']);

export const DIVISIONS: readonly (readonly [string, number])[] = [
  ['Americas', 5],
  ['EMEA', 3],
  ['APAC', 2]
];

export const FIRST_NAMES = [
  'Ada',
  'Amir',
  'Ana',
  'Ben',
  'Chen',
  'Chloe',
  'Dara',
  'David',
  'Elena',
  'Emeka',
  'Fatima',
  'Felix',
  'Grace',
  'Hana',
  'Hugo',
  'Ines',
  'Ivan',
  'Jade',
  'Jonas',
  'Kai',
  'Lena',
  'Luis',
  'Maya',
  'Mei',
  'Nadia',
  'Noah',
  'Omar',
  'Priya',
  'Ravi',
  'Rosa',
  'Sam',
  'Sofia',
  'Tariq',
  'Tom',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Yusuf',
  'Zoe'
] as const;

export const LAST_NAMES = [
  'Adams',
  'Bauer',
  'Costa',
  'Diallo',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kim',
  'Larsen',
  'Martin',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quinn',
  'Rossi',
  'Silva',
  'Tanaka',
  'Uddin',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zhang'
] as const;

/** Names of the demo integrations (connected apps / middleware). */
export const INTEGRATION_APPS = [
  'ERP Sync',
  'Marketing Automation Connector',
  'Data Warehouse Export',
  'Billing Connector',
  'Support Chat Bridge',
  'HR Directory Sync',
  'Quote PDF Service',
  'Partner Portal Feed'
] as const;

/** LoginHistory values used by the demo (LoginType, LoginSubType, Status, Application). */
export const LOGIN_VALUES = {
  uiType: 'Application',
  ssoType: 'SAML Sfdc Initiated SSO',
  oauthType: 'Remote Access 2.0',
  soapApiType: 'Other Apex API',
  clientCredentialsSubType: 'OauthClientCredentials',
  browserApp: 'Browser',
  mobileApps: ['Salesforce for iOS', 'Salesforce for Android'],
  dataLoaderApp: 'Data Loader',
  success: 'Success',
  invalidPassword: 'Invalid Password'
} as const;
