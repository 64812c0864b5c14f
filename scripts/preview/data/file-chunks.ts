/**
 * Reads an export file in fixed-size chunks, synchronously, so a file of any
 * size is read with flat memory (no whole-file Buffer or string: Node cannot
 * hold a string longer than about 512 MB). Detects the encoding from the first
 * bytes: UTF-8 (a BOM is dropped) or UTF-16LE with its BOM, which Windows
 * PowerShell 5 writes for `sf data query ... > File.json`.
 */
import * as fs from 'node:fs';

/** Bytes read per chunk. */
export const CHUNK_BYTES = 1 << 20;

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

export type TextEncoding = 'utf8' | 'utf16le';

/** How far reading has got, for progress lines. */
export interface ReadProgress {
  /** The file name as shown to the user ("LoginHistory.json"). */
  file: string;
  bytesRead: number;
  totalBytes: number;
  /** Records handed over so far. */
  records: number;
  done: boolean;
}

/** Receives progress after each chunk and once at the end. */
export type ProgressListener = (progress: ReadProgress) => void;

/** Where a chunk goes: bytes for UTF-8 (the JSON tokenizer reads them directly), text otherwise. */
export interface ChunkSink {
  bytes(chunk: Uint8Array): void;
  text(chunk: string): void;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * Feeds the file to `sink` chunk by chunk. UTF-8 goes to sink.bytes (BOM
 * removed) unless `utf8AsText` is set; UTF-16LE is decoded and goes to sink.text.
 * @param records counts records handed over so far, for progress
 */
export function readFileInChunks(
  filePath: string,
  displayName: string,
  sink: ChunkSink,
  options: { utf8AsText?: boolean; progress?: ProgressListener; records?: () => number } = {}
): TextEncoding {
  const totalBytes = fs.statSync(filePath).size;
  const buffer = new Uint8Array(CHUNK_BYTES);
  const records = options.records ?? (() => 0);
  const fd = fs.openSync(filePath, 'r');
  let encoding: TextEncoding = 'utf8';
  let decoder: TextDecoder | null = null;
  let bytesRead = 0;
  try {
    for (;;) {
      const count = fs.readSync(fd, buffer, 0, CHUNK_BYTES, bytesRead);
      if (count === 0) break;
      let chunk = buffer.subarray(0, count);
      if (bytesRead === 0) {
        if (startsWith(chunk, UTF16LE_BOM)) {
          encoding = 'utf16le';
          chunk = chunk.subarray(UTF16LE_BOM.length);
        } else if (startsWith(chunk, UTF8_BOM)) {
          chunk = chunk.subarray(UTF8_BOM.length);
        }
        if (encoding === 'utf16le' || options.utf8AsText)
          decoder = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-8');
      }
      bytesRead += count;
      if (decoder) sink.text(decoder.decode(chunk, { stream: true }));
      else sink.bytes(chunk);
      options.progress?.({
        file: displayName,
        bytesRead,
        totalBytes,
        records: records(),
        done: false
      });
    }
    if (decoder) {
      const rest = decoder.decode();
      if (rest) sink.text(rest);
    }
  } finally {
    fs.closeSync(fd);
  }
  return encoding;
}
