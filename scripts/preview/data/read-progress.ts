/**
 * Progress lines for long export reads, written to stderr so that anything a
 * command prints on stdout (JSON included) stays clean. Small files say
 * nothing; big ones report at most every few seconds, and once when done.
 */
import type { ProgressListener, ReadProgress } from './file-chunks';

/** Files smaller than this are read without progress lines. */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;
/** At most one line per this many ms while a file is read. */
export const PROGRESS_INTERVAL_MS = 2000;

const NUMBER_FORMAT = new Intl.NumberFormat('en-US');
const MEGABYTE = 1024 * 1024;
const PERCENT = 100;

/** One progress line: "Reading LoginHistory.json: 45% (248 of 551 MB, 570,123 records)". */
export function describeProgress(progress: ReadProgress): string {
  const { file, bytesRead, totalBytes, records } = progress;
  const megabytes = (bytes: number) => NUMBER_FORMAT.format(Math.round(bytes / MEGABYTE));
  const counted = `${NUMBER_FORMAT.format(records)} record${records === 1 ? '' : 's'}`;
  if (progress.done) return `Read ${file}: ${counted} (${megabytes(totalBytes)} MB).`;
  const percent = totalBytes ? Math.floor((bytesRead / totalBytes) * PERCENT) : PERCENT;
  return `Reading ${file}: ${percent}% (${megabytes(bytesRead)} of ${megabytes(totalBytes)} MB, ${counted})`;
}

export interface ProgressReporterOptions {
  /** Where lines go; process.stderr by default. */
  write?: (line: string) => void;
  minBytes?: number;
  intervalMs?: number;
  clock?: () => number;
}

/** A progress listener that writes throttled lines for big files. */
export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressListener {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const minBytes = options.minBytes ?? PROGRESS_MIN_BYTES;
  const intervalMs = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const clock = options.clock ?? Date.now;
  let lastFile: string | null = null;
  let lastLine = 0;
  return (progress) => {
    if (progress.totalBytes < minBytes) return;
    const now = clock();
    if (progress.file !== lastFile) {
      lastFile = progress.file;
      lastLine = now;
    }
    if (progress.done || now - lastLine >= intervalMs) {
      lastLine = now;
      write(describeProgress(progress));
    }
  };
}
