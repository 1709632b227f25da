package org.rocmon.api.dto;

import java.util.LinkedHashMap;
import java.util.Map;

/** Run-time state of a sensor, a collector or one of their mixin stages. */
public class StatusDTO {
    /** One of {@code running}, {@code suspended}, {@code degraded}, {@code stopped}, {@code failed}. */
    public String state;
    /** Why the state is not {@code running}, or {@code null}. */
    public String reason;
    /** Counters by name, e.g. {@code in}, {@code out}, {@code dropped}, {@code errors}. */
    public Map<String, Long> counters = new LinkedHashMap<>();
}
