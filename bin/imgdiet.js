#!/usr/bin/env node
// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });
require('../dist/cli/main.js').main(process.argv).then((code) => { process.exitCode = code; });
