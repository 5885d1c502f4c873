// Ace by DAISY drives Debian's Chromium (/usr/bin/chromium); puppeteer must never download
// a browser of its own during npm ci (Baspa installs offline from the registry only).
module.exports = { skipDownload: true, executablePath: '/usr/bin/chromium' };
