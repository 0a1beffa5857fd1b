// A real engine or its connection failed: not the rule (RuleRunError), not the user's input (InputError).

export class BackendError extends Error {
  constructor(
    readonly backend: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${backend}: ${message}`, options);
    this.name = 'BackendError';
  }
}

