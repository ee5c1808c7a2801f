import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import { SourceError } from '../domain/errors.js';

type Decompress = (buffer: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

const zlibInflate: Decompress = promisify(inflate);
const rawInflate: Decompress = promisify(inflateRaw);

/** "deflate" is zlib-wrapped (RFC 9110), but some servers send a raw deflate stream: told apart by the zlib header. */
const deflate: Decompress = (buffer, options) => {
  const [cmf = 0, flags = 0] = buffer;
  const zlibHeader = (cmf & 0x0f) === 8 && (cmf * 256 + flags) % 31 === 0;
  return (zlibHeader ? zlibInflate : rawInflate)(buffer, options);
};

const decompressors: Record<string, Decompress> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate,
  br: promisify(brotliDecompress),
};

function tooLarge(url: string, maxBytes: number): SourceError {
  return new SourceError('FEED_TOO_LARGE', `${url}: body is larger than ${maxBytes} bytes`);
}

/**
 * Reads a response body, aborting as soon as it passes maxBytes, then undoes the content
 * encoding with the same cap on the decompressed size (a small gzip can expand enormously), and one gzip layer
 * more when the result is still gzip.
 */
export async function readCappedBody(
  body: AsyncIterable<Uint8Array>,
  options: { url: string; maxBytes: number; contentEncoding: string | null },
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    // Leaving the loop destroys the stream, so the rest is never downloaded.
    if (size > options.maxBytes) throw tooLarge(options.url, options.maxBytes);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  let decoded: Buffer = Buffer.concat(chunks, size);
  // Codings are listed in the order they were applied ("gzip, br"): undone last first.
  const codings = (options.contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  for (const encoding of codings.reverse()) decoded = await undo(decoded, encoding, options);
  // Still gzip (a .gz file served as is, or compressed twice): no feed or page starts with these bytes.
  if (decoded[0] === 0x1f && decoded[1] === 0x8b && decoded[2] === 8) decoded = await undo(decoded, 'gzip', options);
  return decoded;
}

async function undo(raw: Buffer, encoding: string, options: { url: string; maxBytes: number }): Promise<Buffer> {
  const decompress = decompressors[encoding];
  if (!decompress) throw new SourceError('FEED_ENCODING', `${options.url}: unsupported content-encoding ${encoding}`);
  try {
    return await decompress(raw, { maxOutputLength: options.maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw tooLarge(options.url, options.maxBytes);
    }
    throw new SourceError('FEED_ENCODING', `${options.url}: could not decode ${encoding} body`, { cause: error });
  }
}
