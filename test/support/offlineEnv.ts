// The environment of a spawned `spl-detect` that must never reach the network nor the user's cache:
// SPL_DETECT_OFFLINE forbids downloads (as --offline), XDG_CACHE_HOME points at a folder of its own.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OFFLINE_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  SPL_DETECT_OFFLINE: '1',
  XDG_CACHE_HOME: join(tmpdir(), `spl-detect-test-cache-${process.pid}`),
};
