export * from './types';
export * from './workspace-reader';
export { validateContract, summarize } from './validate-contract';
export { countSources, type SourceCount } from './source-count';
export { readFrontMatter } from './frontmatter';
export { extractClaims, judgeClaim, VIZ_LIBRARY_RULES } from './viz-tech';
export { extractUrls, checkUrl, DEFAULT_URL_PATTERN } from './url-check';
