// The homeserver's in-memory state and the context that route handlers receive.
import { AccountStore } from "./accounts.ts";
import { RoomStore } from "./rooms.ts";
import { StreamClock } from "./stream.ts";
import { SyncTokens } from "./sync-tokens.ts";

export interface HomeserverState {
  readonly serverName: string;
  /** Maximum timeline events per room in one sync response when the filter sets none. */
  readonly defaultTimelineLimit: number;
  readonly clock: StreamClock;
  readonly accounts: AccountStore;
  readonly rooms: RoomStore;
  readonly syncTokens: SyncTokens;
}

export function createState(serverName: string, defaultTimelineLimit: number): HomeserverState {
  const clock = new StreamClock();
  const accounts = new AccountStore(clock);
  return {
    serverName,
    defaultTimelineLimit,
    clock,
    accounts,
    rooms: new RoomStore(clock, accounts, serverName),
    syncTokens: new SyncTokens(),
  };
}

/** What a route handler gets for one authenticated request. */
export interface RequestContext {
  readonly state: HomeserverState;
  readonly userId: string;
  readonly accessToken: string;
  /** Returns a percent-decoded path parameter of the matched route. */
  param(name: string): string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** Aborts when the client disconnects or the server closes. */
  readonly signal: AbortSignal;
}
