// Turns @elastic/elasticsearch errors into messages a user can act on. Authentication failures are bad
// input (wrong DTH_ELASTICSEARCH_* values, exit 2); anything else is a backend failure.
import { InputError } from '../../errors.js';
import { BackendError } from '../backend-error.js';
import { CREDENTIAL_ENV } from '../credentials.js';

export { BackendError };

interface EsErrorBody {
  error?: { type?: string; reason?: string } | string;
}

// Errors are told apart by name, not instanceof: @elastic/elasticsearch ships CommonJS and ESM builds, and
// an error made by one build is not an instance of the other's class (e.g. under @elastic/elasticsearch-mock).
interface ClientErrorShape {
  name: string;
  message: string;
  statusCode?: number;
  body?: unknown;
}

function clientError(error: unknown): ClientErrorShape | undefined {
  return error instanceof Error ? (error as Error & ClientErrorShape) : undefined;
}

/** `status type: reason` for a response error, the transport's own words for the rest. */
export function describeEsError(error: unknown): string {
  const e = clientError(error);
  if (e === undefined) return String(error);
  switch (e.name) {
    case 'ResponseError': {
      const detail = (e.body as EsErrorBody | undefined)?.error;
      if (typeof detail === 'string') return `${e.statusCode ?? '?'} ${detail}`;
      if (detail !== undefined) return `${e.statusCode ?? '?'} ${detail.type ?? 'error'}: ${detail.reason ?? ''}`.trimEnd();
      return `${e.statusCode ?? '?'} ${e.message}`;
    }
    case 'TimeoutError':
      return `no answer before the request timeout (${e.message})`;
    case 'ConnectionError':
      return `cannot connect: ${e.message}`;
    case 'NoLivingConnectionsError':
      return `no living connection: ${e.message}`;
    default:
      return e.message;
  }
}

export function isAuthError(error: unknown): boolean {
  const e = clientError(error);
  return e?.name === 'ResponseError' && (e.statusCode === 401 || e.statusCode === 403);
}

export function isNotFound(error: unknown): boolean {
  const e = clientError(error);
  return e?.name === 'ResponseError' && e.statusCode === 404;
}

/** The error to throw for a failed request made while doing `what`. */
export function wrapEsError(backend: string, what: string, error: unknown): Error {
  if (error instanceof BackendError || error instanceof InputError) return error;
  if (isAuthError(error)) {
    return new InputError(
      `${backend}: ${what} was refused (${describeEsError(error)}); check ${CREDENTIAL_ENV.elasticsearchApiKey} or ${CREDENTIAL_ENV.elasticsearchUsername} / ${CREDENTIAL_ENV.elasticsearchPassword} and the user's privileges`,
    );
  }
  return new BackendError(backend, `${what} failed: ${describeEsError(error)}`);
}
