/**
 * The access matrix check (platform step): seeded defects fail with file, line, rule and
 * citation; their fixed variants pass; the walk follows what it claims to follow; the
 * repository's matrix says what the README says.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import {
  accessMatrixCheck,
  AccessTable,
  analyzeAccessMatrix,
  readAccessTable,
  renderMarkdown,
  validateTable
} from '../platform/access-matrix';
import { and, atom, implies, not, opaque, or } from '../platform/access-formula';
import { parseSoql } from '../platform/access-trace';

jest.setTimeout(120_000);

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'broken', 'platform-access');
const USERLOGIN_URL =
  'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-userlogin.html';
const PSL_ASSIGN_URL =
  'https://help.salesforce.com/s/articleView?id=platform.users_permissionset_licenses_assign.htm&language=en_US&type=5';

/** The findings of the check as the platform step runs it, relative to the project root. */
async function findingsOf(
  root: string
): Promise<{ file: string; line: number; message: string }[]> {
  const result = await accessMatrixCheck.run(root);
  return result.findings.map((f) => ({ ...f, file: path.relative(root, f.file) }));
}

// ------------------------------------------------------------------ tiny projects

const temporaryRoots: string[] = [];
afterAll(() => {
  for (const root of temporaryRoots) fs.rmSync(root, { recursive: true, force: true });
});

interface PermissionSetSpec {
  classes: string[];
  permissions?: string[];
  readObjects?: string[];
}

function permissionSetXml(label: string, spec: PermissionSetSpec): string {
  const classes = spec.classes
    .map((c) => `<classAccesses><apexClass>${c}</apexClass><enabled>true</enabled></classAccesses>`)
    .join('');
  const objects = (spec.readObjects ?? [])
    .map(
      (o) =>
        `<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>${o}</object><viewAllRecords>false</viewAllRecords></objectPermissions>`
    )
    .join('');
  const permissions = (spec.permissions ?? [])
    .map((p) => `<userPermissions><enabled>true</enabled><name>${p}</name></userPermissions>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">${classes}<label>${label}</label>${objects}${permissions}</PermissionSet>`;
}

/**
 * Writes a project: Apex classes, one permission set "PS" and the project section of
 * object-access.json (one feature over every entry point of the given controller).
 */
function project(
  classes: Record<string, string>,
  permissionSet: PermissionSetSpec,
  feature: Record<string, unknown> = {},
  dmlTargets: Record<string, unknown> = {}
): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'll-access-'));
  temporaryRoots.push(root);
  const classDir = path.join(root, 'force-app', 'main', 'default', 'classes');
  const setDir = path.join(root, 'force-app', 'main', 'default', 'permissionsets');
  const modelDir = path.join(root, 'scripts', 'check', 'platform');
  for (const dir of [classDir, setDir, modelDir]) fs.mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(classes)) {
    fs.writeFileSync(path.join(classDir, `${name}.cls`), source);
  }
  fs.writeFileSync(
    path.join(setDir, 'PS.permissionset-meta.xml'),
    permissionSetXml('PS', permissionSet)
  );
  fs.writeFileSync(
    path.join(modelDir, 'object-access.json'),
    JSON.stringify({
      project: {
        features: [{ id: 'f', label: 'Feature', entryPoints: ['FX_Controller.*'], ...feature }],
        personas: [{ id: 'p', label: 'Persona', permissionSets: ['PS'] }],
        dmlTargets
      }
    })
  );
  return root;
}

function controller(body: string, extra = ''): string {
  return `public with sharing class FX_Controller {
    @AuraEnabled
    public static Object run(String action, List<Id> ids) {
${body}
    }
${extra}
}`;
}

// ------------------------------------------------------------------ formulas and SOQL

describe('formulas', () => {
  it('proves that a guard implies a requirement, and gives a counterexample when it does not', () => {
    const viewSetup = atom('ViewSetup');
    const assign = atom('AssignPermissionSets');
    expect(implies(viewSetup, or(viewSetup, assign))).toEqual({ holds: true });
    const weak = implies(or(viewSetup, assign), viewSetup);
    expect(weak.holds).toBe(false);
    expect(weak.holds === false && weak.heldPermissions).toEqual(['AssignPermissionSets']);
  });

  it('never proves anything from an opaque condition', () => {
    expect(implies(opaque('ids.isEmpty()'), atom('ManageUsers')).holds).toBe(false);
    expect(implies(and(opaque('x'), atom('ManageUsers')), atom('ManageUsers'))).toEqual({
      holds: true
    });
    expect(implies(not(not(atom('ManageUsers'))), atom('ManageUsers'))).toEqual({ holds: true });
  });
});

describe('parseSoql', () => {
  it('reads the object, relationship paths and access mode, not binds or literals', () => {
    const shape = parseSoql(`[
      SELECT AssigneeId, PermissionSetLicense.DeveloperName, (SELECT Id FROM Children__r)
      FROM PermissionSetLicenseAssign
      WHERE AssigneeId IN :request.userIds AND Name = 'a.b'
      WITH USER_MODE
    ]`);
    expect(shape).toEqual({
      object: 'PermissionSetLicenseAssign',
      paths: ['PermissionSetLicense.DeveloperName'],
      mode: 'user'
    });
    expect(parseSoql('SELECT Id FROM UserLogin WITH SYSTEM_MODE').mode).toBe('system');
    expect(parseSoql('SELECT Id FROM UserLogin').mode).toBe('unstated');
  });
});

// ------------------------------------------------------------------ seeded defects

describe('seeded defects', () => {
  it('fails a permission set that grants a controller reading UserLogin in user mode without Manage Users', async () => {
    const findings = await findingsOf(path.join(FIXTURES, 'userlogin-read'));
    expect(findings).toEqual([
      {
        file: 'force-app/main/default/classes/FX_FrozenController.cls',
        line: 14,
        message: expect.stringContaining(
          `FX Viewer grants FX_FrozenController.getFrozen but UserLogin read in user mode needs Manage Users (${USERLOGIN_URL})`
        )
      }
    ]);
  });

  it('passes the fixed variant, whose guard names Manage Users first', async () => {
    const root = path.join(FIXTURES, 'userlogin-read-fixed');
    expect(await findingsOf(root)).toEqual([]);
    expect(analyzeAccessMatrix(root).matrix.frozen.viewer).toEqual({
      state: 'needs',
      text: 'needs Manage Users'
    });
  });

  it('fails a permission set license removal guarded only by Assign Permission Sets', async () => {
    const findings = await findingsOf(path.join(FIXTURES, 'psl-removal'));
    const file = 'force-app/main/default/classes/FX_LicenseController.cls';
    expect(findings).toHaveLength(2);
    expect(findings).toContainEqual({
      file,
      line: 30,
      message: expect.stringContaining(
        `FX License Admin grants FX_LicenseController.removeLicense but PermissionSetLicenseAssign delete in user mode needs (View Setup and Configuration OR Assign Permission Sets) AND Manage Users (${PSL_ASSIGN_URL})`
      )
    });
    expect(findings).toContainEqual({
      file,
      line: 18,
      message: expect.stringContaining(
        'guard in FX_LicenseController.removeLicense lets a user holding only Assign Permission Sets, View Setup and Configuration through'
      )
    });
  });

  it('passes the fixed variant, whose guard checks Manage Users and View Setup', async () => {
    const root = path.join(FIXTURES, 'psl-removal-fixed');
    expect(await findingsOf(root)).toEqual([]);
    expect(analyzeAccessMatrix(root).matrix.removePsl.admin.text).toBe('needs Manage Users');
  });
});

// ------------------------------------------------------------------ what the walk follows

describe('the walk', () => {
  const freezeOrDeactivate = controller(
    `        if (action == FX_Action.FREEZE) {
            update as user new UserLogin(Id = ids[0], IsFrozen = true);
        } else {
            update as user new User(Id = ids[0], IsActive = false);
        }
        return null;`
  );
  const actions = `public with sharing class FX_Action {
    public static final String FREEZE = 'Freeze';
}`;

  it('walks only the branch the discriminator value decides', () => {
    const root = project(
      { FX_Controller: freezeOrDeactivate, FX_Action: actions },
      { classes: ['FX_Controller'], permissions: ['ManageInternalUsers'] },
      { discriminator: { name: 'action', values: ['Deactivate'] } }
    );
    expect(analyzeAccessMatrix(root).findings).toEqual([]);
    const freeze = project(
      { FX_Controller: freezeOrDeactivate, FX_Action: actions },
      { classes: ['FX_Controller'], permissions: ['ManageInternalUsers'] },
      { discriminator: { name: 'action', values: ['Freeze'] } }
    );
    const findings = analyzeAccessMatrix(freeze).findings;
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('UserLogin update in user mode needs Manage Users')
    ]);
  });

  it('treats a describe check that returns early as a graceful skip, not a gap', () => {
    const root = project(
      {
        FX_Controller: controller(
          `        if (!Schema.SObjectType.UserLogin.isAccessible()) {
            return null;
        }
        return [SELECT IsFrozen FROM UserLogin WHERE UserId IN :ids WITH USER_MODE];`
        )
      },
      { classes: ['FX_Controller'] }
    );
    const result = analyzeAccessMatrix(root);
    expect(result.findings).toEqual([]);
    expect(result.matrix.f.p.state).toBe('works');
  });

  it('follows a Queueable the entry point enqueues, and holds the enqueue to View Setup', () => {
    const root = project(
      {
        FX_Controller: controller(
          '        System.enqueueJob(new FX_Job(ids));\n        return null;'
        ),
        FX_Job: `public with sharing class FX_Job implements Queueable {
    private final List<Id> ids;
    public FX_Job(List<Id> ids) {
        this.ids = ids;
    }
    public void execute(QueueableContext context) {
        delete as user [SELECT Id FROM PermissionSetLicenseAssign WHERE AssigneeId IN :ids WITH USER_MODE];
    }
}`
      },
      { classes: ['FX_Controller'], permissions: ['AssignPermissionSets'] }
    );
    const messages = analyzeAccessMatrix(root).findings.map(
      (f) => `${path.basename(f.file)}:${f.line} ${f.message}`
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^FX_Job\.cls:7 .*PermissionSetLicenseAssign delete in user mode needs/
        ),
        expect.stringMatching(
          /^FX_Controller\.cls:4 .*AsyncApexJob enqueue in user mode needs View Setup and Configuration/
        )
      ])
    );
  });

  it('holds a Metadata API deployment from Apex to Customize Application, unless a guard names it first', () => {
    const deploy =
      '        Metadata.Operations.enqueueDeployment(new Metadata.DeployContainer(), null);\n        return null;';
    const unguarded = project(
      { FX_Controller: controller(deploy) },
      { classes: ['FX_Controller'], permissions: ['ViewSetup'] }
    );
    expect(analyzeAccessMatrix(unguarded).findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'Metadata.CustomMetadata enqueue in user mode needs Customize Application'
      )
    ]);
    const guarded = project(
      {
        FX_Controller:
          controller(`        UserPermissionAccess granted = [SELECT PermissionsCustomizeApplication FROM UserPermissionAccess WITH USER_MODE LIMIT 1];
        if (granted.PermissionsCustomizeApplication != true) {
            throw LL_MissingPermissionException.forPermissions(new List<String>{ 'Customize Application' }, 'edit policies');
        }
${deploy}`)
      },
      { classes: ['FX_Controller'], permissions: ['ViewSetup'] }
    );
    const result = analyzeAccessMatrix(guarded);
    expect(result.findings).toEqual([]);
    expect(result.matrix.f.p.text).toBe('needs Customize Application');
  });

  it('reaches implementations through an interface and a getInstance() receiver', () => {
    const root = project(
      {
        FX_Controller: controller(
          '        FX_Selector.getInstance().each(new FX_Reader());\n        return null;'
        ),
        FX_Selector: `public with sharing class FX_Selector {
    public interface Consumer {
        void accept(Id id);
    }
    public static FX_Selector getInstance() {
        return new FX_Selector();
    }
    public void each(Consumer consumer) {
        consumer.accept(UserInfo.getUserId());
    }
}`,
        FX_Reader: `public with sharing class FX_Reader implements FX_Selector.Consumer {
    public void accept(Id id) {
        List<LL_Snapshot_Run__c> runs = [SELECT Id FROM LL_Snapshot_Run__c WHERE OwnerId = :id WITH USER_MODE];
    }
}`
      },
      { classes: ['FX_Controller'] }
    );
    expect(analyzeAccessMatrix(root).findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'LL_Snapshot_Run__c read in user mode needs Read on LL_Snapshot_Run__c'
      )
    ]);
    const granted = project(
      {
        FX_Controller: controller(
          '        return [SELECT Id FROM LL_Snapshot_Run__c WITH USER_MODE];'
        )
      },
      { classes: ['FX_Controller'], readObjects: ['LL_Snapshot_Run__c'] }
    );
    expect(analyzeAccessMatrix(granted).findings).toEqual([]);
  });

  it('reads dynamic SOQL built from constants and applies allRows to features that show every row', () => {
    const source = controller(
      '        return Database.queryWithBinds(LOGINS + WINDOW, new Map<String, Object>(), AccessLevel.USER_MODE);',
      `    private static final String LOGINS = 'SELECT UserId FROM LoginHistory';
    private static final String WINDOW = ' WHERE LoginTime = LAST_N_DAYS:30';`
    );
    const partial = project(
      { FX_Controller: source },
      { classes: ['FX_Controller'] },
      { needsAllRows: true }
    );
    expect(analyzeAccessMatrix(partial).findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'LoginHistory read in user mode needs Manage Users OR Monitor Login History'
      )
    ]);
    const ownRowsAreEnough = project({ FX_Controller: source }, { classes: ['FX_Controller'] });
    expect(analyzeAccessMatrix(ownRowsAreEnough).findings).toEqual([]);
  });

  it('lists system-mode operations without checking them, and says when ApexDoc does not justify them', () => {
    const root = project(
      {
        FX_Controller: controller(
          '        return [SELECT IsFrozen FROM UserLogin WHERE UserId IN :ids WITH SYSTEM_MODE];'
        )
      },
      { classes: ['FX_Controller'] }
    );
    const result = analyzeAccessMatrix(root);
    expect(result.findings).toEqual([]);
    expect(result.systemMode).toEqual([
      'system mode: FX_Controller.run UserLogin read (FX_Controller.cls:4) — ApexDoc does not justify it'
    ]);
  });

  it('asks for a documented requirement, a readable relationship and declared DML targets', () => {
    const root = project(
      {
        FX_Controller: controller(
          `        List<SObject> records = [SELECT Id, Owner.Name FROM Account WITH USER_MODE];
        Database.update(records, false, AccessLevel.USER_MODE);
        return null;`
        )
      },
      { classes: ['FX_Controller'] }
    );
    const messages = analyzeAccessMatrix(root).findings.map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Account read has no documented requirement in object-access.json'),
        expect.stringContaining(
          'relationship Account.Owner in Owner.Name is not in object-access.json'
        ),
        expect.stringContaining(
          'Database.update on a generic SObject list in FX_Controller.run: declare its objects'
        )
      ])
    );
  });

  it('checks that every standard SObject built on the path is a declared DML target', () => {
    const classes = {
      FX_Controller: controller(
        `        List<SObject> changes = new List<SObject>{ new UserLogin(Id = ids[0], IsFrozen = true) };
        Database.update(changes, false, AccessLevel.USER_MODE);
        return null;`
      )
    };
    const set = { classes: ['FX_Controller'], permissions: ['ManageUsers'] };
    const wrong = project(
      classes,
      set,
      {},
      { 'FX_Controller.run': { objects: ['User'], reason: 'test' } }
    );
    expect(analyzeAccessMatrix(wrong).findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'UserLogin is built on the Feature path but object-access.json dmlTargets does not list it'
      )
    ]);
    const right = project(
      classes,
      set,
      {},
      { 'FX_Controller.run': { objects: ['UserLogin'], reason: 'test' } }
    );
    expect(analyzeAccessMatrix(right).findings).toEqual([]);
  });
});

// ------------------------------------------------------------------ the table

describe('object-access.json', () => {
  it('cites a page for every documented rule and a fallback for every unverified one', () => {
    const table = readAccessTable();
    expect(validateTable(table, 'object-access.json')).toEqual([]);
    const broken: AccessTable = JSON.parse(JSON.stringify(table));
    broken.objects.UserLogin.read = { requires: 'ManageUsers', status: 'documented' };
    broken.objects.Organization.read = { requires: true, status: 'unverified' };
    expect(validateTable(broken, 'object-access.json').map((f) => f.message)).toEqual([
      expect.stringContaining('UserLogin: a documented rule needs a citation URL'),
      expect.stringContaining(
        'Organization: an unverified rule must say what the code does instead'
      )
    ]);
  });
});

// ------------------------------------------------------------------ the repository

describe('the repository', () => {
  const result = analyzeAccessMatrix(PROJECT_ROOT);
  const cell = (feature: string, persona: string): string => result.matrix[feature][persona].text;

  it('shows the matrix the team decided on', () => {
    expect(cell('dashboard', 'viewer')).toBe('works');
    expect(cell('freeze', 'viewer')).toBe('no access');
    expect(cell('freeze', 'viewerReclaim')).toBe('needs Manage Users');
    expect(cell('freeze', 'viewerReclaimManageUsers')).toBe('works');
    expect(cell('deactivate', 'viewerReclaim')).toBe('works');
    expect(cell('removePsl', 'viewerReclaim')).toBe('needs Manage Users');
    expect(cell('removePsl', 'viewerReclaimManageUsers')).toBe('works');
    expect(cell('status', 'viewerReclaim')).toBe('works');
    // A custom permission guard (FeatureManagement.checkPermission) read through a helper that
    // builds the list of missing permissions.
    expect(cell('collectionStatus', 'viewer')).toBe('works');
    expect(cell('collection', 'viewer')).toBe('needs Collect License Lens History');
    expect(cell('collection', 'viewerHistoryAdmin')).toBe('works');
  });

  it('renders the matrix and the cited requirements for the README', () => {
    const markdown = renderMarkdown(result);
    expect(markdown).toContain(
      '| Freeze / Unfreeze | no access | needs Manage Users | works | no access | no access |'
    );
    expect(markdown).toContain(
      `| UserLogin | read | Manage Users | [documented](${USERLOGIN_URL}) |`
    );
  });
});
