// matrix-bot-sdk's storage provider over the AdapterState table, so the sync
// position and the sync filter survive a restart: the bot resumes from where
// it stopped and receives the commands sent while it was down.
import type { IFilterInfo, IStorageProvider } from "matrix-bot-sdk";
import { retryWhileBusy } from "../../db/busy-retry.ts";
import type { Database } from "../../db/client.ts";

export const SYNC_TOKEN_KEY = "matrix:sync_token";
export const FILTER_KEY = "matrix:filter";
/** The account the stored sync position belongs to. */
export const USER_ID_KEY = "matrix:user_id";
/** Random prefix of transaction ids, created once per database. */
export const TRANSACTION_PREFIX_KEY = "matrix:txn_prefix";
const VALUE_KEY_PREFIX = "matrix:value:";

export class AdapterStateStorage implements IStorageProvider {
  constructor(private readonly db: Database) {}

  async read(key: string): Promise<string | null> {
    const row = await this.db.adapterState.findUnique({ where: { key } });
    return row?.value ?? null;
  }

  async write(key: string, value: string | null): Promise<void> {
    if (value === null) {
      await retryWhileBusy(() => this.db.adapterState.deleteMany({ where: { key } }));
      return;
    }
    await retryWhileBusy(() => this.db.adapterState.upsert({ where: { key }, create: { key, value }, update: { value } }));
  }

  /** Returns the stored value, storing `created` first when there is none. */
  async readOrCreate(key: string, created: string): Promise<string> {
    await retryWhileBusy(() => this.db.adapterState.upsert({ where: { key }, create: { key, value: created }, update: {} }));
    return (await this.read(key)) ?? created;
  }

  getSyncToken(): Promise<string | null> {
    return this.read(SYNC_TOKEN_KEY);
  }

  setSyncToken(token: string | null): Promise<void> {
    return this.write(SYNC_TOKEN_KEY, token);
  }

  async getFilter(): Promise<IFilterInfo> {
    const stored = await this.read(FILTER_KEY);
    // The SDK's interface types the result as IFilterInfo, but it checks for a missing filter.
    return (stored === null ? null : JSON.parse(stored)) as IFilterInfo;
  }

  setFilter(filter: IFilterInfo): Promise<void> {
    return this.write(FILTER_KEY, JSON.stringify(filter));
  }

  storeValue(key: string, value: string): Promise<void> {
    return this.write(VALUE_KEY_PREFIX + key, value);
  }

  readValue(key: string): Promise<string | null> {
    return this.read(VALUE_KEY_PREFIX + key);
  }

  /**
   * Keeps the stored sync position only if it belongs to `userId`. After the
   * access token is changed to another account, the old position and filter
   * are dropped. Returns true when that happened.
   */
  async bindUser(userId: string): Promise<boolean> {
    const stored = await this.read(USER_ID_KEY);
    if (stored === userId) return false;
    await retryWhileBusy(() => this.db.adapterState.deleteMany({ where: { key: { in: [SYNC_TOKEN_KEY, FILTER_KEY] } } }));
    await this.write(USER_ID_KEY, userId);
    return stored !== null;
  }
}
