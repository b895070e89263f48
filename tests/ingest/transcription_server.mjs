// A stand-in OpenAI-compatible transcription server for the audio parser's HTTP engine tests.
// No npm dependencies. Usage: node transcription_server.mjs --model NAME [--api-key KEY]
// Listens on a free loopback port and prints "PORT <n>" on stdout. Routes (POST only):
//   /v1/audio/transcriptions        checks the request and answers verbose_json
//   /fail/v1/audio/transcriptions   answers 500 with a plain-text body
//   /hang/v1/audio/transcriptions   reads the request and never answers
// Checks: multipart/form-data with fields model (== --model), response_format (verbose_json)
// and file, a RIFF/WAVE of 16-bit PCM, 1 channel, 16000 Hz; Authorization when --api-key is
// given. A failed check is a 400 (401 for auth) naming it. The reply describes the audio it got:
// duration = data bytes / 32000, and two segments splitting it in halves.
import http from 'node:http';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const expectedModel = option('--model') ?? 'whisper-1';
const apiKey = option('--api-key');

function parseMultipart(body, contentType) {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!match) throw new Error('content-type is not multipart/form-data with a boundary');
  const boundary = Buffer.from('--' + (match[1] ?? match[2]));
  const parts = {};
  let at = body.indexOf(boundary);
  while (at >= 0) {
    const start = at + boundary.length;
    if (body.slice(start, start + 2).toString() === '--') break;
    const next = body.indexOf(boundary, start);
    if (next < 0) throw new Error('multipart body is not terminated');
    const part = body.slice(start + 2, next - 2);  // drop CRLF after boundary and before next
    const split = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, split).toString();
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name) parts[name] = part.slice(split + 4);
    at = next;
  }
  return parts;
}

// The data size of a 16 kHz mono 16-bit PCM WAV, or an Error saying what is wrong with it.
function checkWav(wav) {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' ||
      wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('file is not a RIFF/WAVE file');
  }
  let offset = 12, format = null;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      format = {
        codec: wav.readUInt16LE(offset + 8), channels: wav.readUInt16LE(offset + 10),
        rate: wav.readUInt32LE(offset + 12), bits: wav.readUInt16LE(offset + 22),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('data chunk before fmt chunk');
      if (format.codec !== 1 || format.channels !== 1 || format.rate !== 16000 ||
          format.bits !== 16) {
        throw new Error(`file is not 16 kHz mono 16-bit PCM: ${JSON.stringify(format)}`);
      }
      if (offset + 8 + size > wav.length) throw new Error('data chunk is truncated');
      return size;
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

function reply(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function transcribe(req, body, res) {
  if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
    return reply(res, 401, { error: { message: 'missing or wrong bearer token' } });
  }
  let parts, dataBytes;
  try {
    parts = parseMultipart(body, req.headers['content-type']);
    if (parts.model?.toString() !== expectedModel) {
      throw new Error(`model must be ${expectedModel}, got ${parts.model}`);
    }
    if (parts.response_format?.toString() !== 'verbose_json') {
      throw new Error('response_format must be verbose_json');
    }
    if (!parts.file) throw new Error('no file field');
    dataBytes = checkWav(parts.file);
  } catch (e) {
    return reply(res, 400, { error: { message: e.message } });
  }
  const duration = dataBytes / 32000;
  reply(res, 200, {
    task: 'transcribe', language: 'english', duration,
    text: ' first half second half',
    segments: [
      { id: 0, start: 0, end: duration / 2, text: ' first half' },
      { id: 1, start: duration / 2, end: duration, text: ' second half' },
    ],
  });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.method !== 'POST') return reply(res, 405, 'POST only', 'text/plain');
    if (req.url === '/v1/audio/transcriptions') return transcribe(req, body, res);
    if (req.url === '/fail/v1/audio/transcriptions') {
      return reply(res, 500, 'engine exploded: out of GPU memory', 'text/plain');
    }
    if (req.url === '/hang/v1/audio/transcriptions') return;  // never answer
    reply(res, 404, `no route ${req.url}`, 'text/plain');
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
// Stop by ourselves if the test forgets us: no server outlives ten minutes.
setTimeout(() => process.exit(0), 600_000).unref();
process.on('SIGTERM', () => process.exit(0));
