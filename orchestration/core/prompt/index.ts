export * from './build-prompt-packet';
export { estimateTokens } from './tokens';
export { describeValidation, wordPath } from './describe-checks';
