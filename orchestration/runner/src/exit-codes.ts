/** Exit codes shared by every esy command. */
export const EXIT_OK = 0;
/** The checked thing failed (a gate verdict `fail`). */
export const EXIT_FAILED = 1;
/** Bad arguments, a missing or broken contract file, a contract error during validation. */
export const EXIT_USAGE = 2;

/** A problem the user must fix before the command can do its job; printed as `esy: <message>`, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
