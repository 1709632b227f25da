package org.rocmon.mixins.publisher.remotewrite.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

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
 * Sends the measurements of up to four channels to a Prometheus remote-write 1.0 receiver (Prometheus with
 * {@code --web.enable-remote-write-receiver}, Mimir, Thanos Receive, VictoriaMetrics): {@code publish} turns each
 * into a sample of its series and queues it, {@code tick} POSTs the queue in batches. A batch that fails for a
 * passing reason (429, 5xx, no answer) stays at the head of the queue and is sent again at the first tick after its
 * backoff ({@code backoff} seconds, doubled per retry); no call ever sleeps, and a tick spends at most one
 * {@code timeout} sending, so the sensor's other stages never wait on the receiver. After {@code retries} retries,
 * or when the receiver refuses it (other 4xx), the batch is dropped. The queue holds at most {@code maxqueue}
 * samples, dropping the oldest. Every drop is counted and reported by one exception per tick in which the count grew.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = PrometheusRemoteWrite.SCHEME, term = PrometheusRemoteWrite.TERM, kind = MixinKind.PUBLISHER,
        title = "Send measurements to a Prometheus remote-write receiver (protobuf, Snappy)",
        attributes = {PrometheusRemoteWrite.INPUT, PrometheusRemoteWrite.INPUT2, PrometheusRemoteWrite.INPUT3,
            PrometheusRemoteWrite.INPUT4, PrometheusRemoteWrite.URL, PrometheusRemoteWrite.PREFIX,
            PrometheusRemoteWrite.LABELS, PrometheusRemoteWrite.STATE, PrometheusRemoteWrite.BATCH,
            PrometheusRemoteWrite.RETRIES, PrometheusRemoteWrite.BACKOFF, PrometheusRemoteWrite.MAXQUEUE,
            PrometheusRemoteWrite.TIMEOUT, PrometheusRemoteWrite.USERNAME, PrometheusRemoteWrite.PASSWORD,
            PrometheusRemoteWrite.BEARER})
public class PrometheusRemoteWrite implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "PrometheusRemoteWrite";
    public static final String INPUT = "input:in!|channel whose measurements are sent";
    public static final String INPUT2 = "input2:in?|a second channel";
    public static final String INPUT3 = "input3:in?|a third channel";
    public static final String INPUT4 = "input4:in?|a fourth channel";
    public static final String URL = "url:url!|http(s) URL of the remote-write receiver, e.g."
            + " http://127.0.0.1:9090/api/v1/write";
    public static final String PREFIX = "prefix:string=rocmon|metric name prefix: a channel's series is"
            + " <prefix>_<channel>";
    public static final String LABELS = "labels:string|extra labels of every series, k=v,k2=v2";
    public static final String STATE = "state:string{series,label,none}=series|the Nagios state as a companion"
            + " series <name>_state (0 OK..3 UNKNOWN), as a label 'state' of the value's series, or not at all";
    public static final String BATCH = "batch:integer[1,100000]=500|samples per request";
    public static final String RETRIES = "retries:integer[0,100]=3|retries of a failed batch before it is dropped";
    public static final String BACKOFF = "backoff:number(0,3600]=1|seconds before the first retry, doubled per retry";
    public static final String MAXQUEUE = "maxqueue:integer[1,10000000]=10000|samples kept; the oldest are dropped"
            + " first";
    public static final String TIMEOUT = "timeout:number(0,10]=2|seconds a tick may spend sending, connecting and"
            + " waiting for answers included";
    public static final String USERNAME = "username:string|user name of HTTP Basic authentication (with password)";
    public static final String PASSWORD = "password:secret|password of HTTP Basic authentication; write-only";
    public static final String BEARER = "bearer:secret|bearer token sent as 'Authorization: Bearer <token>';"
            + " write-only";

    private final WriteRequests requests = new WriteRequests();
    private String who;
    private Set<String> inputs;
    private SeriesLabels labels;
    private String stateMode;
    private long timeoutMillis;
    private PushQueue<WriteRequests.Sample> queue;
    private Endpoint endpoint;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        who = TERM + " of sensor " + context.entityId();
        inputs = new java.util.LinkedHashSet<>();
        inputs.add(context.channel("input"));
        for (String more : new String[] {"input2", "input3", "input4"}) {
            context.optionalChannel(more).ifPresent(inputs::add);
        }
        URI uri = url(p + "url", context.string("url").trim());
        String prefix = context.string("prefix");
        if (!SeriesLabels.METRIC_PREFIX.matcher(prefix).matches()) {
            throw new InvalidAttributeException(p + "prefix",
                    "attribute '" + p + "prefix' must match [a-zA-Z_:][a-zA-Z0-9_:]*, not '" + prefix + "'");
        }
        stateMode = context.string("state");
        labels = new SeriesLabels(prefix, context.entityId(),
                SeriesLabels.parse(p + "labels", context.string("labels", "")), "label".equals(stateMode));
        int maxqueue = (int) context.integer("maxqueue");
        int batch = (int) context.integer("batch");
        if (batch > maxqueue) {
            throw new InvalidAttributeException(p + "batch",
                    "attribute '" + p + "batch' must be at most maxqueue (" + maxqueue + "), not " + batch);
        }
        int retries = (int) context.integer("retries");
        long backoffMillis = Math.max(1, Math.round(context.number("backoff") * 1000));
        timeoutMillis = Math.max(1, Math.round(context.number("timeout") * 1000));
        queue = new PushQueue<>(maxqueue, batch, retries, backoffMillis);
        endpoint = new Endpoint(uri, Duration.ofMillis(timeoutMillis), authorization(context, p));
    }

    private static URI url(String attribute, String text) throws InvalidAttributeException {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null
                    && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidAttributeException(attribute, "attribute '" + attribute
                + "' must be an http:// or https:// URL with a host and no user info, not '" + text + "'");
    }

    /** @return the Authorization header: Basic from username and password, Bearer from bearer, or none */
    private static String authorization(MixinContext context, String p) throws InvalidAttributeException {
        String username = context.string("username", null);
        String password = context.string("password", null);
        String bearer = context.string("bearer", null);
        // never echo a secret in a message
        if (bearer != null && (username != null || password != null)) {
            throw new InvalidAttributeException(p + "bearer",
                    "attribute '" + p + "bearer' cannot be given with username/password: choose one authentication");
        }
        if (bearer != null) {
            if (bearer.isBlank() || bearer.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                throw new InvalidAttributeException(p + "bearer",
                        "attribute '" + p + "bearer' must be one token without spaces or control characters");
            }
            return "Bearer " + bearer;
        }
        if (username == null && password == null) {
            return null;
        }
        if (username == null || username.isEmpty() || username.indexOf(':') >= 0
                || username.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidAttributeException(p + "username", "attribute '" + p + "username' is needed with a"
                    + " password and must be a name without ':' or control characters");
        }
        if (password == null || password.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new InvalidAttributeException(p + "password",
                    "attribute '" + p + "password' is needed with a username and must be one line");
        }
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void publish(String channel, Measurement measurement) {
        if (!inputs.contains(channel)) {
            return;
        }
        if (measurement.value() instanceof String) {
            queue.drop("text values", 1);
            return;
        }
        String name = labels.metricName(channel);
        queue.add(new WriteRequests.Sample(labels.of(name, channel, measurement), measurement.asDouble(),
                measurement.timestamp()));
        if ("series".equals(stateMode) && measurement.state() != null) {
            String state = name + "_state";
            queue.add(new WriteRequests.Sample(labels.of(state, channel, measurement), measurement.state().ordinal(),
                    measurement.timestamp()));
        }
    }

    @Override
    public void tick(long now) throws IOException {
        String failure = deliver(now);
        String losses = queue.losses("sample");
        if (failure != null || losses != null) {
            throw new IOException(who + ": " + (failure == null ? losses
                    : losses == null ? failure : failure + "; " + losses) + "; " + queue.delivered() + " sent");
        }
    }

    /**
     * Sends batches until the queue is empty, one fails, or one {@code timeout} has passed since the tick began (the
     * rest waits for the next tick, so a tick stays within the sensor's call timeout).
     *
     * @return what failed, or {@code null}
     */
    private String deliver(long now) {
        // the whole tick, every request and its connection included, ends by one timeout from here
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        return queue.deliver(now, head -> endpoint.post(requests.body(head), deadline),
                () -> "receiver " + endpoint.lastProblem(), () -> System.nanoTime() < deadline);
    }

    /** @return samples delivered so far (for tests) */
    long sent() {
        return queue.delivered();
    }

    /** @return samples waiting (for tests and the benchmark's sizing) */
    int queued() {
        return queue.size();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            // a last delivery, as the contract asks close to flush; bounded like a tick, backoff ignored
            deliver(Long.MAX_VALUE);
            endpoint.close();
            endpoint = null;
        }
        if (queue != null) {
            queue.clear();
        }
    }
}
