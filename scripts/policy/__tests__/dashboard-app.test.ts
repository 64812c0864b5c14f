import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { DEFAULT_DIR, LWC_DIR, PROJECT_ROOT } from '../../lib/paths';

/**
 * The License Lens Lightning app is wired end to end: app → tab → app page →
 * c:llDashboard, and the Chart.js static resource is the unmodified npm build.
 */
const APP_FILE = path.join(DEFAULT_DIR, 'applications', 'LL_License_Lens.app-meta.xml');
const TAB_FILE = path.join(DEFAULT_DIR, 'tabs', 'LL_License_Lens.tab-meta.xml');
const PAGES_DIR = path.join(DEFAULT_DIR, 'flexipages');
const CHART_RESOURCE = path.join(DEFAULT_DIR, 'staticresources', 'LL_ChartJs.js');
const CHART_RESOURCE_META = path.join(
  DEFAULT_DIR,
  'staticresources',
  'LL_ChartJs.resource-meta.xml'
);
const CHART_NPM_BUILD = path.join(PROJECT_ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.js');
const DASHBOARD_BUNDLE = 'llDashboard';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    ['tabs', 'formFactors', 'flexiPageRegions', 'itemInstances', 'target'].includes(name)
});

function parse<T>(file: string, root: string): T {
  return parser.parse(fs.readFileSync(file, 'utf8'))[root] as T;
}

interface App {
  label: string;
  navType: string;
  uiType: string;
  formFactors: string[];
  tabs: string[];
  defaultLandingTab: string;
  utilityBar?: string;
}

interface Page {
  type: string;
  template: { name: string };
  flexiPageRegions: {
    name: string;
    itemInstances?: { componentInstance?: { componentName: string } }[];
  }[];
}

describe('License Lens Lightning app', () => {
  const app = parse<App>(APP_FILE, 'CustomApplication');
  const tab = parse<{ flexiPage: string; label: string }>(TAB_FILE, 'CustomTab');

  it('is a standard-navigation Lightning app for desktop without a utility bar', () => {
    expect(app.label).toBe('License Lens');
    expect(app.navType).toBe('Standard');
    expect(app.uiType).toBe('Lightning');
    expect(app.formFactors).toEqual(['Large']);
    expect(app.utilityBar).toBeUndefined();
  });

  it('opens on its own tab', () => {
    expect(app.tabs).toEqual(['LL_License_Lens', 'LL_Reclaim_Audit__c']);
    expect(app.defaultLandingTab).toBe('LL_License_Lens');
  });

  it('has a tab that shows an app page holding the dashboard component', () => {
    const pageFile = path.join(PAGES_DIR, `${tab.flexiPage}.flexipage-meta.xml`);
    expect(fs.existsSync(pageFile)).toBe(true);
    const page = parse<Page>(pageFile, 'FlexiPage');
    expect(page.type).toBe('AppPage');
    expect(page.template.name).toBe('flexipage:defaultAppHomeTemplate');
    const components = page.flexiPageRegions.flatMap((region) =>
      (region.itemInstances ?? []).map((item) => item.componentInstance?.componentName)
    );
    expect(components).toEqual([DASHBOARD_BUNDLE]);
  });

  it('puts on the page a dashboard bundle exposed for app pages', () => {
    const meta = parser.parse(
      fs.readFileSync(
        path.join(LWC_DIR, DASHBOARD_BUNDLE, `${DASHBOARD_BUNDLE}.js-meta.xml`),
        'utf8'
      )
    ).LightningComponentBundle;
    expect(meta.isExposed).toBe('true');
    expect(meta.targets.target).toContain('lightning__AppPage');
  });
});

describe('Chart.js static resource', () => {
  it('is byte-identical to the chart.js npm UMD build', () => {
    const committed = fs.readFileSync(CHART_RESOURCE);
    const published = fs.readFileSync(CHART_NPM_BUILD);
    expect(committed.length).toBe(published.length);
    expect(committed.equals(published)).toBe(true);
  });

  it('is served as public, cacheable JavaScript', () => {
    const meta = parse<{ contentType: string; cacheControl: string }>(
      CHART_RESOURCE_META,
      'StaticResource'
    );
    expect(meta.contentType).toBe('application/javascript');
    expect(meta.cacheControl).toBe('Public');
  });

  it('is the resource the chart cards load (through llChartHost)', () => {
    const read = (bundle: string) =>
      fs.readFileSync(path.join(LWC_DIR, bundle, `${bundle}.ts`), 'utf8');
    expect(read('llChartHost')).toContain("from '@salesforce/resourceUrl/LL_ChartJs'");
    for (const card of ['llLoginTrend', 'llHistoryCard']) {
      expect(read(card)).toContain("from 'c/llChartHost'");
    }
  });
});
