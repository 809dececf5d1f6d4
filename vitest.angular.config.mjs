import { defineConfig } from 'vitest/config';

// Shared by the Angular unit tests of every web project (runnerConfig in their project.json). The first test of a
// file also pays for compiling Material's components: on a busy 2-core machine that alone can pass Vitest's 5 s.
export default defineConfig({ test: { testTimeout: 20_000 } });
