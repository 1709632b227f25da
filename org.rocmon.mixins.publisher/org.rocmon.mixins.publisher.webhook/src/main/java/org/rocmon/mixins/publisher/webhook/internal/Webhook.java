package org.rocmon.mixins.publisher.webhook.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.http.push.PushQueue;

/**
 * Pushes the measurements of one channel to an HTTP(S) callback, as FIWARE subscriptions do: {@code publish} queues,
 * {@code tick} POSTs the queue in batches. A batch that fails for a passing reason stays at the head of the queue
 * and is sent again at the first tick after its backoff ({@code backoff} seconds, doubled per retry) has elapsed;
 * no call ever sleeps. After {@code retries} retries, or when the receiver refuses it (4xx), the batch is dropped.
 * The queue holds at most {@code maxqueue} measurements, dropping the oldest. Every drop is counted in the
 * payload's {@code dropped} field and reported to the sensor by one exception per tick in which the count grew.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Webhook.SCHEME, term = Webhook.TERM, kind = MixinKind.PUBLISHER,
        title = "POST batches of measurements as JSON to a callback URL",
        attributes = {Webhook.INPUT, Webhook.URL, Webhook.BATCH, Webhook.RETRIES, Webhook.BACKOFF, Webhook.MAXQUEUE,
            Webhook.TIMEOUT, Webhook.AUTHORIZATION})
public class Webhook implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "Webhook";
    public static final String INPUT = "input:in!|channel whose measurements are pushed";
    public static final String URL = "url:url!|http(s) callback URL the batches are POSTed to";
    public static final String BATCH = "batch:integer[1,]=100|measurements per POST, at most maxqueue";
    public static final String RETRIES = "retries:integer[0,100]=3|retries of a failed batch before it is dropped";
    public static final String BACKOFF = "backoff:number(0,3600]=1|seconds before the first retry, doubled per retry";
    public static final String MAXQUEUE = "maxqueue:integer[1,10000000]=10000|measurements kept; the oldest are dropped first";
    public static final String TIMEOUT = "timeout:number(0,10]=2|seconds to connect and to wait for an answer";
    public static final String AUTHORIZATION = "authorization:secret|Authorization header sent with every POST,"
            + " e.g. 'Bearer <token>'; write-only";

    private final Payload payload = new Payload();
    private String sensor;
    private String who;
    private String input;
    private long timeoutMillis;
    private PushQueue<Payload.Entry> queue;
    private Callback callback;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        sensor = context.entityId();
        who = TERM + " of sensor " + sensor;
        input = context.channel("input");
        URI uri = url(p + "url", context.string("url").trim());
        // The host checks each range (specs above); only batch <= maxqueue, which ties two attributes, is ours.
        int maxqueue = (int) context.integer("maxqueue");
        int batch = (int) context.integer("batch");
        if (batch > maxqueue) {
            throw new InvalidAttributeException(p + "batch",
                    "attribute '" + p + "batch' must be at most maxqueue (" + maxqueue + "), not " + batch);
        }
        int retries = (int) context.integer("retries");
        long backoffMillis = Math.max(1, Math.round(context.number("backoff") * 1000));
        timeoutMillis = Math.max(1, Math.round(context.number("timeout") * 1000));
        String authorization = context.string("authorization", null);
        if (authorization != null && authorization.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            // never echo the value: it is a secret
            throw new InvalidAttributeException(p + "authorization",
                    "attribute '" + p + "authorization' must be one line");
        }
        queue = new PushQueue<>(maxqueue, batch, retries, backoffMillis);
        callback = new Callback(uri, Duration.ofMillis(timeoutMillis),
                authorization == null ? null : authorization.trim());
    }

    private static URI url(String attribute, String text) throws InvalidAttributeException {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidAttributeException(attribute,
                "attribute '" + attribute + "' must be an http:// or https:// URL with a host, not '" + text + "'");
    }

    @Override
    public void publish(String channel, Measurement measurement) {
        if (!input.equals(channel)) {
            return;
        }
        queue.add(new Payload.Entry(channel, measurement));
    }

    @Override
    public void tick(long now) throws IOException {
        String failure = deliver(now);
        String losses = queue.losses("measurement");
        if (failure != null || losses != null) {
            throw new IOException(who + ": " + (failure == null ? losses
                    : losses == null ? failure : failure + "; " + losses));
        }
    }

    /**
     * Sends batches until the queue is empty, one fails, or the time of one request is used up (the rest waits for
     * the next tick, so a tick stays short).
     *
     * @return what failed, or {@code null}
     */
    private String deliver(long now) {
        long start = System.nanoTime();
        long before = queue.delivered();
        // the first batch always goes; another only while the time of one request is not used up
        return queue.deliver(now, head -> callback.post(payload.format(sensor, queue.dropped(), head)),
                () -> "callback " + callback.lastProblem(), () -> queue.delivered() == before
                        || (System.nanoTime() - start) / 1_000_000 < timeoutMillis);
    }

    @Override
    public void close() {
        if (callback != null) {
            // a last delivery, as the contract asks close to flush; bounded like a tick, backoff ignored
            deliver(Long.MAX_VALUE);
            callback.close();
            callback = null;
        }
        if (queue != null) {
            queue.clear();
        }
    }
}
