// The InputError a call throws: the tests of bad input read its message, file and position.
import { InputError } from '../../harness/errors.js';

/** Runs `fn` and returns the InputError it throws; any other error is rethrown, and no error fails the test. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
