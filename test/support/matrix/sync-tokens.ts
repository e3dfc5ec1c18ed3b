// Opaque sync tokens ("next_batch", "since", "prev_batch").
import { invalidParam } from "./http.ts";

/**
 * Mints a new token for every response, even when the stream position did not move, and
 * accepts only tokens it minted, so a client that reuses a token from another server
 * instance gets M_INVALID_PARAM instead of a silently wrong sync.
 */
export class SyncTokens {
  private readonly positions = new Map<string, number>();
  private serial = 0;

  mint(position: number): string {
    this.serial += 1;
    const token = `s${position}_${this.serial}`;
    this.positions.set(token, position);
    return token;
  }

  /** Returns the stream position of a token, or rejects with M_INVALID_PARAM. */
  positionOf(token: string): number {
    const position = this.positions.get(token);
    if (position === undefined) {
      throw invalidParam(`Unknown sync token "${token}"`);
    }
    return position;
  }
}
