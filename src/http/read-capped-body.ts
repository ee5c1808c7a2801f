import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { SourceError } from '../domain/errors.js';

const decompressors: Record<string, (buffer: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

function tooLarge(url: string, maxBytes: number): SourceError {
  return new SourceError('FEED_TOO_LARGE', `${url}: body is larger than ${maxBytes} bytes`);
}

/**
 * Reads a response body, aborting as soon as it passes maxBytes, then undoes the content
 * encoding with the same cap on the decompressed size (a small gzip can expand enormously).
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
  const raw = Buffer.concat(chunks, size);
  const encoding = options.contentEncoding?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return raw;
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
