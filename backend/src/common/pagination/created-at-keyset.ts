import { decodeCursor, type CursorKey } from './cursor';

/** Select this to key a page by creation time: PostgreSQL's text form is exact to the microsecond (a JS Date is not). */
export const cursorTimestamp = (alias: string) => `${alias}.created_at::text AS cursor_created_at`;

/**
 * Keyset condition for lists ordered `created_at DESC, id DESC`: rows strictly after the cursor's row. Pushes its
 * parameters onto `values`.
 */
export function newestFirstAfter(alias: string, cursor: string, values: unknown[]): string {
  const [createdAt, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
  const a = values.push(createdAt);
  const b = values.push(id);
  return `(${alias}.created_at, ${alias}.id) < ($${a}::timestamptz, $${b}::uuid)`;
}

/** Same for lists ordered `created_at ASC, id ASC` (oldest first). */
export function oldestFirstAfter(alias: string, cursor: string, values: unknown[]): string {
  const [createdAt, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
  const a = values.push(createdAt);
  const b = values.push(id);
  return `(${alias}.created_at, ${alias}.id) > ($${a}::timestamptz, $${b}::uuid)`;
}

/** The cursor key of a row selected with `cursorTimestamp`. */
export const createdAtKey = (row: object): CursorKey => {
  const { cursor_created_at, id } = row as { cursor_created_at: string; id: string };
  return [cursor_created_at, id];
};
