import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { SourceError } from '../domain/errors.js';
import { isPrivateAddress } from './is-private-address.js';

export interface SafeAgentOptions {
  /** Let connections reach private, loopback and link-local addresses (explicitly configured sources only). */
  allowPrivateAddress: boolean;
  connectTimeoutMs?: number;
}

function refused(host: string, address: string): SourceError {
  return new SourceError('FEED_PRIVATE_ADDRESS', `Refusing to connect to ${host} (${address}): not a public address`);
}

/** DNS lookup that fails when any resolved address is private, so no connection is even attempted. */
const publicOnlyLookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(refused(hostname, bad.address));
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(new SourceError('FEED_DNS', `No address for ${hostname}`));
    return callback(null, first.address, first.family);
  });
}) as unknown as LookupFunction;

/**
 * An undici Agent whose connector checks the address it actually connects to: IP literals before
 * connecting, resolved names in the DNS lookup, and the socket's remote address afterwards, so
 * DNS rebinding and redirects to internal hosts are refused too.
 */
export function createSafeAgent(options: SafeAgentOptions): Agent {
  const timeout = options.connectTimeoutMs ?? 10_000;
  if (options.allowPrivateAddress) return new Agent({ connect: { timeout }, connections: 16 });

  const base = buildConnector({ timeout, lookup: publicOnlyLookup });
  const connect: buildConnector.connector = (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isPrivateAddress(host)) {
      callback(refused(opts.hostname, host), null);
      return;
    }
    base(opts, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new SourceError('FEED_CONNECT', `Could not connect to ${opts.hostname}`), null);
        return;
      }
      const remote = (socket as Socket).remoteAddress;
      if (!remote || isPrivateAddress(remote)) {
        socket.destroy();
        callback(refused(opts.hostname, remote ?? 'unknown'), null);
        return;
      }
      callback(null, socket);
    });
  };
  return new Agent({ connect, connections: 16 });
}
