package io.modelfn.api.clients;

import io.modelfn.aws.lean.RenewableClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkClient;

/**
 * An AWS SDK client that can be replaced while the application holds on to it.
 *
 * <p>Why: after a Lambda SnapStart restore, the clients built before the snapshot carry pooled
 * connections and cached credentials from another time and machine. The registry reader, the model
 * store and the admin services are handed {@link #view()} once, at wiring time; the view forwards
 * every call to the client built most recently, so {@link #rebuild()} (after a restore) gives all of
 * them a fresh client without rewiring anything. The client is built on first use, so a client the
 * application never calls (S3 under the local store) is never built, nor rebuilt.
 *
 * <p>The factory is the application's own client configuration ({@link AwsClients}); nothing here
 * builds a client statically.
 *
 * <p>Thread-safe. A call in flight on the old client when it is rebuilt may fail with a closed
 * client; rebuilds happen after a restore, before the first request.
 *
 * <p>A lean client ({@link RenewableClient}) is its own view, and a rebuild renews it in place (its credentials
 * dropped): it holds nothing else from before a restore.
 *
 * @param <T> the SDK client interface, e.g. {@code DynamoDbClient}
 */
public final class RebuildableClient<T extends SdkClient> implements Supplier<T>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RebuildableClient.class);

    private final Class<T> type;
    private final Supplier<T> factory;
    private volatile T view;
    private volatile T current;
    private int builds;

    public RebuildableClient(Class<T> type, Supplier<T> factory) {
        this.type = Objects.requireNonNull(type, "type");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * The client to hand out: every call goes to the current client, built on first use. The view is made on
     * the first call of this method: making it loads every request and response class of the service's API
     * (hundreds for S3), which a holder of this object that calls {@link #get()} itself never needs.
     */
    public T view() {
        T made = view;
        if (made == null) {
            synchronized (this) {
                if (view == null) {
                    // A client that renews itself is handed out as it is: a proxy would load every class of its API.
                    T client = get();
                    view = client instanceof RenewableClient
                            ? client
                            : type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this::forward));
                }
                made = view;
            }
        }
        return made;
    }

    /** The current client, built now if it never was. */
    @Override
    public T get() {
        T client = current;
        if (client == null) {
            synchronized (this) {
                if (current == null) {
                    current = factory.get();
                    builds++;
                }
                client = current;
            }
        }
        return client;
    }

    /**
     * Builds a new client for every later call and closes the old one. Does nothing when no client
     * was built yet (the first use builds a fresh one anyway).
     *
     * @return whether a client was rebuilt
     */
    public boolean rebuild() {
        T old;
        synchronized (this) {
            old = current;
            if (old == null) {
                return false;
            }
            if (old instanceof RenewableClient renewable) {
                renewable.renew(); // handed out as its own view: renewed in place, not replaced
                builds++;
                return true;
            }
            current = factory.get();
            builds++;
        }
        closeQuietly(old);
        return true;
    }

    /** How many clients have been built so far (1 after first use, +1 per rebuild). */
    public synchronized int builds() {
        return builds;
    }

    @Override
    public void close() {
        T old;
        synchronized (this) {
            old = current;
            current = null;
        }
        if (old != null) {
            closeQuietly(old);
        }
    }

    private Object forward(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "rebuildable " + type.getSimpleName();
            };
        }
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
            close();
            return null;
        }
        try {
            return method.invoke(get(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void closeQuietly(T client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debugf("closing a replaced %s failed: %s", type.getSimpleName(), e.getMessage());
        }
    }
}
