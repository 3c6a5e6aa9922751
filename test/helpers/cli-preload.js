// Preloaded (node --require) into CLI runs against the fake hostile registry. Two test seams, nothing else:
// - $IMGDIET_TEST_HOSTS, JSON {name: [addresses]}: dns.lookup answers those names (a name resolving to a
//   metadata address, a plain-http registry under a non-loopback name) without a real DNS.
// - $IMGDIET_TEST_RSS_FILE: the process's peak resident memory in bytes is written there at exit.
const dns = require('node:dns');
const fs = require('node:fs');

const names = JSON.parse(process.env.IMGDIET_TEST_HOSTS || '{}');
const realLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  const fake = names[hostname];
  if (!fake) return realLookup.call(dns, hostname, options, callback);
  const all = fake.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  process.nextTick(() => (options && options.all ? callback(null, all) : callback(null, all[0].address, all[0].family)));
};

const rssFile = process.env.IMGDIET_TEST_RSS_FILE;
const { peakRssKb } = require('./peak-rss.js');
if (rssFile) process.on('exit', () => fs.writeFileSync(rssFile, String(peakRssKb() * 1024)));
