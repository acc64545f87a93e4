/**
 * A cache for values fetched from a dependency that can fail or hang: HMAC secrets from Secrets Manager,
 * OIDC discovery documents and key sets from identity providers. Stale-while-revalidate:
 *
 * - Fresh values are returned synchronously (`current`), so the warm path makes no call and no await.
 * - When a value is due for a refresh but still usable (younger than `maxStaleMs`), it keeps being
 *   returned at once while one reload runs in the background: no request waits for the dependency,
 *   however slow it is.
 * - With nothing usable cached, callers wait for the load (`get`); concurrent callers share it.
 * - One load per key at a time, background or not. After a failed load, no new one starts for
 *   `retryAfterMs`: callers with a usable value keep it, callers without one fail fast instead of each
 *   waiting out a timeout against a dependency that is down. Past `maxStaleMs`, and when nothing was
 *   ever loaded, callers get the error and fail closed.
 */
import { LRUCache } from 'lru-cache';

export interface RefreshingCacheOptions {
  /** How long a loaded value is used before a reload is started. */
  readonly freshMs: number;
  /** How long past its load a value may still serve while reloads are slow or failing. */
  readonly maxStaleMs: number;
  /** How long a failed load is remembered before the dependency is tried again. */
  readonly retryAfterMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

interface Entry<V> {
  value?: V;
  loadedAt: number;
  /** When a forced reload (`refresh`) last started, for its cooldown. */
  forcedAt: number;
  failure?: { error: unknown; at: number };
  inFlight?: Promise<V>;
}

export class RefreshingCache<K extends string, V> {
  private readonly entries: LRUCache<K, Entry<V>>;
  private readonly now: () => number;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly options: RefreshingCacheOptions,
  ) {
    this.entries = new LRUCache({ max: options.maxEntries });
    this.now = options.now ?? Date.now;
  }

  /**
   * A usable value without waiting: fresh, or due for a refresh but within `maxStaleMs`, in which case
   * a background reload is started (unless one is running or a failure is recent). Undefined when
   * nothing usable is cached; then `get` waits for a load.
   */
  current(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry?.value === undefined) return undefined;
    const age = this.now() - entry.loadedAt;
    if (age < this.options.freshMs) return entry.value;
    if (age >= this.options.maxStaleMs) return undefined;
    if (!entry.inFlight && !this.recentlyFailed(entry)) this.startLoad(key, entry).catch(() => undefined); // the outcome is kept in the entry
    return entry.value;
  }

  /** A usable value, or one loaded now (shared with concurrent callers), or the load's error. */
  async get(key: K): Promise<V> {
    return this.current(key) ?? this.reload(key);
  }

  /**
   * Reloads now, unless another forced reload started less than `cooldownMs` ago, in which case the
   * current value is returned. Used when a value is suspected outdated (a token names a `kid` the cached
   * key set lacks): a provider's genuine new key is fetched at its first token, while a stream of
   * made-up ones costs one load per cooldown.
   */
  async refresh(key: K, cooldownMs: number): Promise<V> {
    const entry = this.entries.get(key);
    if (entry?.inFlight) return entry.inFlight;
    const now = this.now();
    if (entry && now - entry.forcedAt < cooldownMs) return this.usable(entry);
    const loading = this.reload(key);
    (this.entries.get(key) as Entry<V>).forcedAt = now;
    return loading;
  }

  /** Resolves once the loads running now (background ones included) have ended; for tests and benchmarks. */
  async settled(): Promise<void> {
    const running = [...this.entries.values()].map((entry) => entry.inFlight).filter((loading) => loading !== undefined);
    await Promise.allSettled(running);
  }

  /** Whether the latest load of this key failed (the dependency is down, or was at the last try). */
  failing(key: K): boolean {
    return this.entries.get(key)?.failure !== undefined;
  }

  private recentlyFailed(entry: Entry<V>): boolean {
    return entry.failure !== undefined && this.now() - entry.failure.at < this.options.retryAfterMs;
  }

  private usable(entry: Entry<V>): V {
    if (entry.value !== undefined && this.now() - entry.loadedAt < this.options.maxStaleMs) return entry.value;
    throw entry.failure?.error ?? new Error('no value loaded');
  }

  private reload(key: K): Promise<V> {
    let entry = this.entries.get(key);
    if (entry?.inFlight) return entry.inFlight;
    if (entry && this.recentlyFailed(entry)) return Promise.resolve().then(() => this.usable(entry as Entry<V>));
    if (!entry) {
      entry = { loadedAt: 0, forcedAt: Number.NEGATIVE_INFINITY };
      this.entries.set(key, entry);
    }
    return this.startLoad(key, entry);
  }

  private startLoad(key: K, entry: Entry<V>): Promise<V> {
    const loading = this.load(key).then(
      (value) => {
        entry.value = value;
        entry.loadedAt = this.now();
        entry.failure = undefined;
        entry.inFlight = undefined;
        return value;
      },
      (error: unknown) => {
        entry.failure = { error, at: this.now() };
        entry.inFlight = undefined;
        return this.usable(entry);
      },
    );
    entry.inFlight = loading;
    return loading;
  }
}
