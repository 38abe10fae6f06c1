import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * The local SMS endpoint (ARCHITECTURE.md decision 11): AWS End User Messaging SMS's one operation the system calls,
 * `SendTextMessage`, in its JSON 1.0 protocol (`POST /`, `x-amz-target: PinpointSMSVoiceV2.SendTextMessage`), so
 * that the SDK and the bundles' light client reach it through AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 unchanged.
 * Texts are kept in memory: `GET /messages` → `{messages: [{to, body, at, messageId, from}]}`, the viewer at `/`.
 * A destination that is not E.164 is refused as AWS refuses it (ValidationException, Reason CANNOT_PARSE).
 */
export type StoredSms = {
  messageId: string;
  to: string;
  body: string;
  from?: string;
  configurationSet?: string;
  at: string;
};

const E164 = /^\+[1-9]\d{7,14}$/;
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function viewer(messages: StoredSms[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.at)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.body).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="5"><title>短信（本地）</title></head><body><h1>本地短信</h1><p>${messages.length} 条，最新在上；每 5 秒刷新。JSON：<a href="/messages">/messages</a></p><table border="1" cellpadding="4"><thead><tr><th>时间</th><th>号码</th><th>内容</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

export async function startSmsEmulator(
  port: number,
): Promise<{ endpoint: string; server: Server; messages: StoredSms[] }> {
  const messages: StoredSms[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers });
        res.end(JSON.stringify(body));
      };
      const refuse = (type: string, message: string, reason?: string) =>
        json(400, { __type: type, message, ...(reason ? { Reason: reason } : {}) }, { 'x-amzn-errortype': type });
      const url = new URL(req.url ?? '/', 'http://local');
      if (req.method === 'GET' && url.pathname === '/messages') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        return res.end(JSON.stringify({ messages }));
      }
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(viewer(messages));
      }
      if (req.method !== 'POST' || url.pathname !== '/') return json(404, { message: 'not found' });
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'PinpointSMSVoiceV2.SendTextMessage')
        return refuse('ValidationException', `operation ${target || '(none)'} is not served here`, 'UNKNOWN_OPERATION');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '))
        return refuse('AccessDeniedException', 'the request is not signed');
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(raw || '{}') as Record<string, unknown>;
      } catch {
        return refuse('ValidationException', 'the body is not JSON', 'CANNOT_PARSE');
      }
      const to = input.DestinationPhoneNumber;
      if (typeof to !== 'string' || !E164.test(to))
        return refuse('ValidationException', 'DestinationPhoneNumber is not E.164', 'CANNOT_PARSE');
      const body = input.MessageBody;
      if (typeof body !== 'string' || !body)
        return refuse('ValidationException', 'MessageBody is required', 'MISSING_PARAMETER');
      if (body.length > 1600)
        return refuse('ValidationException', 'MessageBody is longer than 1600 characters', 'MAXIMUM_SIZE_EXCEEDED');
      const messageId = randomUUID();
      messages.push({
        messageId,
        to,
        body,
        ...(typeof input.OriginationIdentity === 'string' ? { from: input.OriginationIdentity } : {}),
        ...(typeof input.ConfigurationSetName === 'string' ? { configurationSet: input.ConfigurationSetName } : {}),
        at: new Date().toISOString(),
      });
      json(200, { MessageId: messageId }, { 'x-amzn-requestid': randomUUID() });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${actual}`, server, messages };
}
