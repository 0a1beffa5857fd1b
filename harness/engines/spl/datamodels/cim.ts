// The CIM data models as Splunk_SA_CIM defines them (default/data/models/<Model>.json): for each dataset
// its parent, its constraint (the `baseSearch` tags; `cim_<Model>_indexes` defaults to every index), the
// eval it runs after the constraint, the fields it extracts and its calculated fields in order. Source of
// every entry below: Splunk_SA_CIM default/data/models/Endpoint.json as published in
// aplura/splunk-sa-cim (CIM 4.x). Field meanings: the CIM field reference
// https://help.splunk.com/splunk-enterprise-security-7/common-information-model/5.1/data-models/endpoint
// Datasets inherit `_time`, `host`, `source` and `sourcetype` from BaseSearch; tstats also groups by
// `index` and `splunk_server` (indexed fields).
//
// Only Endpoint is modelled: its Processes, Filesystem, Registry, Services and Ports datasets. A search on
// any other data model is refused by name (datamodels/index.ts), never run against an empty model.

export interface Calculation {
  field: string;
  /** An SPL eval expression over the event's fields (and the fields calculated before it). */
  expression: string;
}

export interface DatasetDefinition {
  name: string;
  /** The parent dataset's name; null for a root dataset (parent BaseSearch). */
  parent: string | null;
  /** The constraint as an SPL search (tags, field=value). */
  constraint: string;
  /** `| eval` assignments the constraint search runs (field = expression), before the calculations. */
  constraintEvals: Calculation[];
  /** Extracted fields (besides the inherited _time, host, source, sourcetype). */
  fields: string[];
  calculations: Calculation[];
}

export interface DataModelDefinition {
  name: string;
  datasets: DatasetDefinition[];
  source: string;
}

/** `if(isnull(f) OR f="","unknown",f)`: the CIM's fillnull calculation. */
function unknownIfEmpty(field: string): Calculation {
  return { field, expression: `if(isnull(${field}) OR ${field}="","unknown",${field})` };
}

/** The CIM's `*_vendor_product` calculation (identical in every Endpoint dataset). */
const VENDOR_PRODUCT: Calculation = {
  field: 'vendor_product',
  expression:
    'case(isnotnull(vendor_product),vendor_product,isnotnull(vendor) AND vendor!="unknown" AND isnotnull(product) AND product!="unknown",vendor." ".product,' +
    'isnotnull(vendor) AND vendor!="unknown" AND (isnull(product) OR product="unknown"),vendor." unknown",' +
    '(isnull(vendor) OR vendor="unknown") AND isnotnull(product) AND product!="unknown","unknown ".product,isnotnull(sourcetype),sourcetype,1=1,"unknown")',
};

/**
 * `*_fillnull_process_name` / `*_fillnull_parent_process_name`: the name as extracted, else the image
 * name taken from the command line (a quoted path's last component, or the first token's last
 * component), else "unknown". The regular expressions are the JSON's, with SPL string escapes.
 */
function nameFromCommandLine(name: string, commandLine: string): Calculation {
  const quoted = String.raw`"^\s*(?:\"..*\\\([^\"]+)\").*"`;
  const bare = String.raw`"^(?:..*\\\)?([^\s\"]+)(?=\s|$).*"`;
  return {
    field: name,
    expression:
      `case(isnotnull(${name}) AND ${name}!="", ${name}, ` +
      `isnotnull(${commandLine}) AND ${commandLine}!="" AND match(${commandLine}, ${quoted}), replace(${commandLine}, ${quoted}, "\\1"), ` +
      `isnotnull(${commandLine}) AND ${commandLine}!="" AND match(${commandLine}, ${bare}), replace(${commandLine}, ${bare}, "\\1"), 1=1, "unknown")`,
  };
}

/** Fields Enterprise Security's asset and identity correlation adds (never extracted by an add-on). */
const ASSET_FIELDS = ['dest_bunit', 'dest_category', 'dest_priority', 'dest_requires_av', 'dest_should_timesync', 'dest_should_update', 'user_bunit', 'user_category', 'user_priority', 'cim_entity_zone'];

const PROCESS_IDENTITY = ['parent_process_exec', 'parent_process_hash', 'parent_process_id', 'parent_process_guid', 'parent_process_path', 'process_exec', 'process_guid', 'process_hash', 'process_id', 'process_path'];

export const ENDPOINT: DataModelDefinition = {
  name: 'Endpoint',
  source: 'Splunk_SA_CIM default/data/models/Endpoint.json (aplura/splunk-sa-cim)',
  datasets: [
    {
      name: 'Ports',
      parent: null,
      constraint: 'tag=listening tag=port',
      constraintEvals: [
        { field: 'transport', expression: 'if(isnull(transport) OR transport="","unknown",transport)' },
        { field: 'dest_port', expression: 'if(isnull(dest_port) OR dest_port="",0,dest_port)' },
        { field: 'transport_dest_port', expression: 'mvzip(transport,dest_port,"/")' },
      ],
      fields: ['creation_time', 'dest_port', 'process_guid', 'process_id', 'state', 'tag', 'transport', 'transport_dest_port', 'src_bunit', 'src_category', 'src_priority', 'src_requires_av', 'src_should_timesync', 'src_should_update', ...ASSET_FIELDS],
      calculations: [
        unknownIfEmpty('src'),
        { field: 'src_port', expression: 'if(isnum(src_port),src_port,0)' },
        unknownIfEmpty('dest'),
        unknownIfEmpty('user'),
        VENDOR_PRODUCT,
      ],
    },
    {
      name: 'Processes',
      parent: null,
      constraint: 'tag=process tag=report',
      constraintEvals: [{ field: 'process_integrity_level', expression: 'lower(process_integrity_level)' }],
      fields: ['action', 'cpu_load_percent', 'dest_is_expected', 'mem_used', 'os', 'process_current_directory', 'process_integrity_level', 'tag', 'user_id', ...PROCESS_IDENTITY, ...ASSET_FIELDS],
      calculations: [
        unknownIfEmpty('dest'),
        unknownIfEmpty('loaded_file'),
        unknownIfEmpty('original_file_name'),
        unknownIfEmpty('parent_process'),
        nameFromCommandLine('parent_process_name', 'parent_process'),
        unknownIfEmpty('parent_user'),
        unknownIfEmpty('process'),
        nameFromCommandLine('process_name', 'process'),
        unknownIfEmpty('user'),
        VENDOR_PRODUCT,
      ],
    },
    {
      name: 'Services',
      parent: null,
      constraint: 'tag=service tag=report',
      constraintEvals: [],
      fields: ['description', 'dest_is_expected', 'process_guid', 'process_id', 'service_dll', 'service_dll_path', 'service_dll_hash', 'service_dll_signature_exists', 'service_dll_signature_verified', 'service_exec', 'service_hash', 'service_path', 'service_signature_exists', 'service_signature_verified', 'tag', ...ASSET_FIELDS],
      calculations: [unknownIfEmpty('dest'), unknownIfEmpty('service'), unknownIfEmpty('service_name'), unknownIfEmpty('service_id'), unknownIfEmpty('start_mode'), unknownIfEmpty('status'), unknownIfEmpty('user'), VENDOR_PRODUCT],
    },
    {
      name: 'Filesystem',
      parent: null,
      constraint: 'tag=endpoint tag=filesystem',
      constraintEvals: [],
      fields: ['file_access_time', 'file_create_time', 'file_modify_time', 'image', 'tag', ...PROCESS_IDENTITY, ...ASSET_FIELDS],
      calculations: [
        unknownIfEmpty('action'),
        unknownIfEmpty('dest'),
        unknownIfEmpty('file_hash'),
        unknownIfEmpty('file_name'),
        unknownIfEmpty('file_path'),
        unknownIfEmpty('file_acl'),
        { field: 'file_size', expression: 'if(isnum(file_size),file_size,null())' },
        unknownIfEmpty('parent_process'),
        nameFromCommandLine('parent_process_name', 'parent_process'),
        unknownIfEmpty('process'),
        nameFromCommandLine('process_name', 'process'),
        unknownIfEmpty('user'),
        VENDOR_PRODUCT,
      ],
    },
    {
      name: 'Registry',
      parent: null,
      constraint: 'tag=endpoint tag=registry',
      constraintEvals: [],
      fields: ['image', 'registry_hive', 'registry_value_text', 'status', 'tag', ...PROCESS_IDENTITY, ...ASSET_FIELDS],
      calculations: [
        unknownIfEmpty('action'),
        unknownIfEmpty('dest'),
        unknownIfEmpty('parent_process'),
        nameFromCommandLine('parent_process_name', 'parent_process'),
        unknownIfEmpty('process'),
        nameFromCommandLine('process_name', 'process'),
        unknownIfEmpty('registry_path'),
        unknownIfEmpty('registry_key_name'),
        unknownIfEmpty('registry_value_data'),
        unknownIfEmpty('registry_value_name'),
        unknownIfEmpty('registry_value_type'),
        unknownIfEmpty('user'),
        VENDOR_PRODUCT,
      ],
    },
  ],
};

export const DATA_MODELS: readonly DataModelDefinition[] = [ENDPOINT];

/** Fields every dataset inherits from BaseSearch, named without the dataset prefix in tstats. */
export const INHERITED_FIELDS: readonly string[] = ['_time', 'host', 'source', 'sourcetype'];
