import pino, { type Logger } from 'pino';

export function createLogger(level: string, name = 'shopdesk'): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password', 'newPassword', 'currentPassword', '*.password'], censor: '[redacted]' },
  });
}
