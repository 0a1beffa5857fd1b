// The cost of a real backend as the report states it (ground floor: the backends measure it, the runner
// collects it, reports print it). Figures are wall-clock milliseconds; reported, never asserted. No logic.

export type BackendMode = 'container' | 'url';

/**
 * How the backend's TLS certificate is checked: against the system CAs (`verified`), against a CA the user
 * gave (`private-ca`: --splunk-ca, DTH_*_CA_CERT), not at all because the user said --insecure
 * (`insecure`), or not at all because it is the harness's own throwaway container (`own-container`).
 */
export type TlsVerification = 'verified' | 'private-ca' | 'insecure' | 'own-container';

export interface BackendTimings {
  backend: string;
  mode: BackendMode;
  /** Container start and readiness wait, or the first successful request to a URL. */
  readyMs: number;
  /** Sum over every load(): templates or indexes, bulk / HEC, acknowledgement and the final count. */
  loadMs: number;
  /** Sum over every run(): the search request(s) and reading every page. */
  searchMs: number;
  /** Number of run() calls that searchMs covers. */
  searches: number;
  /** Recorded where the backend speaks TLS to a server the harness did not start, or skips verification. */
  tls?: TlsVerification;
}
