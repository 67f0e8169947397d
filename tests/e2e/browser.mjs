// Launches Debian's chromium through playwright-core with the flags this machine needs (no
// sandbox as root, no background network traffic to hosts that cannot be reached).
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const BASE = process.env.YW_URL;
export const SHOTS = process.env.YW_SHOTS || '/tmp';
