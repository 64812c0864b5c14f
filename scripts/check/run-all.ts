/**
 * `npm test`: the whole offline proof chain, one step after the other, stopping
 * at the first failure. Each step prints a heading; the last line counts the
 * tests run (`tests: N passed, N failed`).
 *
 * Options: --from <step-id> starts at a later step; --only <step-id> runs one;
 * --list prints the steps.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildLwc } from '../build/build-lwc';
import { checkApexSyntax } from './apex-syntax';
import { checkApexSemantics } from './apex-semantic';
import { runPmdRules } from './apex-pmd';
import { reportAgainstBaseline } from './code-analyzer';
import { describeInput, runGraphEngine } from './graph-engine';
import { formatFinding } from '../lib/files';
import { PLATFORM_CHECKS } from './platform/platform-checks';
import { FORCE_APP, LWC_TSCONFIG, PROJECT_ROOT, SF_BIN, SF_ENV } from '../lib/paths';

const ARTIFACTS = path.join(PROJECT_ROOT, 'artifacts');
const BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin');

interface TestCount {
  passed: number;
  failed: number;
}

interface Step {
  id: string;
  title: string;
  run: () => Promise<boolean> | boolean;
}

const totals: TestCount = { passed: 0, failed: 0 };

/** Runs a command with inherited output; true when it exits 0. */
function sh(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, stdio: 'inherit', env });
  if (result.error) console.error(`Could not start ${command}: ${result.error.message}`);
  return result.status === 0;
}

/** Runs jest on some projects, adding its test counts to the totals. */
function jest(
  projects: string[],
  extraArgs: string[],
  env: NodeJS.ProcessEnv = process.env
): boolean {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const report = path.join(ARTIFACTS, `jest-${projects.join('-')}.json`);
  fs.rmSync(report, { force: true });
  const ok = sh(
    path.join(BIN, 'jest'),
    ['--selectProjects', ...projects, '--json', `--outputFile=${report}`, ...extraArgs],
    env
  );
  if (fs.existsSync(report)) {
    const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests;
    if (summary.numTotalTests === 0) {
      console.error('No tests ran.');
      return false;
    }
  }
  return ok;
}

const convertedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-lens-mdapi-'));

const STEPS: Step[] = [
  {
    id: 'build',
    title: 'Build: compile TypeScript LWC to .js',
    run: async () => {
      const result = await buildLwc();
      console.log(`${result.compiled.length} files compiled in ${result.bundles} bundles.`);
      return true;
    }
  },
  {
    id: 'typecheck',
    title: 'Type-check: tsc --noEmit (scripts, then components and their tests)',
    run: () =>
      sh(path.join(BIN, 'tsc'), ['-p', 'tsconfig.json', '--noEmit']) &&
      sh(path.join(BIN, 'tsc'), ['-p', LWC_TSCONFIG, '--noEmit'])
  },
  { id: 'eslint', title: 'ESLint: LWC rules', run: () => sh(path.join(BIN, 'eslint'), ['.']) },
  {
    id: 'prettier',
    title: 'Prettier: formatting of Apex, TypeScript, HTML, CSS, XML, JSON',
    run: () =>
      sh(path.join(BIN, 'prettier'), [
        '--check',
        '--log-level',
        'warn',
        '**/*.{cls,trigger,ts,js,html,css,json,xml}'
      ])
  },
  {
    id: 'apex-syntax',
    title: 'Apex syntax: apex-parser',
    run: () => {
      const { files, findings } = checkApexSyntax([FORCE_APP]);
      for (const finding of findings) console.error(formatFinding(finding, PROJECT_ROOT));
      console.log(`${files} Apex files parsed, ${findings.length} syntax errors.`);
      return findings.length === 0;
    }
  },
  {
    id: 'apex-semantic',
    title: 'Apex semantics: apex-ls (unknown types and fields)',
    run: () => {
      const findings = checkApexSemantics(PROJECT_ROOT);
      for (const finding of findings) console.error(formatFinding(finding, PROJECT_ROOT));
      console.log(`${findings.length} issues.`);
      return findings.length === 0;
    }
  },
  {
    id: 'pmd',
    title: 'PMD: every Apex rule, incl. Security and AppExchange, against the baseline',
    run: async () => reportAgainstBaseline(await runPmdRules([FORCE_APP]), 'pmd')
  },
  {
    id: 'graph-engine',
    title:
      'Graph Engine: data-flow rules (CRUD/FLS, sharing …) from every entry point, against the baseline',
    run: async () => {
      const run = await runGraphEngine([FORCE_APP]);
      console.log(describeInput(run));
      return reportAgainstBaseline(run, 'sfge');
    }
  },
  {
    id: 'platform',
    title: 'Platform rules: SOQL field properties, access matrix, metadata values (cited tables)',
    run: async () => {
      let ok = true;
      for (const check of PLATFORM_CHECKS) {
        const result = await check.run(PROJECT_ROOT);
        console.log(`- ${check.title}: ${result.summary}`);
        for (const line of result.report ?? []) console.log(`  ${line}`);
        for (const finding of result.findings)
          console.error(`  ${formatFinding(finding, PROJECT_ROOT)}`);
        if (result.findings.length > 0) ok = false;
      }
      if (PLATFORM_CHECKS.length === 0) console.log('No platform checks registered.');
      return ok;
    }
  },
  {
    id: 'unit',
    title: 'Unit tests: jest (components, analytics, scripts) with coverage',
    run: () => jest(['lwc', 'scripts'], ['--coverage'])
  },
  {
    id: 'convert',
    title: 'Convert: sf project convert source (metadata layout)',
    run: () =>
      sh(
        SF_BIN,
        ['project', 'convert', 'source', '--root-dir', 'force-app', '--output-dir', convertedDir],
        SF_ENV
      )
  },
  {
    id: 'policy',
    title: 'Metadata policy tests',
    run: () => jest(['policy'], [], { ...process.env, LL_CONVERTED_DIR: convertedDir })
  },
  {
    id: 'e2e',
    title: 'Browser tests: local preview in headless Chromium',
    run: () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
      if (!pkg.scripts['test:e2e']) {
        console.log('No test:e2e script yet.');
        return true;
      }
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const result = spawnSync('npm', ['run', '--silent', 'test:e2e'], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit']
      });
      process.stdout.write(result.stdout ?? '');
      const counts = /^(?:\w+: )?(\d+) passed, (\d+) failed/m.exec(result.stdout ?? '');
      if (counts) {
        totals.passed += Number(counts[1]);
        totals.failed += Number(counts[2]);
      }
      return result.status === 0;
    }
  }
];

function selectSteps(argv: string[]): Step[] {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const only = option('--only');
  const from = option('--from');
  const id = only ?? from;
  const start = id ? STEPS.findIndex((step) => step.id === id) : 0;
  if (start < 0)
    throw new Error(`Unknown step "${id}". Steps: ${STEPS.map((s) => s.id).join(', ')}`);
  return only ? [STEPS[start]] : STEPS.slice(start);
}

async function main(): Promise<number> {
  if (process.argv.includes('--list')) {
    for (const step of STEPS) console.log(`${step.id.padEnd(14)} ${step.title}`);
    return 0;
  }
  const steps = selectSteps(process.argv.slice(2));
  const started = Date.now();
  for (const [index, step] of steps.entries()) {
    console.log(`\n=== [${index + 1}/${steps.length}] ${step.title} ===`);
    const stepStart = Date.now();
    let ok = false;
    try {
      ok = await step.run();
    } catch (error) {
      console.error((error as Error).message);
    }
    const seconds = ((Date.now() - stepStart) / 1000).toFixed(1);
    if (!ok) {
      console.error(`\nFAILED at step "${step.id}" after ${seconds} s.`);
      console.log(`tests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
      return 1;
    }
    console.log(`--- ${step.id} ok (${seconds} s)`);
  }
  const total = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nAll ${steps.length} steps passed in ${total} s.`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
  return 0;
}

main()
  .then((code) => {
    fs.rmSync(convertedDir, { recursive: true, force: true });
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
