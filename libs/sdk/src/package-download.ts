import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { PackageVerificationError } from './errors';
import type { Http } from './http';

/** One entry of the package's `manifest.json`. */
export interface ManifestFile {
  path: string;
  sha256: string;
  size_bytes: number;
  content_type: string;
}

/** The package's `manifest.json` (the `esy-package/1` format); fields beyond these pass through. */
export interface PackageManifest {
  format: string;
  generated_at: string;
  run: { id: string; project_slug: string; display_name: string; status: string; [key: string]: unknown };
  files: ManifestFile[];
  [key: string]: unknown;
}

export interface VerifiedPackage {
  /** The zip exactly as downloaded (write it to disk as it is). */
  zip: Uint8Array;
  /** The server's suggested file name (`<project-slug>.zip`). */
  fileName: string;
  manifest: PackageManifest;
  /** Every file of the zip but the manifest, checked against it. */
  files: Map<string, Uint8Array>;
}

/** Downloads a run's package (zip) and verifies it: see verifyPackage. */
export async function downloadPackage(http: Http, runId: string, signal?: AbortSignal): Promise<VerifiedPackage> {
  const response = await http.send('GET', `/runs/${encodeURIComponent(runId)}/package`, { headers: { accept: 'application/zip' }, signal, retryOnNetworkError: true });
  const zip = new Uint8Array(await response.arrayBuffer());
  const fileName = /filename="?([^";]+)"?/i.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${runId}.zip`;
  return { ...verifyPackage(zip), zip, fileName };
}

/**
 * Unzips a package and checks every file against `manifest.json`: same sha256 and size, nothing missing, nothing
 * extra. Throws PackageVerificationError naming each bad path (or saying the zip itself is unreadable).
 */
export function verifyPackage(zip: Uint8Array): { manifest: PackageManifest; files: Map<string, Uint8Array> } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    throw new PackageVerificationError(`the package is not a readable zip (${(error as Error).message})`, []);
  }
  const manifestBytes = entries['manifest.json'];
  if (!manifestBytes) throw new PackageVerificationError('the package has no manifest.json', []);
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as PackageManifest;
  } catch {
    throw new PackageVerificationError('the package’s manifest.json is not valid JSON', []);
  }
  if (!Array.isArray(manifest.files)) throw new PackageVerificationError('the package’s manifest.json lists no files', []);

  const files = new Map<string, Uint8Array>();
  for (const [path, bytes] of Object.entries(entries)) if (path !== 'manifest.json' && !path.endsWith('/')) files.set(path, bytes);
  const problems: string[] = [];
  for (const entry of manifest.files) {
    const bytes = files.get(entry.path);
    if (!bytes) {
      problems.push(`${entry.path}: listed in the manifest but missing from the zip`);
      continue;
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== entry.sha256) problems.push(`${entry.path}: sha256 ${actual} does not match the manifest’s ${entry.sha256}`);
    else if (bytes.length !== entry.size_bytes) problems.push(`${entry.path}: ${bytes.length} bytes, the manifest says ${entry.size_bytes}`);
  }
  const listed = new Set(manifest.files.map((entry) => entry.path));
  for (const path of files.keys()) if (!listed.has(path)) problems.push(`${path}: in the zip but not in the manifest`);
  if (problems.length) throw new PackageVerificationError('the package does not match its manifest', problems);
  return { manifest, files };
}
