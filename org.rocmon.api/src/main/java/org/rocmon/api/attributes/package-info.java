/**
 * The host's checking of mixin attributes, as a plain library: {@link org.rocmon.api.attributes.AttributeContext}
 * picks a mixin's attributes from an entity, checks them against its
 * {@link org.rocmon.api.mixin.AttributeSpec}s (type, required, channel names, ranges, enumerations) and gives the
 * mixin a {@link org.rocmon.api.mixin.MixinContext}. The runtime uses it for every mixin instance; fixture tests,
 * the test kit and benchmarks use it to build the same context without a framework.
 */
@Export
@Version("1.1.0")
package org.rocmon.api.attributes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
