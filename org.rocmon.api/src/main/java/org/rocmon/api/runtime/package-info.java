/**
 * Services the Rocmon runtime bundles offer each other and operators: the collector edge that pushes channels
 * to a sensor's WebSocket, sensor admission of collectors, and the constants of the collector wire protocol
 * (documented in {@code docs/protocol.md}).
 */
@Export
@Version("1.5.0")
package org.rocmon.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
