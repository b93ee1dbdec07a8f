// Colophon finds a browser itself (PUPPETEER_EXECUTABLE_PATH, CHROME_PATH, the system's Chromium,
// or a Chrome installed with `npx puppeteer browsers install chrome`); never download one at install.
module.exports = { skipDownload: true };
