// The entry module's first import (esbuild keeps import order), so this line runs before the rest of
// dist/client/extensionEntry.js is evaluated: where the counted start-up cost begins.
import { now } from './startupClock';

export const entryStart = now();
