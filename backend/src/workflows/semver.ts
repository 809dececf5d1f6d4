/** Compares `1.2.3`, `1.2.3-beta.1` (pre-releases sort before their release). Negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = split(a);
  const [coreB, preB] = split(b);
  for (let i = 0; i < 3; i += 1) {
    if (coreA[i] !== coreB[i]) return coreA[i] - coreB[i];
  }
  if (preA === preB) return 0;
  if (!preA) return 1;
  if (!preB) return -1;
  return preA.localeCompare(preB, 'en', { numeric: true });
}

function split(version: string): [number[], string] {
  const [core, pre = ''] = version.split(/[-+]/, 2);
  const parts = core.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return [[parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0], pre];
}
