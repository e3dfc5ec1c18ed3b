// TLS secure contexts shared by all connections with the same trusted CAs.
// Creating a context parses every CA certificate again, which took about 10%
// of an HTTPS probe's CPU time (node --cpu-prof) when done per connection.

import { createSecureContext, type SecureContext } from "node:tls";

/** Maximum number of distinct CA sets kept. Beyond it the cache starts over, which only costs a rebuild. */
const MAX_CONTEXTS = 64;

let defaultContext: SecureContext | null = null;
const contexts = new Map<string, SecureContext>();

/** Returns a shared context that trusts `ca`, or Node's default root CAs when `ca` is undefined. */
export function secureContextFor(ca: string | readonly string[] | undefined): SecureContext {
  if (ca === undefined) {
    defaultContext ??= createSecureContext();
    return defaultContext;
  }
  const key = typeof ca === "string" ? ca : ca.join("\n");
  let context = contexts.get(key);
  if (!context) {
    if (contexts.size >= MAX_CONTEXTS) contexts.clear();
    context = createSecureContext({ ca: typeof ca === "string" ? ca : [...ca] });
    contexts.set(key, context);
  }
  return context;
}
