// Loaded before every test file (see test/run.mjs). Property tests explore random inputs locally, but CI
// must not fail at random: under CI (or with FC_SEED=n) every property test uses a fixed seed.
// fast-check is required as CommonJS, the same instance the tests (compiled to CommonJS by tsx) use.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fc = require('fast-check');
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261127' : undefined);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
