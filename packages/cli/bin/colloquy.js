#!/usr/bin/env node
// The `colloquy` bin. A file of its own, present before the first build, so that an install of
// the workspace links it (pnpm skips a bin whose file does not exist yet, and `dist` does not).
import '../dist/main.js'
