/**
 * A cache for values fetched from a dependency that can fail: HMAC secrets from Secrets Manager, OIDC
 * discovery documents and key sets from identity providers.
 *
 * - Fresh values are returned synchronously (`peek`), so the warm path makes no call and no await.
 * - Concurrent misses share one load.
 * - When a reload fails, the last good value keeps serving until it is `maxStaleMs` old; after that,
 *   and when nothing was ever loaded, callers get the error and fail closed.
 * - After a failed load, callers fail fast for `retryAfterMs` instead of each waiting out a timeout
 *   against a dependency that is down.
 */
import { LRUCache } from 'lru-cache';

export interface RefreshingCacheOptions {
  /** How long a loaded value is used without reloading. */
  readonly freshMs: number;
  /** How long past its load a value may still serve while reloads fail. */
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

  /** The value if loaded and still fresh; never starts a load. */
  peek(key: K): V | undefined {
    const entry = this.entries.get(key);
    return entry?.value !== undefined && this.now() - entry.loadedAt < this.options.freshMs ? entry.value : undefined;
  }

  /** A fresh value, a reloaded one, or, while reloads fail, a stale one within its bound. */
  async get(key: K): Promise<V> {
    return this.peek(key) ?? this.reload(key);
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

  private usable(entry: Entry<V>): V {
    if (entry.value !== undefined && this.now() - entry.loadedAt < this.options.maxStaleMs) return entry.value;
    throw entry.failure?.error ?? new Error('no value loaded');
  }

  private reload(key: K): Promise<V> {
    let entry = this.entries.get(key);
    if (entry?.inFlight) return entry.inFlight;
    const now = this.now();
    if (entry?.failure && now - entry.failure.at < this.options.retryAfterMs) {
      return Promise.resolve().then(() => this.usable(entry as Entry<V>));
    }
    if (!entry) {
      entry = { loadedAt: 0, forcedAt: Number.NEGATIVE_INFINITY };
      this.entries.set(key, entry);
    }
    const current = entry;
    current.inFlight = this.load(key).then(
      (value) => {
        current.value = value;
        current.loadedAt = this.now();
        current.failure = undefined;
        current.inFlight = undefined;
        return value;
      },
      (error: unknown) => {
        current.failure = { error, at: this.now() };
        current.inFlight = undefined;
        return this.usable(current);
      },
    );
    return current.inFlight;
  }
}
