// The SMS a phone received: tests/api/run.sh starts the server with an SMS command that appends
// each text to $YW_SMS_DIR/<phone>.txt, so a test reads what really left through the outbox and
// its delivery job — a one-time code is never shown anywhere else.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = process.env.YW_SMS_DIR;
if (!DIR) throw new Error('YW_SMS_DIR is not set: run through tests/api/run.sh');

// Every text sent to phone so far, oldest first.
export function smsTo(phone) {
  const file = join(DIR, `${phone}.txt`);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

// Waits (at most 10 s) until phone has received more than `seen` texts; the newest.
export async function nextSms(phone, seen) {
  for (let i = 0; i < 200; i++) {
    const all = smsTo(phone);
    if (all.length > seen) return all[all.length - 1];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no SMS reached ${phone} within 10 s`);
}

// The six digits of a login code in a text.
export const codeOf = (text) => (text.match(/验证码为(\d{6})/) || [])[1];
