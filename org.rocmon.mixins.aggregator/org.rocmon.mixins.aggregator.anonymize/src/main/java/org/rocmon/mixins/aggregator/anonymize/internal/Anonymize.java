package org.rocmon.mixins.aggregator.anonymize.internal;

import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

import org.rocmon.api.Measurement;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.InvalidAttributeException;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.MixinKind;
import org.rocmon.api.mixin.MixinType;
import org.rocmon.api.mixin.Output;

/**
 * Drops or hashes what identifies a measurement before it leaves the sensor: its source (the collector id, often
 * a host name) and text values. Hashing is keyed (HMAC-SHA256 with a salt) so that the same source keeps the same
 * pseudonym without the original being recoverable by hashing guessed names.
 */
@Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
@MixinType(scheme = Anonymize.SCHEME, term = Anonymize.TERM, kind = MixinKind.AGGREGATOR,
        title = "Drop or hash sources and text values", attributes = {Anonymize.INPUT, Anonymize.OUTPUT,
            Anonymize.SOURCE, Anonymize.VALUE, Anonymize.SALT})
public class Anonymize implements Aggregator {

    public static final String SCHEME = "http://example.com/occi/monitoring/aggregator#";
    public static final String TERM = "Anonymize";
    public static final String INPUT = "input:in!|channel to anonymize";
    public static final String OUTPUT = "output:out!|channel the anonymized measurements are written to";
    public static final String SOURCE = "source:string{keep,drop,hash}=keep|keep, drop or hash the source id";
    public static final String VALUE = "value:string{keep,hash}=keep|keep or hash text values (numbers and booleans are kept)";
    public static final String SALT = "salt:secret|HMAC-SHA256 key, at least 8 characters; required when hashing";

    static final int MIN_SALT = 8;

    /** What to do with the source. */
    enum SourceMode {
        KEEP, DROP, HASH
    }

    private String input;
    private String output;
    private SourceMode sourceMode;
    private boolean hashValue;
    private Hasher hasher;

    @Override
    public void open(MixinContext context) throws InvalidAttributeException {
        String prefix = context.attributePrefix();
        input = context.channel("input");
        output = context.channel("output");
        // keep, drop or hash: the host checked the choices (SOURCE, VALUE).
        sourceMode = SourceMode.valueOf(context.string("source").toUpperCase(Locale.ROOT));
        hashValue = context.string("value").equals("hash");
        if (sourceMode == SourceMode.HASH || hashValue) {
            String salt = context.string("salt", null);
            if (salt == null) {
                throw new InvalidAttributeException(prefix + "salt", "attribute '" + prefix
                        + "salt' is required when hashing (source or value is hash)");
            }
            // A short key can be brute-forced together with guessed host names, which defeats the hashing.
            if (salt.length() < MIN_SALT) {
                throw new InvalidAttributeException(prefix + "salt", "attribute '" + prefix + "salt' must have at least "
                        + MIN_SALT + " characters");
            }
            hasher = new Hasher(salt);
        }
    }

    @Override
    public void accept(String channel, Measurement measurement, Output out) {
        if (!input.equals(channel)) {
            return;
        }
        Measurement m = measurement;
        if (hashValue && m.value() instanceof String) {
            m = Measurement.of(hasher.hash((String) m.value()), m.timestamp()).withSource(m.source())
                    .withUnit(m.unit()).withState(m.state());
        }
        if (m.source() != null) {
            if (sourceMode == SourceMode.DROP) {
                m = m.withSource(null);
            } else if (sourceMode == SourceMode.HASH) {
                m = m.withSource(hasher.cachedHash(m.source()));
            }
        }
        out.write(output, m);
    }
}
