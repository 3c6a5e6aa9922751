// Loaded into the CLI under test (NODE_OPTIONS=--require): writes its peak RSS (kB) where the test asks.
const fs = require('node:fs');
const { peakRssKb } = require('../helpers/peak-rss.js');
process.on('exit', () => {
  if (process.env.IMGDIET_TEST_RSS_FILE) fs.writeFileSync(process.env.IMGDIET_TEST_RSS_FILE, String(peakRssKb()));
});
