package org.rocmon.mixins.publisher.stream.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;

/**
 * Streams up to four channels as server-sent events on the bundle's endpoint ({@link StreamEndpoint}), by default
 * at {@code /stream/<sensor id>}: browsers subscribe with {@code new EventSource(url)}. {@code publish} only formats
 * the frame and queues it for each subscriber (bounded, oldest dropped), so the sensor never waits for a client;
 * {@code tick} sends a keep-alive comment, which also finds clients that went away.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Stream.SCHEME, term = Stream.TERM, kind = MixinKind.PUBLISHER,
        title = "Server-sent events under /stream/ for browsers and dashboards",
        attributes = {Stream.INPUT, Stream.INPUT2, Stream.INPUT3, Stream.INPUT4, Stream.PATH})
public class Stream implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "Stream";
    public static final String INPUT = "input:in!|channel streamed";
    public static final String INPUT2 = "input2:in|a second channel";
    public static final String INPUT3 = "input3:in|a third channel";
    public static final String INPUT4 = "input4:in|a fourth channel";
    public static final String PATH = "path:string|stream path under /stream/; default /stream/<sensor id>";

    private static final Pattern PATH_FORM = Pattern.compile("/stream(/[A-Za-z0-9._~-]+)+");

    private final StreamRegistry registry;
    private final Set<String> inputs = new LinkedHashSet<>();
    private String sensor;
    private String path;
    private boolean attached;

    @Activate
    public Stream(@Reference StreamRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String p = context.attributePrefix();
        sensor = context.entityId();
        inputs.add(context.channel("input"));
        for (String optional : new String[] {"input2", "input3", "input4"}) {
            if (context.attributes().get(optional) != null) {
                inputs.add(context.channel(optional));
            }
        }
        String given = context.string("path", null);
        path = given == null ? StreamEndpoint.ROOT + "/" + sensor : given.trim().replaceAll("/+$", "");
        if (!PATH_FORM.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
                || path.contains("/./") || path.endsWith("/.")) {
            String what = given == null ? "the sensor id '" + sensor + "' cannot be a stream path: give " + p + "path"
                    : "attribute '" + p + "path' must be /stream/ followed by segments of letters, digits, '.', '_',"
                    + " '~' and '-', not '" + given + "'";
            throw new InvalidAttributeException(p + "path", what);
        }
        registry.attach(path);
        attached = true;
    }

    /** @return where this instance streams */
    String path() {
        return path;
    }

    @Override
    public void publish(String channel, Measurement measurement) {
        if (inputs.contains(channel)) {
            registry.publish(path, sensor + "\u0000" + channel, SseFormat.measurement(sensor, channel, measurement));
        }
    }

    @Override
    public void tick(long now) {
        registry.keepAlive(path);
    }

    @Override
    public void close() {
        if (attached) {
            attached = false;
            registry.detach(path);
        }
    }
}
