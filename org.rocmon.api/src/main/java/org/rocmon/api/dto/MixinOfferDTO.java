package org.rocmon.api.dto;

/** A mixin a repository index offers (through a {@code rocmon.mixin} capability), installed or not. */
public class MixinOfferDTO {
    /** Scheme + term. */
    public String id;
    /** {@code metric}, {@code aggregator} or {@code publisher}. */
    public String kind;
    /** The mixin's (= its bundle's) version. */
    public String version;
    /** Symbolic name of the bundle that provides it. */
    public String bundle;
}
