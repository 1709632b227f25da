/**
 * Core vocabulary of Rocmon: the OCCI monitoring identifiers and the measurement value type that flows
 * through channels.
 */
@Export
@Version("1.2.0")
package org.rocmon.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
