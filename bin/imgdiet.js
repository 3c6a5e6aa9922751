#!/usr/bin/env node
require('../dist/cli/main.js').main(process.argv).then((code) => { process.exitCode = code; });
