/**
 * Token count estimate for prompt sizes (no tokenizer dependency): ASCII text averages about four characters per
 * token with current BPE tokenizers, while other characters (accents, CJK, emoji) often take a token each, so
 *   tokens ≈ ceil(asciiChars / 4) + nonAsciiChars.
 * It is an estimate for display and budgeting; providers report the real counts after each call.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}
