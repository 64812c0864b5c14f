/**
 * Turns a flat Bulk API row ({ "Profile.Name": "System Administrator",
 * "IsActive": "true" }) into a record shaped like REST query output
 * ({ Profile: { Name: ... }, IsActive: true }), so the same schemas read
 * both. Bulk API 2.0 results are CSV text: every value is a string, and an
 * empty cell stands for null (our reading; the documentation describes the
 * CSV layout but not how a null is written, so this is unverified).
 */
import type { FieldKind, FieldSpec, RecordSchema } from './record-schema';
import type { SfRecord } from './sf-export-format';

const WHOLE_NUMBER = /^\d+$/;

/** A cell's value for a field of the given kind; text that is not one is kept for the schema to report. */
function typedValue(kind: FieldKind | undefined, text: string): unknown {
  if (text === '') return null;
  if (kind === 'boolean') {
    if (text === 'true') return true;
    if (text === 'false') return false;
  } else if (kind === 'count' && WHOLE_NUMBER.test(text)) {
    return Number(text);
  }
  return text;
}

/** Converts flat rows of one object; column names match the schema's field paths case-insensitively. */
export class FlatRecordReader {
  private readonly kindByPath = new Map<string, FieldKind>();
  private readonly pathByLowerCase = new Map<string, string>();
  private readonly segmentsByColumn = new Map<string, { segments: string[]; kind?: FieldKind }>();

  constructor(
    schema: RecordSchema<unknown>,
    private readonly objectType: string
  ) {
    for (const spec of Object.values(schema.fields) as FieldSpec[]) {
      this.kindByPath.set(spec.path, spec.kind);
      this.pathByLowerCase.set(spec.path.toLowerCase(), spec.path);
    }
  }

  /** The column's path segments and kind, cached per column name. */
  private column(name: string): { segments: string[]; kind?: FieldKind } {
    let known = this.segmentsByColumn.get(name);
    if (!known) {
      const path = this.pathByLowerCase.get(name.toLowerCase()) ?? name;
      known = { segments: path.split('.'), kind: this.kindByPath.get(path) };
      this.segmentsByColumn.set(name, known);
    }
    return known;
  }

  read(flat: Record<string, unknown>): SfRecord {
    const record: SfRecord = { attributes: { type: this.objectType } };
    for (const name of Object.keys(flat)) {
      const raw = flat[name];
      const { segments, kind } = this.column(name);
      const value = typeof raw === 'string' ? typedValue(kind, raw) : raw;
      let target: Record<string, unknown> = record;
      for (let i = 0; i < segments.length - 1; i++) {
        let next = target[segments[i]];
        if (!next || typeof next !== 'object') {
          next = {};
          target[segments[i]] = next;
        }
        target = next as Record<string, unknown>;
      }
      target[segments[segments.length - 1]] = value;
    }
    return record;
  }
}
