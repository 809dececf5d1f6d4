import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { ApiException } from '../common/errors/api.exception';

const invalid = (message: string) => new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: 'url', message }]);

/** True for loopback, private, link-local, unique-local and other non-public addresses. */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() !== 'unicast';
}

/**
 * A webhook URL must be http(s); with `blockPrivate` (WEBHOOK_BLOCK_PRIVATE_ADDRESSES, on in production) every
 * address its host resolves to must be public, so a subscriber cannot make the server call its own network.
 * Checked when subscribing and again before each delivery (DNS can change).
 */
export async function assertWebhookUrlAllowed(url: string, blockPrivate: boolean): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('url must use http or https');
  if (parsed.username || parsed.password) throw invalid('url must not contain credentials');
  if (!blockPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (!addresses.length) throw invalid(`url host ${host} does not resolve`);
  if (addresses.some(isPrivateAddress)) throw invalid('url must not point at a private, loopback or link-local address');
}
