/**
 * Contract regexes are JavaScript regexes compiled with flags `gm` exactly, as Esy's validator compiles them (no `u`:
 * a pattern that only works in Unicode mode is invalid, and the loader says so for built-in contracts).
 */
export function contractRegexFlags(_source?: string): string {
  return 'gm';
}

export function compileContractRegex(source: string): { regex: RegExp } | { error: string } {
  try {
    return { regex: new RegExp(source, contractRegexFlags(source)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
