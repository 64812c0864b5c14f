/**
 * Salesforce Graph Engine, offline: drives Code Analyzer's core with the sfge engine
 * (@salesforce/code-analyzer-sfge-engine, Java 11+) and runs every Graph Engine rule
 * (CRUD/FLS, sharing, null checks on SOQL variables, null dereferences, database work in
 * loops …). Graph Engine follows data across classes from each entry point to each sink,
 * which PMD's one-file rules cannot.
 *
 * What it reads, to stay inside npm test's budget on two cores:
 * - the graph is built from the project minus @IsTest classes: production Apex cannot call
 *   test classes, so no path from an entry point goes through them;
 * - entry points: Graph Engine's own (@AuraEnabled, @InvocableMethod, @RemoteAction,
 *   @NamespaceAccessible, global methods, Visualforce controllers, PageReference methods,
 *   inbound email handlers) plus the asynchronous ones it does not know: the start,
 *   execute and finish methods of classes implementing Database.Batchable, Queueable,
 *   Schedulable or Finalizer, passed to it as targeted methods.
 *
 * Usage: ts-node scripts/check/graph-engine.ts [project-dir ...]   (default: force-app;
 * judged against the baseline)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEnginePlugin } from '@salesforce/code-analyzer-sfge-engine';
import { FORCE_APP } from '../lib/paths';
import { listFiles } from '../lib/files';
import { ApexFileMembers, ApexMember, isTestClass } from './apex-members';
import {
  AnalyzerRun,
  EnginePlugin,
  MemberIndex,
  reportAgainstBaseline,
  runCodeAnalyzer
} from './code-analyzer';

/** Interfaces whose methods the platform calls asynchronously, and those methods. */
const ASYNC_INTERFACES: { type: RegExp; methods: string[] }[] = [
  { type: /^(database\.)?batchable(<.*>)?$/i, methods: ['start', 'execute', 'finish'] },
  { type: /^(system\.)?queueable$/i, methods: ['execute'] },
  { type: /^(system\.)?schedulable$/i, methods: ['execute'] },
  { type: /^(system\.)?finalizer$/i, methods: ['execute'] }
];

/** Annotations that make a method one of Graph Engine's own entry points. */
const ENTRY_ANNOTATIONS = ['auraenabled', 'invocablemethod', 'remoteaction', 'namespaceaccessible'];

/**
 * Longest time one entry point may take (Graph Engine default: 30 s). An entry point that
 * takes longer is reported as a PathEvaluationTimeout warning: LL_ReclaimJob.execute
 * (Queueable) expands into more paths than Graph Engine finishes in minutes.
 */
const THREAD_TIMEOUT_MS = 60_000;

/** Files Graph Engine reads (Apex, metadata XML, Visualforce). */
const RELEVANT_FILE = /(\.cls|\.trigger|-meta\.xml|\.page|\.component)$/i;

/**
 * Methods of one file to pass as targeted entry points: when a file implements one of the
 * asynchronous interfaces, its start/execute/finish methods. Graph Engine treats a file
 * with targeted methods as those methods only, so the file's own entry points (annotated
 * or global methods) are listed too. Empty when the file has no asynchronous entry point.
 */
export function targetedMethodsOf(file: ApexFileMembers): string[] {
  const classes = file.members.filter((m) => m.kind === 'class');
  const asyncMethods = new Set<string>();
  for (const apexClass of classes) {
    for (const type of apexClass.implementsTypes) {
      const known = ASYNC_INTERFACES.find((candidate) => candidate.type.test(type));
      for (const method of known?.methods ?? []) asyncMethods.add(method);
    }
  }
  if (asyncMethods.size === 0) return [];
  const isOwnEntryPoint = (m: ApexMember): boolean =>
    m.kind === 'method' &&
    (m.modifiers.includes('global') || m.annotations.some((a) => ENTRY_ANNOTATIONS.includes(a)));
  const names = new Set(
    file.members
      .filter((m) => m.kind === 'method' && (asyncMethods.has(m.name) || isOwnEntryPoint(m)))
      .map((m) => m.name)
  );
  return [...names].sort();
}

/** What Graph Engine is given for a project. */
export interface GraphEngineInput {
  /** Every file it builds the graph from. */
  workspace: string[];
  /** Production Apex files: where it looks for entry points. */
  targets: string[];
  /** Files whose entry points are listed method by method (asynchronous classes). */
  targetedMethods: Map<string, string[]>;
  /** @IsTest classes left out. */
  testClasses: number;
}

/** Chooses the workspace, targets and asynchronous entry points for the given folders. */
export function graphEngineInput(dirs: string[], members = new MemberIndex()): GraphEngineInput {
  const files = dirs.flatMap((dir) => listFiles(dir, (f) => RELEVANT_FILE.test(f)));
  const testSources = new Set(
    files.filter((f) => f.endsWith('.cls') && isTestClass(members.membersOf(f)))
  );
  const isLeftOut = (f: string): boolean =>
    testSources.has(f) || (f.endsWith('.cls-meta.xml') && testSources.has(f.slice(0, -9)));
  const workspace = files.filter((f) => !isLeftOut(f));
  const targets = workspace.filter((f) => /\.(cls|trigger)$/.test(f));
  const targetedMethods = new Map<string, string[]>();
  for (const file of targets) {
    const methods = targetedMethodsOf(members.membersOf(file));
    if (methods.length) targetedMethods.set(path.resolve(file), methods);
  }
  return { workspace, targets, targetedMethods, testClasses: testSources.size };
}

/** Graph Engine's input file, as its engine writes it (`createSfgeInputFile`). */
interface SfgeInputWriter {
  createSfgeInputFile(
    filePath: string,
    rules: string[],
    targets: string[],
    projectFiles: string[]
  ): Promise<void>;
}

/**
 * The sfge plugin, with the asynchronous entry points added: the engine (0.25) always
 * sends whole files as targets; this writes the same input file with the targeted methods
 * of asynchronous classes filled in. Fails loudly if the engine's internals moved.
 */
export function pluginWithTargetedMethods(targetedMethods: Map<string, string[]>): EnginePlugin {
  const plugin = createEnginePlugin() as EnginePlugin & {
    createEngine(name: string, config: unknown): Promise<unknown>;
  };
  const createEngine = plugin.createEngine.bind(plugin);
  plugin.createEngine = async (name: string, config: unknown) => {
    const engine = await createEngine(name, config);
    const wrapper = (engine as unknown as { sfgeWrapper?: SfgeInputWriter }).sfgeWrapper;
    if (!wrapper || typeof wrapper.createSfgeInputFile !== 'function') {
      throw new Error(
        'The sfge engine no longer has sfgeWrapper.createSfgeInputFile: update ' +
          'pluginWithTargetedMethods in scripts/check/graph-engine.ts for this engine version.'
      );
    }
    wrapper.createSfgeInputFile = async (filePath, rules, targets, projectFiles) => {
      const input = {
        targets: targets.map((target) => ({
          targetFile: target,
          targetMethods: targetedMethods.get(path.resolve(target)) ?? []
        })),
        projectFilesAndFolders: projectFiles,
        rulesToRun: rules
      };
      await fs.promises.writeFile(filePath, JSON.stringify(input));
    };
    return engine;
  };
  return plugin;
}

/** Runs every Graph Engine rule on the given project folders. */
export async function runGraphEngine(dirs: string[]): Promise<AnalyzerRun & GraphEngineInput> {
  const input = graphEngineInput(dirs);
  if (!input.targets.length) {
    return { ...input, files: 0, rules: [], findings: [], engineErrors: [], seconds: 0 };
  }
  const run = await runCodeAnalyzer({
    engine: 'sfge',
    plugin: pluginWithTargetedMethods(input.targetedMethods),
    selector: 'sfge',
    engineConfig: {
      java_command: 'java',
      java_thread_count: Math.max(1, os.availableParallelism()),
      java_thread_timeout: THREAD_TIMEOUT_MS
    },
    workspace: input.workspace,
    targets: input.targets
  });
  return { ...input, ...run };
}

/** One line on what Graph Engine was given. */
export function describeInput(input: GraphEngineInput): string {
  const asyncEntries = [...input.targetedMethods.entries()]
    .map(([file, methods]) => `${path.basename(file)} (${methods.join(', ')})`)
    .join('; ');
  return (
    `Graph Engine: ${input.targets.length} production Apex files, ${input.testClasses} ` +
    `@IsTest classes left out; asynchronous entry points: ${asyncEntries || 'none'}.`
  );
}

if (require.main === module) {
  const dirs = process.argv.slice(2).map((dir) => path.resolve(dir));
  runGraphEngine(dirs.length ? dirs : [FORCE_APP])
    .then((run) => {
      console.log(describeInput(run));
      process.exitCode = reportAgainstBaseline(run, 'sfge') ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(`Graph Engine could not run: ${(error as Error).message}`);
      process.exitCode = 2;
    });
}
