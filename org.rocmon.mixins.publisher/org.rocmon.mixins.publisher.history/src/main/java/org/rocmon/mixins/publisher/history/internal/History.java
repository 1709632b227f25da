package org.rocmon.mixins.publisher.history.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.history.HistoryStore;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Publisher;

/**
 * Records up to four channels of its sensor in the node's {@link HistoryStore}, queried under
 * {@code /history/<sensor>/<channel>}. {@code publish} only hands the value to the store, which queues it for its
 * own writer and never blocks; values the store drops (queue full, too many series) are counted and reported as
 * one exception per tick in which the count grew. The mixin starts no thread.
 */
@Component(service = Publisher.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = History.SCHEME, term = History.TERM, kind = MixinKind.PUBLISHER,
        title = "Record channels in the node's history store (queried under /history/)",
        attributes = {History.INPUT, History.INPUT2, History.INPUT3, History.INPUT4, History.RETENTION})
public class History implements Publisher {

    public static final String SCHEME = "http://example.com/occi/monitoring/publisher#";
    public static final String TERM = "History";
    public static final String INPUT = "input:in!|channel recorded";
    public static final String INPUT2 = "input2:in?|a second channel";
    public static final String INPUT3 = "input3:in?|a third channel";
    public static final String INPUT4 = "input4:in?|a fourth channel";
    public static final String RETENTION = "retention:integer?[1,36500]|days the consolidated archives of a new "
            + "series keep; default: every archive of the store (a year unless configured)";

    private final HistoryStore store;
    private final Set<String> inputs = new LinkedHashSet<>();
    private String sensor;
    private int retentionDays;
    private long dropped;
    private long reported;

    @Activate
    public History(@Reference HistoryStore store) {
        this.store = store;
    }

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        sensor = context.entityId();
        inputs.add(context.channel("input"));
        for (String optional : new String[] {"input2", "input3", "input4"}) {
            context.optionalChannel(optional).ifPresent(inputs::add);
        }
        retentionDays = context.attributes().get("retention") == null ? 0 : (int) context.integer("retention");
    }

    @Override
    public void publish(String channel, Measurement measurement) {
        if (inputs.contains(channel) && !store.append(sensor, channel, measurement, retentionDays)) {
            dropped++;
        }
    }

    @Override
    public void tick(long now) {
        if (dropped > reported) {
            long lost = dropped - reported;
            reported = dropped;
            throw new IllegalStateException("History of sensor " + sensor + ": the store dropped " + lost
                    + " value(s) since the last tick (" + dropped + " in all): its queue is full or it holds its "
                    + "maximum of series");
        }
    }

    /** @return the channels recorded */
    Set<String> inputs() {
        return inputs;
    }
}
