// Workspace ESLint (flat config). typescript-eslint's recommended rules for every TypeScript file; angular-eslint
// (TypeScript + templates + accessibility) for the two Angular apps and the shared libs; Nx module boundaries.
import eslint from '@eslint/js';
import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { BOUNDARY_RULE } from './eslint.boundaries.mjs';

const angularSources = ['user-ui/**/*.ts', 'admin-ui/**/*.ts', 'libs/**/*.ts'];
const angularTemplates = ['user-ui/**/*.html', 'admin-ui/**/*.html', 'libs/**/*.html'];

/** Component and directive selectors must carry the project's prefix. */
function selectorRules(prefix) {
  return {
    '@angular-eslint/component-selector': ['error', { type: 'element', prefix, style: 'kebab-case' }],
    '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix, style: 'camelCase' }],
  };
}

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '.nx/**',
      '.angular/**',
      'tmp/**',
      'test-output/**',
      'screenshots/**',
      'libs/api-client/src/generated/**',
      'libs/sdk/src/generated/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Which project may import which: see eslint.boundaries.mjs.
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': BOUNDARY_RULE },
  },
  {
    // class-validator's IsOptional also skips null, so `{"role": null}` bypassed validation; see presence.decorators.ts.
    files: ['backend/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'class-validator', importNames: ['IsOptional'], message: 'Use OptionalField() or NullableField() from common/validation/presence.decorators.' }] },
      ],
    },
  },
  {
    // Test fakes and fixtures handle raw wire JSON; `any` there is a warning, not an error.
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/test-support/**/*.ts', '**/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'warn' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs', '**/jest.config.js', 'jest.preset.js', '**/*.transform.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: angularSources,
    extends: [angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@angular-eslint/prefer-on-push-component-change-detection': 'error',
      '@angular-eslint/prefer-signals': 'error',
    },
  },
  { files: ['user-ui/**/*.ts', 'libs/**/*.ts'], rules: selectorRules('esy') },
  { files: ['admin-ui/**/*.ts'], rules: selectorRules('adm') },
  {
    files: angularTemplates,
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
    rules: {
      '@angular-eslint/template/prefer-control-flow': 'error',
      '@angular-eslint/template/prefer-self-closing-tags': 'error',
    },
  },
);
