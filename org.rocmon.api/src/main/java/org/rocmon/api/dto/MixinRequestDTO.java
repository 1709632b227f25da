package org.rocmon.api.dto;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a sensor or collector asks of the mixin catalog to open one mixin instance. */
public class MixinRequestDTO {
    /** Scheme + term of the mixin. */
    public String mixin;
    /** OSGi version range the provider's bundle version must fall in, or {@code null} for any (highest wins). */
    public String versionRange;
    /** Id of the sensor or collector that will own the instance. */
    public String entityId;
    /** All attributes of the owning entity, flat dotted names; the catalog picks the mixin's own. */
    public Map<String, Object> attributes = new LinkedHashMap<>();
    /** Period of the owning entity in milliseconds. */
    public long periodMillis;
    /** Facts about the monitored resource (metrics only). */
    public Map<String, Object> resource = new LinkedHashMap<>();
}
