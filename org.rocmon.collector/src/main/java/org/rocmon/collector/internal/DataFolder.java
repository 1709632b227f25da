package org.rocmon.collector.internal;

import java.io.File;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

import org.rocmon.api.runtime.NodeProperties;

/** Where this bundle keeps what must survive a restart: the node's data folder, else the bundle's data area. */
public final class DataFolder {

    private DataFolder() {
    }

    /** @return the folder, or null when the node has neither */
    public static Path of(BundleContext context) {
        String configured = context.getProperty(NodeProperties.DATA);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        File area = context.getDataFile("");
        return area == null ? null : area.toPath();
    }
}
