/**
 * Contract regexes are JavaScript regexes compiled with flags `gm`. Patterns that use syntax only meaningful in
 * Unicode mode (`\u{…}` code points, `\p{…}` property classes) also get `u`, so Esy contracts that match emoji
 * ranges such as `[\u{1F300}-\u{1F9FF}]` work as their authors meant.
 */
export function contractRegexFlags(source: string): string {
  return /\\u\{|\\[pP]\{/.test(source) ? 'gmu' : 'gm';
}

export function compileContractRegex(source: string): { regex: RegExp } | { error: string } {
  try {
    return { regex: new RegExp(source, contractRegexFlags(source)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
