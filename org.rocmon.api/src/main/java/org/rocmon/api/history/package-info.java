/**
 * The history store: time series of measurements per (sensor, channel, source), kept with retention and automatic
 * downsampling on the node's disk, and the DTOs its queries return.
 *
 * <p>{@link org.rocmon.api.history.HistoryStore} is implemented by the runtime (bundle {@code org.rocmon.history})
 * and used by the {@code History} publisher mixin, which records the channels a sensor names, and by the
 * {@code /history/} HTTP resource. DTOs have public fields and no behaviour.
 */
@Export
@Version("1.0.0")
package org.rocmon.api.history;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
