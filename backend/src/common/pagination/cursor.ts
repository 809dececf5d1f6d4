import { ApiException } from '../errors/api.exception';

/** A cursor is the sort key of the last row of a page; its values are what the SQL keyset compares against. */
export type CursorKey = (string | number | boolean)[];

export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';
export const CURSOR_MAX_LENGTH = 512;

/** Opaque to clients (base64url JSON), so the sort key can change without breaking their code. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What one cursor column must hold; checked before any query so a forged cursor is a 400, never a SQL error. */
export type CursorColumn = 'timestamp' | 'uuid' | 'text' | 'integer' | 'boolean';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL's timestamptz text output, e.g. `2026-12-04 21:35:48.123456+00`.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function fits(value: unknown, column: CursorColumn): boolean {
  switch (column) {
    case 'timestamp':
      return typeof value === 'string' && PG_TIMESTAMP.test(value);
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'text':
      return typeof value === 'string' && value.length <= 300 && !value.includes('\0');
    case 'integer':
      return Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** The sort key in `cursor`, one value per column; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string, columns: CursorColumn[]): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const valid = Array.isArray(key) && key.length === columns.length && key.every((value, i) => fits(value, columns[i]));
  if (!valid) {
    throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
      { field: 'cursor', message: 'cursor must be a next_cursor value returned by this list' },
    ]);
  }
  return key as CursorKey;
}

export interface CursorPage<T> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/**
 * Lists query `limit + 1` rows past the cursor: the extra row only tells whether there is a next page. The next
 * cursor is the key of the last row returned, so rows inserted meanwhile never shift a page (keyset, not offset).
 */
export function cursorPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): CursorPage<T> {
  const has_more = rows.length > limit;
  const items = has_more ? rows.slice(0, limit) : rows;
  return { items, has_more, next_cursor: has_more ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
