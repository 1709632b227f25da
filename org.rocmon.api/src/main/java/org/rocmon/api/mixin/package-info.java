/**
 * The mixin SPI: {@link org.rocmon.api.mixin.Metric}, {@link org.rocmon.api.mixin.Aggregator} and
 * {@link org.rocmon.api.mixin.Publisher}.
 *
 * <h2>Registration</h2> A mixin is a Declarative Services component with
 * {@code scope = ServiceScope.PROTOTYPE}, providing one of the three interfaces and annotated with
 * {@link org.rocmon.api.mixin.MixinType}. The runtime finds it in the service registry by the scheme and term an
 * OCCI description names, and takes one fresh instance for every sensor or collector that uses it, so instances
 * may keep state. The version of a mixin is the version of its bundle; a requested version range is checked in
 * code, not in an LDAP filter.
 *
 * <h2>Threading</h2> The runtime owns all threads. It never calls one mixin instance concurrently, and every call
 * on an instance happens-after the previous one, so instances need no locks. A mixin must not start threads or
 * timers: periodic work belongs in {@code measure} or {@code tick}, which the runtime schedules. Calls should
 * return promptly; the runtime bounds each call with a timeout and isolates, counts and logs instances that throw
 * or hang. A metric that waits on something outside the JVM implements {@link org.rocmon.api.mixin.AsyncMetric}
 * and returns at once; programs are run through the host's {@link org.rocmon.api.mixin.ProcessRunner} service,
 * never with {@code ProcessBuilder} from a mixin.
 *
 * <h2>Life cycle</h2> {@code open} once (validate attributes and fail with
 * {@link org.rocmon.api.mixin.InvalidAttributeException}), then any number of data calls, then {@code close}
 * once, even if {@code open} failed half way.
 */
@Export
@Version("1.4.0")
package org.rocmon.api.mixin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
