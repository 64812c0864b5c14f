/**
 * The metadata-values platform check: seeded defects fail with file, line and
 * rule; the real tree passes; the committed table is cited and agrees with
 * Salesforce's published WSDL where it claims to.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkMetadataValues,
  closestValue,
  loadValueTable,
  metadataRoots,
  type ValueRule,
  type ValueTable
} from '../platform/metadata-values';
import { PLATFORM_CHECKS } from '../platform/platform-checks';
import { PROJECT_ROOT } from '../../lib/paths';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'broken', 'platform-metadata');
const TABLE = loadValueTable();
const SALESFORCE_TYPES = path.join(PROJECT_ROOT, 'node_modules', '@salesforce', 'types', 'lib');

function rule(id: string): ValueRule {
  const found = TABLE.rules.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

/** A throwaway project: sfdx-project.json with force-app and the given files. */
function tempProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'll-metadata-values-'));
  fs.writeFileSync(
    path.join(root, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] })
  );
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const META = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

function flexiPage(template: string, regions: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<FlexiPage ${META}>`,
    regions,
    '    <masterLabel>Page</masterLabel>',
    `    <template><name>${template}</name></template>`,
    '    <type>AppPage</type>',
    '</FlexiPage>'
  ].join('\n');
}

describe('metadata values: seeded defects', () => {
  const result = checkMetadataValues(FIXTURE);
  const byRule = (id: string) => result.findings.filter((f) => f.message.includes(`[${id}]`));

  it('reports exactly the four seeded defects', () => {
    expect(result.findings).toHaveLength(4);
  });

  it('a tab with "Custom62: Clipboard" fails at its line and names Chalkboard', () => {
    expect(byRule('CustomTab.motif')).toEqual([
      expect.objectContaining({
        file: path.join(FIXTURE, 'force-app/main/default/tabs/Broken_Audit__c.tab-meta.xml'),
        line: 4,
        message: expect.stringContaining("Did you mean 'Custom62: Chalkboard'?")
      })
    ]);
  });

  it('an unknown permission name in another package directory fails and suggests FreezeUsers', () => {
    expect(byRule('PermissionSet.userPermissions.name')).toEqual([
      expect.objectContaining({
        file: path.join(
          FIXTURE,
          'extra-pkg/main/default/permissionsets/Broken_Perms.permissionset-meta.xml'
        ),
        line: 11,
        message: expect.stringMatching(/'FreezeUser' is not a documented value.*'FreezeUsers'/)
      })
    ]);
  });

  it('a FlexiPage with an unknown template fails at the template name', () => {
    expect(byRule('FlexiPage.template.name')).toEqual([
      expect.objectContaining({
        file: path.join(
          FIXTURE,
          'force-app/main/default/flexipages/Broken_Page.flexipage-meta.xml'
        ),
        line: 15,
        message: expect.stringContaining("'flexipage:oneRegionAppTemplate'")
      })
    ]);
  });

  it('External Client App policies under config/external-client-app are read', () => {
    expect(byRule('ExtlClntAppOauthConfigurablePolicies.ipRelaxationPolicyType')).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringContaining("'Relaxed'") })
    ]);
  });

  it('every finding cites its source', () => {
    for (const finding of result.findings)
      expect(finding.message).toMatch(
        /Source \((docs|wsdl|salesforce-source|unverified)\): https:\/\//
      );
  });

  it('metadata outside the package directories is reported as not checked, not passed silently', () => {
    expect(result.findings.some((f) => f.file.includes(`${path.sep}unlisted${path.sep}`))).toBe(
      false
    );
    expect(result.report).toContain(
      'not checked: 1 metadata file(s) under unlisted/ (not a package directory in sfdx-project.json nor config/external-client-app, integration-user)'
    );
  });

  it('reads every package directory named in sfdx-project.json, plus config/external-client-app', () => {
    expect(metadataRoots(FIXTURE)).toEqual([
      path.join(FIXTURE, 'force-app'),
      path.join(FIXTURE, 'extra-pkg'),
      path.join(FIXTURE, 'config', 'external-client-app')
    ]);
  });
});

describe('metadata values: the real tree', () => {
  it('passes, reads the External Client App folder, and stays fast', () => {
    const started = Date.now();
    const result = checkMetadataValues(PROJECT_ROOT);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.findings).toEqual([]);
    expect(result.report?.[0]).toContain(path.join('config', 'external-client-app'));
    expect(result.summary).toMatch(/^[1-9]\d* enumerated values in [1-9]\d* files/);
  });

  it('is registered in the platform step', () => {
    expect(PLATFORM_CHECKS.map((check) => check.id)).toContain('metadata-values');
  });
});

describe('metadata values: rules', () => {
  const regions = (name: string, type: string) =>
    `    <flexiPageRegions><name>${name}</name><type>${type}</type></flexiPageRegions>`;

  it('flexipage:defaultAppHomeTemplate accepts the region "main" and refuses any other Region', () => {
    const root = tempProject({
      'force-app/flexipages/Good.flexipage-meta.xml': flexiPage(
        'flexipage:defaultAppHomeTemplate',
        regions('main', 'Region')
      ),
      'force-app/flexipages/Bad.flexipage-meta.xml': flexiPage(
        'flexipage:defaultAppHomeTemplate',
        regions('sidebar', 'Region')
      )
    });
    const { findings } = checkMetadataValues(root);
    expect(findings).toEqual([
      expect.objectContaining({
        file: path.join(root, 'force-app/flexipages/Bad.flexipage-meta.xml'),
        line: 3,
        message: expect.stringContaining("'sidebar' is not a documented value")
      })
    ]);
  });

  it('Facet regions keep their generated names; an unknown region type fails', () => {
    const root = tempProject({
      'force-app/flexipages/Facets.flexipage-meta.xml': flexiPage(
        'flexipage:defaultAppHomeTemplate',
        [regions('main', 'Region'), regions('Facet-1a2b', 'Facet'), regions('x', 'Column')].join(
          '\n'
        )
      )
    });
    const messages = checkMetadataValues(root).findings.map((f) => f.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      "'Column' is not a documented value [FlexiPage.flexiPageRegions.type]"
    );
  });

  it('region names of a template without a documented list are reported as not checked', () => {
    const root = tempProject({
      'force-app/flexipages/Three.flexipage-meta.xml': flexiPage(
        'flexipage:appHomeTemplateThreeColumns',
        regions('region1', 'Region')
      )
    });
    const result = checkMetadataValues(root);
    expect(result.findings).toEqual([]);
    expect(result.report?.join('\n')).toMatch(
      /not checked: .*Three\.flexipage-meta\.xml:3 flexiPageRegions\/name for template\/name 'flexipage:appHomeTemplateThreeColumns'/
    );
  });

  it('a FlexiPage type without a template list fails instead of passing unchecked', () => {
    const root = tempProject({
      'force-app/flexipages/Record.flexipage-meta.xml': flexiPage(
        'flexipage:recordHomeTemplateDesktop',
        regions('main', 'Region')
      ).replace('<type>AppPage</type>', '<type>RecordPage</type>')
    });
    const messages = checkMetadataValues(root).findings.map((f) => f.message);
    expect(messages).toEqual([
      expect.stringContaining("template/name for type 'RecordPage': no documented list of values")
    ]);
  });

  it('comma-separated OAuth scopes are checked one by one', () => {
    const root = tempProject({
      'config/external-client-app/extlClntAppOauthSettings/A.ecaOauth-meta.xml': [
        `<ExtlClntAppOauthSettings ${META}>`,
        '    <commaSeparatedOauthScopes>Api, RefreshToken,Everything</commaSeparatedOauthScopes>',
        '</ExtlClntAppOauthSettings>'
      ].join('\n')
    });
    const { findings } = checkMetadataValues(root);
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain("'Everything' is not a documented value");
  });

  it('decodes entities and reports malformed files instead of skipping them', () => {
    const root = tempProject({
      'force-app/tabs/Amp.tab-meta.xml': `<CustomTab ${META}><motif>Custom49: CD&#47;DVD</motif></CustomTab>`,
      'force-app/tabs/Broken.tab-meta.xml': `<CustomTab ${META}><motif>Custom1: Heart</CustomTab>`
    });
    const { findings } = checkMetadataValues(root);
    expect(findings).toEqual([
      expect.objectContaining({
        file: path.join(root, 'force-app/tabs/Broken.tab-meta.xml'),
        message: expect.stringContaining('malformed XML')
      })
    ]);
  });

  it('uses the table it is given', () => {
    const root = tempProject({
      'force-app/tabs/T.tab-meta.xml': `<CustomTab ${META}>\n<motif>Custom53: Bell</motif>\n</CustomTab>`
    });
    const onlyHeart: ValueTable = {
      rules: [{ ...rule('CustomTab.motif'), values: ['Custom1: Heart'] }]
    };
    expect(checkMetadataValues(root, onlyHeart).findings).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining("'Custom53: Bell'") })
    ]);
  });
});

describe('metadata values: closestValue', () => {
  it('prefers the same CustomNN number, then case, then a close spelling', () => {
    expect(closestValue('Custom62: Clipboard', rule('CustomTab.motif').values!)).toBe(
      'Custom62: Chalkboard'
    );
    expect(closestValue('viewsetup', ['ViewSetup', 'ViewRoles'])).toBe('ViewSetup');
    expect(closestValue('MonitorLoginHistry', ['MonitorLoginHistory', 'ManageUsers'])).toBe(
      'MonitorLoginHistory'
    );
    expect(closestValue('Totally different', ['Public', 'Private'])).toBeUndefined();
  });
});

describe('metadata values: the committed table', () => {
  it('every rule cites https sources, has values, and no duplicates', () => {
    for (const entry of TABLE.rules) {
      expect(entry.citations.length).toBeGreaterThan(0);
      for (const citation of entry.citations) {
        expect(citation.url).toMatch(/^https:\/\//);
        expect(citation.says.length).toBeGreaterThan(10);
      }
      const lists = entry.values ? [entry.values] : Object.values(entry.valuesBy!.map);
      for (const list of lists) {
        expect(list.length).toBeGreaterThan(0);
        expect(new Set(list).size).toBe(list.length);
      }
    }
    expect(new Set(TABLE.rules.map((entry) => entry.id)).size).toBe(TABLE.rules.length);
  });

  it('every unverified list says what evidence it has and what the check falls back to', () => {
    const unverified = TABLE.rules.filter((entry) => entry.evidence === 'unverified');
    expect(unverified.map((entry) => entry.id)).toEqual([
      'FlexiPage.template.name',
      'FlexiPage.flexiPageRegions.name',
      'PermissionSet.license'
    ]);
    for (const entry of unverified) expect(entry.note).toMatch(/Unverified/);
  });

  it('the tab styles are Custom1 to Custom100, once each, with Chalkboard and Bell', () => {
    const motifs = rule('CustomTab.motif').values!;
    const numbers = motifs.map((motif) => Number(/^Custom(\d+): \S/.exec(motif)?.[1]));
    expect([...numbers].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1)
    );
    expect(motifs).toEqual(expect.arrayContaining(['Custom62: Chalkboard', 'Custom53: Bell']));
    expect(motifs.some((motif) => motif.includes('Clipboard'))).toBe(false);
  });

  it('lists claimed from the WSDL are the enumerations in @salesforce/types', () => {
    const metadataTypes = fs.readFileSync(path.join(SALESFORCE_TYPES, 'metadata.d.ts'), 'utf8');
    const claimed = TABLE.rules.filter(
      (entry): entry is ValueRule & { wsdlEnum: string } => 'wsdlEnum' in entry
    );
    expect(claimed.length).toBeGreaterThan(10);
    for (const entry of claimed) {
      const declaration = new RegExp(`^export type ${entry.wsdlEnum} = (.*);$`, 'm').exec(
        metadataTypes
      );
      expect(declaration).not.toBeNull();
      const wsdlValues = [...declaration![1].matchAll(/'([^']*)'/g)].map((match) => match[1]);
      expect({ id: entry.id, values: entry.values }).toEqual({ id: entry.id, values: wsdlValues });
    }
  });

  it('every permission name is a Permissions<Name> field of PermissionSet in the Tooling WSDL', () => {
    const toolingTypes = fs.readFileSync(path.join(SALESFORCE_TYPES, 'tooling.d.ts'), 'utf8');
    const start = toolingTypes.indexOf('export type PermissionSet = ');
    const body = toolingTypes.slice(start, toolingTypes.indexOf('\n};', start));
    for (const name of rule('PermissionSet.userPermissions.name').values!)
      expect({ name, declared: body.includes(`    Permissions${name}?: boolean;`) }).toEqual({
        name,
        declared: true
      });
    expect(body.includes('    PermissionsFreezeUser?: boolean;')).toBe(false);
  });
});
