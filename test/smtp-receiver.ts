import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export type ReceivedMail = { from: string; to: string[]; user: string | undefined; raw: Buffer; mail: ParsedMail };

export type SmtpReceiver = {
  port: number;
  /** Every mail accepted, in order. */
  received: ReceivedMail[];
  /** Sign-ins refused for a wrong user name or password, by user name. */
  refusedLogins: string[];
  close(): Promise<void>;
};

/**
 * A real SMTP server on loopback: accepts the given logins (user → password), records every mail
 * it accepts, and refuses the recipient addresses in `refuse` (checked at each recipient).
 */
export async function startSmtpReceiver(opts: { logins: Record<string, string>; refuse?: Set<string> }): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const refusedLogins: string[] = [];
  const refuse = opts.refuse ?? new Set<string>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      const username = auth.username ?? '';
      if (Object.hasOwn(opts.logins, username) && auth.password === opts.logins[username]) return cb(null, { user: username });
      refusedLogins.push(username);
      cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address)) return cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, raw, mail: await simpleParser(raw) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, refusedLogins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
