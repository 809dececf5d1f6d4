/** One field the server refused, as the API's error shape names it (`intent.word`, `url`, …). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failed API call: the server's `{status, code, message, details}` error shape, or status 0 with code
 * `UNREACHABLE` when no answer came at all. `message` already lists the refused fields, one per line.
 */
export class EsyApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(fieldErrors.length ? [message, ...fieldErrors.map((e) => `  ${e.field}: ${e.message}`)].join('\n') : message);
    this.name = 'EsyApiError';
  }
}

/** A downloaded package whose files do not match its manifest (or that is not a readable zip at all). */
export class PackageVerificationError extends Error {
  constructor(
    message: string,
    /** Paths whose bytes differ from the manifest's sha256 or size, are missing, or are not listed. */
    readonly problems: string[],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  ${p}`).join('\n')}` : message);
    this.name = 'PackageVerificationError';
  }
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

/** Reads the API's error body (JSON or not) into an EsyApiError. */
export function errorFromResponse(status: number, text: string): EsyApiError {
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not the API's error shape (a proxy's HTML page, say): keep the start of it
  }
  const fields = Array.isArray(body.details)
    ? body.details
        .filter((d): d is { field?: unknown; message: string } => typeof d?.message === 'string')
        .map((d) => ({ field: typeof d.field === 'string' ? d.field : '(request)', message: d.message }))
    : [];
  const message = typeof body.message === 'string' ? body.message : text.slice(0, 200).trim() || `HTTP ${status}`;
  return new EsyApiError(status, typeof body.code === 'string' ? body.code : `HTTP_${status}`, message, fields);
}
