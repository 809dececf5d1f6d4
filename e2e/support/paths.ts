import { join, resolve } from 'node:path';

/** Workspace root (this file lives in e2e/support). */
export const ROOT = resolve(__dirname, '..', '..');
/** Where a run of the suite keeps its state file and process logs (gitignored via tmp/). */
export const E2E_TMP = join(ROOT, 'tmp', 'e2e');
/** Screenshots of every page (gitignored). */
export const SCREENSHOTS = join(ROOT, 'screenshots');
