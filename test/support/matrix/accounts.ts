// Users, access tokens, account data, sync filters and send transactions.
import type { StreamClock } from "./stream.ts";

const USER_ID_PATTERN = /^@[^:\s]+:\S+$/;

export interface UserAccount {
  readonly userId: string;
  displayName: string;
  presence: string;
}

interface AccountDataEntry {
  content: Record<string, unknown>;
  position: number;
}

export function isUserId(value: string): boolean {
  return USER_ID_PATTERN.test(value);
}

/** Returns the localpart of a user ID: "alice" for "@alice:example.org". */
export function localpartOf(userId: string): string {
  return userId.slice(1, userId.indexOf(":"));
}

export class AccountStore {
  private readonly users = new Map<string, UserAccount>();
  private readonly userIdsByToken = new Map<string, string>();
  private readonly accountData = new Map<string, Map<string, AccountDataEntry>>();
  private readonly filters = new Map<string, Map<string, Record<string, unknown>>>();
  private nextFilterId = 1;
  /** Event IDs of completed sends, keyed by access token and transaction scope. */
  private readonly transactions = new Map<string, string>();

  constructor(private readonly clock: StreamClock) {}

  /**
   * Registers a user with an access token. A user may hold several tokens, but a token
   * belongs to one user. The display name defaults to the localpart.
   */
  register(userId: string, accessToken: string, displayName?: string): void {
    if (!isUserId(userId)) {
      throw new Error(`Invalid user ID "${userId}": expected "@localpart:server"`);
    }
    if (accessToken === "") {
      throw new Error(`Missing access token for ${userId}`);
    }
    const owner = this.userIdsByToken.get(accessToken);
    if (owner !== undefined && owner !== userId) {
      throw new Error(`Access token for ${userId} is already registered to ${owner}`);
    }

    this.userIdsByToken.set(accessToken, userId);
    const existing = this.users.get(userId);
    if (existing) {
      existing.displayName = displayName ?? existing.displayName;
      return;
    }
    this.users.set(userId, { userId, displayName: displayName ?? localpartOf(userId), presence: "offline" });
  }

  userIdForToken(accessToken: string): string | undefined {
    return this.userIdsByToken.get(accessToken);
  }

  user(userId: string): UserAccount | undefined {
    return this.users.get(userId);
  }

  getAccountData(userId: string, type: string): Record<string, unknown> | undefined {
    const content = this.accountData.get(userId)?.get(type)?.content;
    return content === undefined ? undefined : structuredClone(content);
  }

  setAccountData(userId: string, type: string, content: Record<string, unknown>): void {
    let entries = this.accountData.get(userId);
    if (!entries) {
      entries = new Map();
      this.accountData.set(userId, entries);
    }
    entries.set(type, { content: structuredClone(content), position: this.clock.advance() });
    this.clock.notify();
  }

  /** Returns the user's account data events changed after the stream position, or all of them for undefined. */
  accountDataSince(userId: string, position: number | undefined): { type: string; content: Record<string, unknown> }[] {
    const events = [];
    for (const [type, entry] of this.accountData.get(userId) ?? []) {
      if (position === undefined || entry.position > position) {
        events.push({ type, content: structuredClone(entry.content) });
      }
    }
    return events;
  }

  /** Stores a sync filter and returns its ID. IDs start at "1" so that no ID is falsy. */
  addFilter(userId: string, filter: Record<string, unknown>): string {
    const filterId = String(this.nextFilterId++);
    let userFilters = this.filters.get(userId);
    if (!userFilters) {
      userFilters = new Map();
      this.filters.set(userId, userFilters);
    }
    userFilters.set(filterId, structuredClone(filter));
    return filterId;
  }

  getFilter(userId: string, filterId: string): Record<string, unknown> | undefined {
    const filter = this.filters.get(userId)?.get(filterId);
    return filter === undefined ? undefined : structuredClone(filter);
  }

  /**
   * Returns the event ID stored for a send transaction. The Matrix spec scopes a transaction ID
   * to one device and one endpoint, so callers pass the access token and a `scope` string that
   * names the endpoint and the transaction ID.
   */
  transactionEventId(accessToken: string, scope: string): string | undefined {
    return this.transactions.get(transactionKey(accessToken, scope));
  }

  rememberTransaction(accessToken: string, scope: string, eventId: string): void {
    this.transactions.set(transactionKey(accessToken, scope), eventId);
  }
}

function transactionKey(accessToken: string, scope: string): string {
  return `${accessToken}\n${scope}`;
}
