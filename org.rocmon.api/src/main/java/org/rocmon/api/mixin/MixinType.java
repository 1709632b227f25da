package org.rocmon.api.mixin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Service properties every mixin publishes, as a component property type. Put it on the component class:
 *
 * <pre>
 * &#64;Component(service = Aggregator.class, scope = ServiceScope.PROTOTYPE)
 * &#64;MixinType(scheme = "http://example.com/occi/monitoring/aggregator#", term = "EWMA", kind = MixinKind.AGGREGATOR,
 *         title = "Exponentially weighted moving average",
 *         attributes = {"gain:number!=16|weight divisor", "instream:in!|input channel", "outstream:out!|output channel"})
 * </pre>
 *
 * <p>The properties are {@code rocmon.mixin.scheme}, {@code rocmon.mixin.term}, {@code rocmon.mixin.kind},
 * {@code rocmon.mixin.title}, {@code rocmon.mixin.namespace} and {@code rocmon.mixin.attributes}. Attribute
 * specifications follow {@link AttributeSpec#parse(String)}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MixinType {

    /** Prefix of every property name. */
    String PREFIX_ = "rocmon.mixin.";

    /** @return scheme of the mixin's category, ending in {@code #} */
    String scheme();

    /** @return term of the mixin's category */
    String term();

    /** @return which of the three kinds */
    MixinKind kind();

    /** @return human-readable title */
    String title() default "";

    /**
     * Dotted prefix of the mixin's attributes, without the term. Empty means derived from the scheme: the host
     * reversed, then the path without its last segment ({@code http://example.com/occi/monitoring/aggregator#}
     * gives {@code com.example.occi.monitoring}, so EWMA's gain is {@code com.example.occi.monitoring.EWMA.gain}).
     *
     * @return the attribute namespace
     */
    String namespace() default "";

    /** @return attribute specifications, see {@link AttributeSpec#parse(String)} */
    String[] attributes() default {};
}
