/** Run depths, shallow to thorough; contract thresholds have one value per depth. Kept free of the schema library so
 * the CLI can offer the choices without loading it. */
export const DEPTHS = ['quick', 'standard', 'deep'] as const;
export type Depth = (typeof DEPTHS)[number];
