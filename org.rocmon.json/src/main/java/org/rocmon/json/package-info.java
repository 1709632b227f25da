/**
 * Rocmon's JSON vocabulary, written once: a Jackson {@link com.fasterxml.jackson.databind.Module} that every bundle
 * writing JSON registers ({@link org.rocmon.json.RocmonJson#mapper()}), in the spirit of
 * {@code jackson-datatype-jsr310}.
 */
@Export
@Version("1.0.0")
package org.rocmon.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
