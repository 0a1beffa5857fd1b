// Types for the parts of splunk-sdk 2.0.2 (JavaScript, no types of its own) the Splunk backend uses.
// Read from node_modules/splunk-sdk/lib/{http,context,service,paths}.js. Only the modules under lib/
// are imported: the package's index.js runs `require("dotenv").config()`, which would load a `.env`
// file from the user's working directory into process.env (and so into DTH_* settings).

declare module 'splunk-sdk/lib/http.js' {
  /** What Http.request hands to makeRequest: the URL is already absolute and carries the query. */
  export interface SdkHttpMessage {
    method: string;
    headers: Record<string, string>;
    /** Form-encoded POST body, or "" . */
    body: string;
    timeout?: number;
    response_timeout?: number;
    query?: Record<string, unknown>;
  }
  /** The response shape the SDK expects from makeRequest (and throws when status >= 400). */
  export interface SdkHttpResponse {
    response: { headers: Record<string, string | string[] | undefined>; statusCode: number };
    status: number;
    data: unknown;
    error: unknown;
  }
  /** The SDK's transport seam: subclasses implement makeRequest and parseJson. */
  class Http {
    constructor();
    makeRequest(url: string, message: SdkHttpMessage): Promise<SdkHttpResponse>;
    parseJson(json: string): unknown;
  }
  export = Http;
}

declare module 'splunk-sdk/lib/service.js' {
  import type Http from 'splunk-sdk/lib/http.js';
  import type { SdkHttpResponse } from 'splunk-sdk/lib/http.js';
  type Params = Record<string, string | number | undefined>;
  interface ServiceParams {
    scheme: string;
    host: string;
    port: string | number;
    owner?: string;
    app?: string;
    /** Scheme word of the Authorization header: `Authorization: <authorization> <sessionKey>`. */
    authorization?: string;
    sessionKey?: string;
    autologin?: boolean;
    version?: string;
  }
  /** splunkjs.Service (a Context): builds namespaced URLs, auth headers, and sends through its Http. */
  class Service {
    constructor(http: Http, params: ServiceParams);
    get(path: string, params: Params): Promise<SdkHttpResponse>;
    post(path: string, params: Params): Promise<SdkHttpResponse>;
    del(path: string, params: Params): Promise<SdkHttpResponse>;
    /** `/servicesNS/<owner>/<app>/<path>` for a relative path and a namespace; an absolute path unchanged. */
    fullpath(path: string, namespace?: { owner?: string; app?: string; sharing?: string }): string;
  }
  export = Service;
}

declare module 'splunk-sdk/lib/paths.js' {
  /** The SDK's table of REST endpoint paths (relative ones are namespaced by Service.fullpath). */
  const paths: {
    Paths: {
      info: string;
      indexes: string;
      configurations: string;
      jobsV2: string;
      dataModels: string;
      [name: string]: string | null;
    };
  };
  export = paths;
}
