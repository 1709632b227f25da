/**
 * Server-sent-events responses written with the Servlet non-blocking API ({@link org.rocmon.http.sse.SseResponse}):
 * the producer offers frames into a bounded queue that drops the oldest when a client is slow, the container's
 * threads write. Used by the Stream publisher and the dashboard's live feed.
 */
@Export
@Version("1.0.0")
package org.rocmon.http.sse;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
