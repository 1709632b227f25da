package org.rocmon.sensor.internal.http;

/**
 * A parsed path under /sensor: the list ({@code /sensor/}), one sensor ({@code /sensor/{id}/}) or one of its
 * collectors ({@code /sensor/{id}/collector/{cid}}), its data ({@code /sensor/{id}/data}) or one of its control
 * commands ({@code /sensor/{id}/command/{cmd}; collectorId holds the command id}). Anything else is {@link #NONE}.
 */
record Route(Type type, String sensorId, String collectorId) {

    enum Type {
        LIST, SENSOR, COLLECTOR, DATA, COMMAND, NONE
    }

    static final Route NONE_ROUTE = new Route(Type.NONE, null, null);

    /** @param pathInfo the path after /sensor, may be null */
    static Route parse(String pathInfo) {
        if (pathInfo == null || pathInfo.isEmpty() || "/".equals(pathInfo)) {
            return new Route(Type.LIST, null, null);
        }
        String p = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] parts = p.split("/", -1);
        if (parts.length == 1 && !parts[0].isEmpty()) {
            return new Route(Type.SENSOR, parts[0], null);
        }
        if (parts.length == 2 && !parts[0].isEmpty() && "data".equals(parts[1])) {
            return new Route(Type.DATA, parts[0], null);
        }
        if (parts.length == 3 && !parts[0].isEmpty() && "collector".equals(parts[1]) && !parts[2].isEmpty()) {
            return new Route(Type.COLLECTOR, parts[0], parts[2]);
        }
        if (parts.length == 3 && !parts[0].isEmpty() && "command".equals(parts[1]) && !parts[2].isEmpty()) {
            return new Route(Type.COMMAND, parts[0], parts[2]);
        }
        return NONE_ROUTE;
    }
}
