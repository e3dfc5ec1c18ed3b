// Redirect step between hops: decides whether a response redirects, where to,
// and whether following it would loop or exceed the redirect limit.

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirectStatus(statusCode: number): boolean {
  return REDIRECT_STATUSES.has(statusCode);
}

/**
 * Parses a URL that the probe may request: http or https only, without
 * credentials. Returns null for anything else.
 */
export function parseProbeUrl(text: string, base?: URL): URL | null {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return null;
  }
  if (url.username !== "" || url.password !== "") {
    return null;
  }
  url.hash = "";
  return url;
}

export type RedirectDecision = "follow" | "redirect_loop" | "too_many_redirects";

/** Tracks the URLs of one redirect chain. */
export class RedirectChain {
  readonly #visited = new Set<string>();
  #count = 0;

  constructor(
    start: URL,
    readonly maxRedirects: number,
  ) {
    this.#visited.add(start.href);
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Decides whether to follow a redirect to `next`. A URL seen before in this
   * chain is a loop, which takes precedence over the limit. Counts the redirect
   * only when it is followed.
   */
  decide(next: URL): RedirectDecision {
    if (this.#visited.has(next.href)) {
      return "redirect_loop";
    }
    if (this.#count >= this.maxRedirects) {
      return "too_many_redirects";
    }
    this.#visited.add(next.href);
    this.#count += 1;
    return "follow";
  }
}
