'use strict';
// A small HTTP service: its uptime, in words.
const http = require('node:http');
const ms = require('ms');

const started = Date.now();
http
  .createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`up ${ms(Date.now() - started, { long: true })}\n`);
  })
  .listen(Number(process.env.PORT || 3000));
