/**
 * Command-line options of the preview (`npm start -- ...`) and the demo export
 * (`npm run demo:export -- ...`).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS } from './demo-org/demo-org';
import {
  ORG_FLAG_OPTIONS,
  ORG_FLAGS_USAGE,
  readOrgFlags,
  type OrgFlags
} from '../orgs/multi-org/org-flags';

/** Port used when PORT is not set. */
export const DEFAULT_PORT = 3000;
const MAX_PORT = 65_535;

export interface PreviewOptions {
  port: number;
  users: number;
  seed: number;
  /** Export folder; null for the demo org. */
  data: string | null;
  /** "Now" (epoch ms); null: the clock for the demo, the newest login for an export. */
  now: number | null;
  /** Root component bundle; null: chosen by the build. */
  root: string | null;
  /**
   * The demo org's nightly rollups (as if the job had run every night up to
   * yesterday); false (--no-rollups): every login read goes live to
   * LoginHistory. An export never has rollups.
   */
  rollups: boolean;
  /**
   * --policies-enabled: the reclaim policies' kill switch switched on for
   * this preview (LL_Setting Default's Reclaim_Policies_Enabled__c is false in
   * the records that deploy, and the page cannot change it); false: as the
   * records say. The demo org only: a copy of live orgs never runs policies.
   */
  policiesEnabled: boolean;
  /**
   * Live orgs through sf CLI logins (--target-org, repeatable): empty for the
   * demo org or --data. With two or more, the page gets an org filter.
   */
  targetOrgs: string[];
  /** The pull's budget and cache (--max-api-share, --cache-dir, --no-cache). */
  maxApiShare: OrgFlags['maxApiShare'];
  cacheDir: OrgFlags['cacheDir'];
  help: boolean;
}

export interface DemoExportOptions {
  users: number;
  seed: number;
  out: string;
  now: number | null;
  help: boolean;
}

export const PREVIEW_USAGE = `Usage: npm start -- [--users N] [--seed S] [--data <folder>] [--now <ISO instant>] [--root <bundle>] [--no-rollups] [--policies-enabled]
       npm start -- --target-org A [--target-org B ...] [--max-api-share X] [--cache-dir DIR | --no-cache] [--root <bundle>]
  --users N      users in the demo org (default ${DEFAULT_DEMO_USERS})
  --seed S       seed of the demo org (default ${DEFAULT_DEMO_SEED})
  --data DIR     serve an export folder (sf data query --json files) instead of the demo org
  --now ISO      end of the login history, e.g. 2026-11-23T12:00:00Z
                 (default: the clock for the demo org, the newest LoginTime for --data)
  --root BUNDLE  LWC bundle mounted as the page (default llDashboard, else llLicenseUtilization)
  --no-rollups   the demo org without its nightly rollups: every login read goes live to
                 LoginHistory and answers "too big" when it does not fit in one Apex call
                 (an export folder never has rollups)
  --policies-enabled  the reclaim policies' kill switch on (LL_Setting Default,
                 Reclaim_Policies_Enabled__c, is off in the records that deploy): active policies
                 run when the preview's nightly job runs (Preview.runReclaimPoliciesDaysLater)
Live orgs (pulled through the sf CLI's logins; this spends API requests, see the README "Several orgs"):
${ORG_FLAGS_USAGE}
                          with two or more orgs the page has an org filter and an "All orgs" view
  Ctrl-C while pulling stops the pull, aborts the orgs' open Bulk API 2.0 query jobs, serves nothing
  and exits 130 (143 for SIGTERM); press it again to quit at once.
Environment: PORT (default ${DEFAULT_PORT}).`;

export const DEMO_EXPORT_USAGE = `Usage: npm run demo:export -- --out <folder> [--users N] [--seed S] [--now <ISO instant>]
Writes the demo org as sf data query --json files, the format --data reads.`;

function wholeNumber(
  text: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}; got "${text}".`);
  }
  return value;
}

function instant(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Date.parse(text);
  if (Number.isNaN(value))
    throw new Error(`--now must be an ISO instant such as 2026-11-23T12:00:00Z; got "${text}".`);
  return value;
}

/** Parses the preview's arguments and PORT. @throws Error naming the bad option. */
export function parsePreviewOptions(
  args: string[],
  env: NodeJS.ProcessEnv = process.env
): PreviewOptions {
  const { values } = parseArgs({
    args,
    options: {
      users: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      now: { type: 'string' },
      root: { type: 'string' },
      'no-rollups': { type: 'boolean' },
      'policies-enabled': { type: 'boolean' },
      ...ORG_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  });
  if (values.data !== undefined && values.users !== undefined) {
    throw new Error('--users sets the size of the demo org; it cannot be combined with --data.');
  }
  const orgFlags = readOrgFlags(values);
  if (orgFlags.targetOrgs.length > 0) {
    const demoOnly = (['data', 'users', 'seed', 'no-rollups', 'policies-enabled'] as const).filter(
      (name) => values[name] !== undefined
    );
    if (demoOnly.length) {
      throw new Error(
        `--target-org reads live orgs; it cannot be combined with ${demoOnly.map((name) => `--${name}`).join(', ')}.`
      );
    }
  } else if (
    values['max-api-share'] !== undefined ||
    values['cache-dir'] !== undefined ||
    values['no-cache'] !== undefined
  ) {
    throw new Error('--max-api-share, --cache-dir and --no-cache go with --target-org.');
  }
  return {
    port: wholeNumber(env.PORT, 'PORT', DEFAULT_PORT, 0, MAX_PORT),
    users: wholeNumber(values.users, '--users', DEFAULT_DEMO_USERS, 1),
    seed: wholeNumber(values.seed, '--seed', DEFAULT_DEMO_SEED, Number.MIN_SAFE_INTEGER),
    data: values.data ?? null,
    now: instant(values.now),
    root: values.root ?? null,
    rollups: !(values['no-rollups'] ?? false),
    policiesEnabled: values['policies-enabled'] ?? false,
    ...orgFlags,
    help: values.help ?? false
  };
}

/** Parses the demo export's arguments. @throws Error naming the bad option. */
export function parseDemoExportOptions(args: string[]): DemoExportOptions {
  const { values } = parseArgs({
    args,
    options: {
      users: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  });
  const help = values.help ?? false;
  if (!help && !values.out) throw new Error(`--out <folder> is required.\n${DEMO_EXPORT_USAGE}`);
  return {
    users: wholeNumber(values.users, '--users', DEFAULT_DEMO_USERS, 1),
    seed: wholeNumber(values.seed, '--seed', DEFAULT_DEMO_SEED, Number.MIN_SAFE_INTEGER),
    out: values.out ?? '',
    now: instant(values.now),
    help
  };
}
