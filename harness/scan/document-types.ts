// Field types for indexing one document at a time: an index's field types plus, on top, what dynamic
// mapping adds for this document alone, forgotten before the next one (`reset`).
//
// Elasticsearch keeps the first dynamic mapping of a field and rejects later documents whose value does
// not fit it; which document comes first in a scan is an accident of file order, and with the
// prefilter most documents are never parsed. So a scan judges every document on its own against the
// index's mapping: whether a document is accepted never depends on other lines, and the prefilter
// cannot change it. Fields a rule names that the mapping lacks are mapped up front (see
// elastic-records.ts), so the rule reads them the same way in every document.
import { FieldTypes, type FieldType } from '../engines/eql/mappings/field-types.js';

export class DocumentFieldTypes extends FieldTypes {
  /** What the current document added (FieldTypes.add applies the index-level ignore_above there). */
  private layer: FieldTypes;
  private dirty = false;
  /** Mappers the current document added (names neither the base nor the layer had), for the total-fields limit. */
  private added = 0;

  constructor(private readonly base: FieldTypes) {
    super(base.dynamicSettings, base.indexIgnoreAbove, base.fieldLimits);
    this.layer = new FieldTypes(base.dynamicSettings, base.indexIgnoreAbove);
  }

  /** Forgets what the last document added. */
  reset(): void {
    if (!this.dirty) return;
    this.version++;
    this.layer = new FieldTypes(this.base.dynamicSettings, this.base.indexIgnoreAbove);
    this.dirty = false;
    this.added = 0;
  }

  override get mapperCount(): number {
    return this.base.mapperCount + this.added;
  }

  private countNewInDocument(name: string): void {
    if (!this.has(name) && !this.isObject(name)) this.added++;
  }

  override get(name: string): FieldType | undefined {
    return this.dirty ? (this.layer.get(name) ?? this.base.get(name)) : this.base.get(name);
  }

  override has(name: string): boolean {
    return (this.dirty && this.layer.has(name)) || this.base.has(name);
  }

  override isObject(name: string): boolean {
    return (this.dirty && this.layer.isObject(name)) || this.base.isObject(name);
  }

  override names(): string[] {
    return [...new Set([...this.base.names(), ...this.layer.names()])];
  }

  override all(): FieldType[] {
    return this.names().map((n) => this.get(n) as FieldType);
  }

  override add(field: FieldType): void {
    if (this.has(field.name) && field.dynamic) return;
    this.countNewInDocument(field.name);
    for (let dot = field.name.indexOf('.'); dot >= 0; dot = field.name.indexOf('.', dot + 1)) this.countNewInDocument(field.name.slice(0, dot));
    this.dirty = true;
    this.version++;
    this.layer.add(field);
  }

  override addObject(name: string): void {
    this.countNewInDocument(name);
    this.dirty = true;
    this.version++;
    this.layer.addObject(name);
  }

  /** A plain copy (objects the document declared without any field under them are not carried over). */
  override clone(): FieldTypes {
    const copy = this.base.clone();
    for (const f of this.layer.all()) copy.add(f);
    return copy;
  }
}
