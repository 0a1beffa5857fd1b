// splunk-sdk's Service over a transport of our own. The SDK builds each management-API request (the
// namespaced path, `output_mode=json`, the form body, the Authorization header) and hands it to
// `makeRequest`, its documented seam for a platform transport (lib/http.js: "Base classes should only
// override makeRequest and parseJSON"); VerifiedHttp sends it with the harness's HTTP client, which
// verifies TLS certificates (a private CA when given) unless the user asked for --insecure, and bounds
// every request with a timeout. The SDK's own NodeHttp never verifies (rejectUnauthorized: false).
// Responses are not parsed here: SplunkRest reads `text` itself so that a non-JSON answer gets a clear
// error, and the SDK's logger (which prints Splunk's messages to the console) is never involved.
import Http from 'splunk-sdk/lib/http.js';
import type { SdkHttpMessage, SdkHttpResponse } from 'splunk-sdk/lib/http.js';
import Service from 'splunk-sdk/lib/service.js';
import { exchange, type HttpTarget } from './http.js';

/** The SDK's response, with the body text as read. */
export interface SdkResponse extends SdkHttpResponse {
  text: string;
}

/** splunk-sdk's Http, sending through exchange() to the target's base URL with verified TLS. */
export class VerifiedHttp extends Http {
  constructor(private readonly target: HttpTarget) {
    super();
  }

  override makeRequest(url: string, message: SdkHttpMessage): Promise<SdkResponse> {
    // The SDK's URL starts with scheme://host:port; the target's base URL (which may carry a path, for a
    // deployment behind a reverse proxy) decides where the request really goes.
    const built = new URL(url);
    const target = new URL(this.target.baseUrl + built.pathname + built.search);
    const payload = message.method === 'POST' || message.body !== '' ? message.body : undefined;
    return exchange(this.target, message.method, target, message.headers, payload).then((response) => ({
      response: { headers: response.headers, statusCode: response.status },
      status: response.status,
      data: response.text,
      error: null,
      text: response.text,
    }));
  }

  override parseJson(json: string): unknown {
    return JSON.parse(json) as unknown;
  }
}

/**
 * A Service for the management port at `target.baseUrl`, sending `target.authorization` (`Bearer <token>`
 * or `Basic <base64>`) on every request; no login round trip, no session cookie needed.
 */
export function splunkService(target: HttpTarget): Service {
  const url = new URL(target.baseUrl);
  const [scheme, ...credential] = (target.authorization ?? '').split(' ');
  return new Service(new VerifiedHttp(target), {
    scheme: url.protocol.replace(/:$/, ''),
    host: url.hostname,
    port: url.port !== '' ? url.port : url.protocol === 'https:' ? 443 : 80,
    ...(credential.length > 0 ? { authorization: scheme, sessionKey: credential.join(' ') } : {}),
    autologin: false,
  });
}
