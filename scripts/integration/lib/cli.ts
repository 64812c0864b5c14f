/**
 * What the integration scripts share as command-line tools, following sf CLI
 * conventions: flags parsed strictly, `--help`, `--json` output shaped like
 * sf's (`{status, result, warnings}` on success, `{status, name, message,
 * exitCode, data}` on failure), exit code 0 on success, 1 on failure, 2 on a
 * usage error. Every line written passes through a secret redactor.
 */
import { parseArgs } from 'node:util';

/** Exit codes, as the sf CLI uses them. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** One flag of a command. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  description: string;
  required?: boolean;
  /** Placeholder shown in help, e.g. "<alias>". */
  valueName?: string;
}

/** Everything `--help` shows and the parser needs. */
export interface CommandSpec {
  /** How it is run, e.g. "npm run provision --". */
  usage: string;
  summary: string;
  description: string[];
  flags: FlagSpec[];
  environment?: { name: string; description: string }[];
  examples: string[];
}

/** Flags every command has. */
export const COMMON_FLAGS: FlagSpec[] = [
  { name: 'json', type: 'boolean', description: 'Format output as JSON.' },
  {
    name: 'dry-run',
    type: 'boolean',
    description: 'Print what would happen; change nothing.'
  },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.' }
];

/** A failure the command reports and exits with. */
export class CommandError extends Error {
  constructor(
    name: string,
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    readonly data?: unknown
  ) {
    super(message);
    this.name = name;
  }
}

/** A wrong or missing flag. */
export class UsageError extends CommandError {
  constructor(message: string) {
    super('UsageError', message, EXIT_USAGE);
  }
}

export type ParsedFlags = Record<string, string | boolean | undefined>;

function allFlags(spec: CommandSpec): FlagSpec[] {
  return [...spec.flags, ...COMMON_FLAGS];
}

/** Parses argv strictly; throws UsageError on unknown flags or missing required ones. */
export function parseFlags(spec: CommandSpec, argv: string[]): ParsedFlags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const flag of allFlags(spec)) {
    options[flag.name] = flag.short ? { type: flag.type, short: flag.short } : { type: flag.type };
  }
  let values: ParsedFlags;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
      .values as ParsedFlags;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return values;
  for (const flag of spec.flags.filter((f) => f.required)) {
    const value = values[flag.name];
    if (typeof value !== 'string' || !value.trim()) {
      throw new UsageError(`Missing required flag --${flag.name}. See --help.`);
    }
  }
  return values;
}

function flagLabel(flag: FlagSpec): string {
  const names = flag.short ? `-${flag.short}, --${flag.name}` : `    --${flag.name}`;
  return flag.type === 'string' ? `${names}=${flag.valueName ?? '<value>'}` : names;
}

/** sf-style help text. */
export function renderHelp(spec: CommandSpec): string {
  const pad = (rows: [string, string][]) => {
    const width = Math.max(...rows.map(([left]) => left.length));
    return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
  };
  const flagRows = (flags: FlagSpec[]) =>
    pad(flags.map((f) => [flagLabel(f), `${f.required ? '(required) ' : ''}${f.description}`]));
  const lines = [
    spec.summary,
    '',
    'USAGE',
    `  $ ${spec.usage} ${spec.flags
      .filter((f) => f.required)
      .map((f) => `--${f.name} ${f.valueName ?? '<value>'}`)
      .join(' ')} [--json] [--dry-run]`,
    '',
    'FLAGS',
    ...flagRows(spec.flags),
    '',
    'GLOBAL FLAGS',
    ...flagRows(COMMON_FLAGS),
    '',
    'DESCRIPTION',
    ...spec.description.map((line) => (line ? `  ${line}` : ''))
  ];
  if (spec.environment?.length) {
    lines.push('', 'ENVIRONMENT', ...pad(spec.environment.map((e) => [e.name, e.description])));
  }
  lines.push('', 'EXAMPLES', ...spec.examples.map((e) => `  $ ${e}`));
  return lines.join('\n');
}

/** Where output goes; tests capture it. */
export interface OutputSink {
  out(text: string): void;
  err(text: string): void;
}

/** The process's stdout and stderr. */
export const PROCESS_SINK: OutputSink = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`)
};

const REDACTED = '[REDACTED]';

/**
 * Writes human or JSON output. Human progress goes to stdout; with --json only
 * the final JSON document is written. Secrets registered with `protect` are
 * replaced in everything written.
 */
export class Reporter {
  private readonly secrets: string[] = [];
  private readonly warnings: string[] = [];

  constructor(
    readonly json: boolean,
    private readonly sink: OutputSink = PROCESS_SINK
  ) {}

  /** Never let this value appear in any output. */
  protect(secret: string | undefined): void {
    if (secret) this.secrets.push(secret);
  }

  private redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
  }

  /** A human progress or result line (dropped with --json). */
  info(line = ''): void {
    if (!this.json) this.sink.out(this.redact(line));
  }

  /**
   * Progress of long work (e.g. provisioning steps): always stderr, with or
   * without --json, so stdout carries only the result and --json stays one
   * parseable document.
   */
  progress(line: string): void {
    this.sink.err(this.redact(line));
  }

  /** A warning: stderr for humans, `warnings` in JSON. */
  warn(line: string): void {
    if (this.json) this.warnings.push(this.redact(line));
    else this.sink.err(this.redact(`Warning: ${line}`));
  }

  /** Ends successfully; returns the exit code. */
  success(result: unknown): number {
    if (this.json) {
      this.sink.out(
        this.redact(JSON.stringify({ status: EXIT_OK, result, warnings: this.warnings }, null, 2))
      );
    }
    return EXIT_OK;
  }

  /** Ends with a failure; returns its exit code. */
  failure(error: CommandError): number {
    if (this.json) {
      const body = {
        status: error.exitCode,
        name: error.name,
        message: error.message,
        exitCode: error.exitCode,
        ...(error.data === undefined ? {} : { data: error.data }),
        warnings: this.warnings
      };
      this.sink.out(this.redact(JSON.stringify(body, null, 2)));
    } else {
      this.sink.err(this.redact(`Error (${error.name}): ${error.message}`));
    }
    return error.exitCode;
  }
}

/** Turns anything thrown into a CommandError. */
export function asCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CommandError('UnexpectedError', message);
}

/** A plain-text table with aligned columns. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
