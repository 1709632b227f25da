/**
 * Pushing to an HTTP receiver from a publisher: {@link org.rocmon.http.push.PushQueue} holds what waits, sends it in
 * batches and applies one set of retry, back-off and drop rules, so every publisher that POSTs behaves the same when
 * its receiver is slow, down or refuses. Used by the Webhook and PrometheusRemoteWrite publishers.
 */
@Export
@Version("1.0.0")
package org.rocmon.http.push;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
