// The fields of one event during search-time extraction: name -> values (a field is multivalued when
// it holds more than one). Extraction steps run in Splunk's search-time order (EXTRACT, REPORT,
// automatic key-value, FIELDALIAS, EVAL), each reading what the earlier steps produced:
// https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/use-the-configuration-files-to-configure-field-extractions/configure-automatic-key-value-field-extraction

export class FieldSet {
  readonly values = new Map<string, string[]>();

  /**
   * Adds a value. Without `mv`, a field that already has a value keeps it (the first extraction of a
   * field wins, as the add-on's ordered REPORT lists expect); with `mv` the value is appended
   * (transforms with MV_ADD). Empty values are not stored: an empty capture creates no field.
   */
  add(name: string, value: string | null | undefined, mv = false): void {
    if (value === null || value === undefined || value === '' || name === '') return;
    const existing = this.values.get(name);
    if (existing === undefined) this.values.set(name, [value]);
    else if (mv) existing.push(value);
  }

  /** Sets a field, replacing what it held (EVAL- and FIELDALIAS- results); null removes it. */
  set(name: string, value: string | null | undefined): void {
    if (value === null || value === undefined || value === '') this.values.delete(name);
    else this.values.set(name, [value]);
  }

  /** First value, or null when the field is absent. */
  get(name: string): string | null {
    return this.values.get(name)?.[0] ?? null;
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The field's values joined by newlines, as a transform with SOURCE_KEY sees a multivalue field. */
  joined(name: string): string | null {
    const v = this.values.get(name);
    return v === undefined ? null : v.join('\n');
  }
}

/** `(?:.*\\)?(.*)`: what follows the last backslash (the add-on's extract_*_process_name transforms). */
export function basename(path: string | null): string | null {
  if (path === null) return null;
  const i = path.lastIndexOf('\\');
  return i < 0 ? path : path.slice(i + 1);
}

/** Numeric equality as eval's `==` applies it to two numeric strings (`EventCode==4688`). */
export function numEq(value: string | null, n: number): boolean {
  if (value === null) return false;
  const v = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(v) && v === n;
}
