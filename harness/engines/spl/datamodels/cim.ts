// The CIM data models as Splunk_SA_CIM defines them (default/data/models/<Model>.json): for each dataset
// its parent, its constraint (the `baseSearch` tags; `cim_<Model>_indexes` defaults to every index), the
// eval it runs after the constraint, the fields it extracts and its calculated fields in order. Source of
// every entry below: Splunk_SA_CIM default/data/models/Endpoint.json as published in
// aplura/splunk-sa-cim (CIM 4.x). Field meanings: the CIM field reference
// https://help.splunk.com/splunk-enterprise-security-7/common-information-model/5.1/data-models/endpoint
// Datasets inherit `_time`, `host`, `source` and `sourcetype` from BaseSearch; tstats also groups by
// `index` and `splunk_server` (indexed fields).
//
// Modelled: Endpoint (Processes, Filesystem, Registry, Services, Ports; Endpoint.json),
// Network_Traffic (All_Traffic and its action children; Network_Traffic.json), Network_Resolution
// (DNS; Network_Resolution.json), Web (Web, Proxy, Storage; Web.json), Authentication (with its
// Failed/Successful/Default/Insecure/Privileged children; Authentication.json) and Change (All_Changes
// and its audit, endpoint, network, account and instance children; Change.json). Child datasets' own fields take the root's prefix like the inherited
// ones (`Web.storage_name`): this engine's reading, the JSON does not say how tstats names them. A search
// on any other data model is refused by name (datamodels/index.ts), never run against an empty model.

export interface Calculation {
  field: string;
  /** An SPL eval expression over the event's fields (and the fields calculated before it). */
  expression: string;
  /**
   * A Rex calculation instead of an Eval: the PCRE `expression` runs over the first value of `input`,
   * and its named group `field` is the result (none when it does not match).
   */
  rexInput?: string;
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

/** A child dataset: a constraint under its parent, with its own fields and calculations if any. */
function child(name: string, parent: string, constraint: string, fields: string[] = [], calculations: Calculation[] = []): DatasetDefinition {
  return { name, parent, constraint, constraintEvals: [], fields, calculations };
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

/**
 * `<f>`, `<f>_in`, `<f>_out` (bytes, packets): each as given, else computed from the other two
 * (`All_Traffic_bytes`, `Web_bytes_in`, ...: the same three expressions in every model that has them).
 */
function totalInOut(f: string): Calculation[] {
  return [
    { field: f, expression: `case(isnum(${f}),${f},isnum(${f}_in) AND isnum(${f}_out),${f}_in+${f}_out,1=1,null())` },
    { field: `${f}_in`, expression: `case(isnum(${f}_in),${f}_in,isnum(${f}) AND isnum(${f}_out),${f}-${f}_out,1=1,null())` },
    { field: `${f}_out`, expression: `case(isnum(${f}_out),${f}_out,isnum(${f}) AND isnum(${f}_in),${f}-${f}_in,1=1,null())` },
  ];
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

export const NETWORK_TRAFFIC: DataModelDefinition = {
  name: 'Network_Traffic',
  source: 'Splunk_SA_CIM default/data/models/Network_Traffic.json (aplura/splunk-sa-cim)',
  datasets: [
    {
      name: 'All_Traffic',
      parent: null,
      constraint: 'tag=network tag=communicate',
      constraintEvals: [],
      fields: [
        'app', 'channel', 'dest_interface', 'dest_ip', 'dest_mac', 'dest_translated_ip', 'dest_translated_port', 'dest_zone', 'direction', 'duration',
        'dvc_ip', 'dvc_bunit', 'dvc_category', 'dvc_mac', 'dvc_priority', 'dvc_zone', 'flow_id', 'icmp_code', 'icmp_type', 'process_guid', 'process_id',
        'protocol', 'protocol_version', 'response_time', 'rule_id', 'session_id', 'src_bunit', 'src_category', 'src_interface', 'src_ip', 'src_mac',
        'src_priority', 'src_translated_ip', 'src_translated_port', 'src_zone', 'ssid', 'tag', 'tcp_flag', 'tos', 'ttl', 'vlan', 'wifi', 'vendor_account',
        'dest_bunit', 'dest_category', 'dest_priority', 'user_bunit', 'user_category', 'user_priority', 'cim_entity_zone',
      ],
      calculations: [
        unknownIfEmpty('action'),
        ...totalInOut('bytes'),
        unknownIfEmpty('dest'),
        { field: 'dest_port', expression: 'if(isnum(dest_port),dest_port,0)' },
        unknownIfEmpty('dvc'),
        ...totalInOut('packets'),
        unknownIfEmpty('rule'),
        unknownIfEmpty('src'),
        { field: 'src_port', expression: 'if(isnum(src_port),src_port,0)' },
        { field: 'transport', expression: 'if(isnull(transport) OR transport="","unknown",lower(transport))' },
        unknownIfEmpty('user'),
        VENDOR_PRODUCT,
      ],
    },
    child('Traffic_By_Action', 'All_Traffic', 'action=*'),
    child('Allowed_Traffic', 'Traffic_By_Action', 'action=allowed'),
    child('Blocked_Traffic', 'Traffic_By_Action', 'action=blocked'),
  ],
};

/**
 * Network_Resolution.DNS. Its `reply_code` is a lookup calculation (cim_dns_reply_code_lookup over
 * reply_code_id), which needs Splunk_SA_CIM's lookup file: here reply_code is only what the event carries.
 */
export const NETWORK_RESOLUTION: DataModelDefinition = {
  name: 'Network_Resolution',
  source: 'Splunk_SA_CIM default/data/models/Network_Resolution.json (aplura/splunk-sa-cim)',
  datasets: [
    {
      name: 'DNS',
      parent: null,
      constraint: 'tag=network tag=resolution tag=dns',
      constraintEvals: [],
      fields: [
        'additional_answer_count', 'authority_answer_count', 'dest_bunit', 'dest_category', 'dest_ip', 'dest_port', 'dest_priority', 'duration', 'name',
        'query_type', 'record_type', 'reply_code', 'response_time', 'src', 'src_bunit', 'src_category', 'src_ip', 'src_port', 'src_priority', 'tag',
        'transport', 'transaction_id', 'ttl', 'cim_entity_zone',
      ],
      calculations: [
        unknownIfEmpty('answer'),
        { field: 'answer_count', expression: 'case(isnum(answer_count),answer_count,isnotnull(answer),mvcount(answer),1=1,1)' },
        unknownIfEmpty('dest'),
        unknownIfEmpty('message_type'),
        unknownIfEmpty('query'),
        { field: 'query_count', expression: 'case(isnum(query_count),query_count,isnotnull(query),mvcount(query),1=1,1)' },
        { field: 'reply_code_id', expression: 'case(isnotnull(reply_code_id) AND reply_code_id!="",reply_code_id,isnotnull(reply_code) AND reply_code!="",reply_code,1=1,"unknown")' },
        VENDOR_PRODUCT,
      ],
    },
  ],
};

/** `if(isnull(f) OR f="" OR f="-","unknown",f)`: Web's fillnull, which also treats "-" as empty. */
function unknownIfEmptyOrDash(field: string): Calculation {
  return { field, expression: `if(isnull(${field}) OR ${field}="" OR ${field}="-","unknown",${field})` };
}

export const WEB: DataModelDefinition = {
  name: 'Web',
  source: 'Splunk_SA_CIM default/data/models/Web.json (aplura/splunk-sa-cim)',
  datasets: [
    {
      name: 'Web',
      parent: null,
      constraint: 'tag=web',
      constraintEvals: [],
      fields: ['app', 'cached', 'category', 'cookie', 'dest_bunit', 'dest_category', 'dest_ip', 'dest_port', 'dest_priority', 'duration', 'response_time', 'site', 'src_bunit', 'src_category', 'src_ip', 'src_priority', 'tag', 'uri_path', 'uri_query', 'user_bunit', 'user_category', 'user_priority', 'cim_entity_zone'],
      calculations: [
        unknownIfEmpty('action'),
        ...totalInOut('bytes'),
        unknownIfEmptyOrDash('dest'),
        unknownIfEmptyOrDash('http_content_type'),
        unknownIfEmptyOrDash('http_method'),
        unknownIfEmptyOrDash('http_referrer'),
        { field: 'http_referrer_domain', rexInput: 'http_referrer', expression: '^(?:http|https|ftp):\\/\\/(?:[a-zA-Z0-9\\.\\-]+(?::[a-zA-Z0-9]+)?@)?(?<http_referrer_domain>[^\\/:]+)(?::[0-9]+)?' },
        unknownIfEmptyOrDash('http_user_agent'),
        { field: 'http_user_agent_length', expression: 'len(http_user_agent)' },
        unknownIfEmptyOrDash('src'),
        unknownIfEmptyOrDash('status'),
        unknownIfEmptyOrDash('url'),
        { field: 'url_domain', rexInput: 'url', expression: '^((?:http|https|ftp):\\/\\/)*(?:[a-zA-Z0-9\\.\\-]+(?::[a-zA-Z0-9]+)?@)?(?<url_domain>[^\\/:]+)(?::[0-9]+)?' },
        { field: 'url_length', expression: 'len(url)' },
        unknownIfEmpty('user'),
        VENDOR_PRODUCT,
      ],
    },
    child('Proxy', 'Web', 'tag=proxy'),
    child('Storage', 'Web', 'tag=storage', ['storage_name', 'operation', 'error_code']),
  ],
};

export const AUTHENTICATION: DataModelDefinition = {
  name: 'Authentication',
  source: 'Splunk_SA_CIM default/data/models/Authentication.json (aplura/splunk-sa-cim)',
  datasets: [
    {
      name: 'Authentication',
      parent: null,
      constraint: 'tag=authentication NOT (action=success user=*$)',
      constraintEvals: [],
      fields: [
        'authentication_method', 'authentication_service', 'dest_bunit', 'dest_category', 'dest_nt_domain', 'dest_priority', 'duration', 'process', 'reason', 'reason_id',
        'response_time', 'session_id', 'signature', 'signature_id', 'src_bunit', 'src_category', 'src_nt_domain', 'src_priority', 'src_user_bunit', 'src_user_category',
        'src_user_id', 'src_user_priority', 'src_user_role', 'src_user_type', 'tag', 'user_agent', 'user_bunit', 'user_category', 'user_id', 'user_priority', 'user_role',
        'user_type', 'vendor_account', 'cim_entity_zone',
      ],
      calculations: [
        unknownIfEmpty('action'),
        { field: 'app', expression: 'if(isnull(app) OR app="",sourcetype,app)' },
        unknownIfEmpty('src'),
        unknownIfEmpty('src_user'),
        unknownIfEmpty('dest'),
        unknownIfEmpty('user'),
        unknownIfEmpty('result'),
      ],
    },
    child('Failed_Authentication', 'Authentication', 'action="failure" OR result="failure"'),
    child('Successful_Authentication', 'Authentication', 'action="success" OR result="success"'),
    child('Default_Authentication', 'Authentication', 'tag="default"'),
    child('Failed_Default_Authentication', 'Default_Authentication', 'action="failure"'),
    child('Successful_Default_Authentication', 'Default_Authentication', 'action="success"'),
    child('Insecure_Authentication', 'Authentication', 'tag="insecure" OR tag="cleartext"'),
    child('Privileged_Authentication', 'Authentication', 'tag="privileged"'),
    child('Failed_Privileged_Authentication', 'Privileged_Authentication', 'action="failure"'),
    child('Successful_Privileged_Authentication', 'Privileged_Authentication', 'action="success"'),
  ],
};

export const CHANGE: DataModelDefinition = {
  name: 'Change',
  source: 'Splunk_SA_CIM default/data/models/Change.json (aplura/splunk-sa-cim)',
  datasets: [
    {
      name: 'All_Changes',
      parent: null,
      constraint: 'tag=change',
      constraintEvals: [],
      fields: ['dest_bunit', 'dest_category', 'dest_priority', 'src_bunit', 'src_category', 'src_priority', 'tag', 'user_agent', 'user_bunit', 'user_category', 'user_priority', 'user_type', 'vendor_account', 'vendor_region', 'cim_entity_zone'],
      calculations: [
        unknownIfEmpty('change_type'),
        { field: 'command', expression: 'if(isnull(command) OR command="","unknown",if(sourcetype=="audittrail",Operation." ".ObjectName,command))' },
        unknownIfEmpty('dest'),
        unknownIfEmpty('dvc'),
        unknownIfEmpty('object'),
        unknownIfEmpty('object_attrs'),
        unknownIfEmpty('object_category'),
        unknownIfEmpty('object_id'),
        unknownIfEmpty('object_path'),
        unknownIfEmpty('status'),
        { field: 'result', expression: 'if(isnotnull(result) AND result!="",result,if(isnotnull(signature) AND signature!="",signature,"unknown"))' },
        { field: 'result_id', expression: 'if(isnotnull(result_id) AND result_id!="",result_id,if(isnotnull(signature_id) AND signature_id!="",signature_id,-1))' },
        unknownIfEmpty('src'),
        unknownIfEmpty('user'),
        unknownIfEmpty('user_name'),
        VENDOR_PRODUCT,
        unknownIfEmpty('action'),
      ],
    },
    child('Auditing_Changes', 'All_Changes', 'tag=audit'),
    child('Endpoint_Changes', 'All_Changes', 'tag=endpoint'),
    child('Endpoint_Restarts', 'Endpoint_Changes', 'action=modified change_type=restart'),
    child('Other_Endpoint_Changes', 'Endpoint_Changes', 'NOT change_type=restart'),
    child('Network_Changes', 'All_Changes', 'tag=network', ['dest_ip_range', 'dest_port_range', 'direction', 'protocol', 'rule_action', 'src_ip_range', 'src_port_range']),
    child('Device_Restarts', 'Network_Changes', 'action=modified change_type=restart'),
    child('Account_Management', 'All_Changes', 'tag=account', ['src_user_bunit', 'src_user_category', 'src_user_priority', 'src_user_type'], [
      unknownIfEmpty('dest_nt_domain'),
      unknownIfEmpty('src_nt_domain'),
      unknownIfEmpty('src_user'),
      unknownIfEmpty('src_user_name'),
    ]),
    child('Accounts_Created', 'Account_Management', 'action="created"'),
    child('Accounts_Deleted', 'Account_Management', 'action="deleted"'),
    child('Account_Lockouts', 'Account_Management', 'result="lockout"'),
    child('Accounts_Updated', 'Account_Management', 'action="updated" OR action="modified"'),
    child('Instance_Changes', 'All_Changes', 'tag=instance', [], [unknownIfEmpty('image_id'), unknownIfEmpty('instance_type')]),
  ],
};

export const DATA_MODELS: readonly DataModelDefinition[] = [ENDPOINT, NETWORK_TRAFFIC, NETWORK_RESOLUTION, WEB, AUTHENTICATION, CHANGE];

/** Fields every dataset inherits from BaseSearch, named without the dataset prefix in tstats. */
export const INHERITED_FIELDS: readonly string[] = ['_time', 'host', 'source', 'sourcetype'];
