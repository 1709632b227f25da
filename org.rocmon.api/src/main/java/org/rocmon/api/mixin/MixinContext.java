package org.rocmon.api.mixin;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells a mixin instance when it opens it: its attributes (already checked against its
 * {@link MixinType#attributes()} specifications and with defaults applied) and where it runs.
 *
 * <p>Getters take the attribute's short name ({@code gain}, not {@code com.example.occi.monitoring.EWMA.gain})
 * and throw {@link InvalidAttributeException} naming the full attribute when it is missing or of the wrong type.
 */
@ProviderType
public interface MixinContext {

    /** @return id of the sensor or collector this instance belongs to */
    String entityId();

    /** @return the mixin's full attribute prefix, e.g. {@code com.example.occi.monitoring.EWMA.} */
    String attributePrefix();

    /** @return the mixin's attributes by short name, values as decoded from JSON (String, Number, Boolean) */
    Map<String, Object> attributes();

    /**
     * @param name short name
     * @return the value as text
     * @throws InvalidAttributeException when absent
     */
    String string(String name) throws InvalidAttributeException;

    /**
     * @param name short name
     * @param fallback returned when absent
     * @return the value as text
     */
    String string(String name, String fallback);

    /**
     * @param name short name
     * @return the value as a number; numeric strings such as {@code "8888"} are accepted
     * @throws InvalidAttributeException when absent or not a number
     */
    double number(String name) throws InvalidAttributeException;

    /**
     * @param name short name
     * @return the value as a whole number
     * @throws InvalidAttributeException when absent or not a whole number
     */
    long integer(String name) throws InvalidAttributeException;

    /**
     * @param name short name
     * @return the value as a boolean; {@code "true"}/{@code "false"} strings are accepted
     * @throws InvalidAttributeException when absent or not a boolean
     */
    boolean bool(String name) throws InvalidAttributeException;

    /**
     * @param name short name of an {@code in} or {@code out} attribute
     * @return the channel it names
     * @throws InvalidAttributeException when absent
     */
    String channel(String name) throws InvalidAttributeException;

    /**
     * Declares one more output channel, for mixins whose channels are named inside a non-channel attribute (e.g.
     * a map from performance-data labels to channels). Call it from {@code open}: the runtime reads a mixin's
     * outputs once, when {@code open} returns.
     *
     * @param channel the channel name
     * @throws InvalidAttributeException when the name is not a valid channel name
     * @since 1.1
     */
    default void declareOutput(String channel) throws InvalidAttributeException {
        throw new UnsupportedOperationException("this context does not take declared outputs");
    }

    /** @return the period of the owning sensor or collector in milliseconds */
    long periodMillis();

    /**
     * Facts about the monitored resource, for metric mixins ({@code cores}, {@code memory}, {@code os},
     * {@code hostname}); empty on the sensor side.
     *
     * @return the facts by name
     */
    Map<String, Object> resource();

    /**
     * An optional channel: an {@code in} or {@code out} attribute the description may leave out (marked {@code ?}
     * in its specification).
     *
     * @param name short attribute name
     * @return the channel it names, or empty when the description does not set it
     * @throws InvalidAttributeException when the attribute is not a channel
     * @since 1.3
     */
    default java.util.Optional<String> optionalChannel(String name) throws InvalidAttributeException {
        return attributes().get(name) == null ? java.util.Optional.empty() : java.util.Optional.of(channel(name));
    }
}
