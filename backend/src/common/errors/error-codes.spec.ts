import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ERROR_CODES, ERROR_CODES } from './error-codes';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('ERROR_CODES catalogue', () => {
  it('lists every code the backend throws and every default code, each with a meaning', () => {
    const thrown = new Set<string>(Object.values(DEFAULT_ERROR_CODES));
    const patterns = [/ApiException\(\s*\d{3},\s*'([A-Z][A-Z_]+)'/g, /(?:forbidden|unauthorized)\([^)]*?'([A-Z][A-Z_]{3,})'\s*\)/g, /conflict\(\s*'([A-Z][A-Z_]+)'/g];
    for (const file of sourceFiles(join(__dirname, '../..'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const match of text.matchAll(pattern)) thrown.add(match[1]);
    }
    const missing = [...thrown].filter((code) => !(code in ERROR_CODES));
    expect(missing).toEqual([]);
    for (const meaning of Object.values(ERROR_CODES)) expect(meaning.length).toBeGreaterThan(10);
  });
});
