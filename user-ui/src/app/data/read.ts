/** Small readers for the JSON columns the OpenAPI document types loosely (stages, QA settings, intent schema). */
export type Loose = Record<string, unknown>;

const isLoose = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);
export const obj = (value: unknown): Loose => (isLoose(value) ? value : {});
export const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback);
export const bool = (value: unknown): boolean => value === true;
export const numOrNull = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
};
