/**
 * Data transfer objects of the OCCI entity model and of runtime status, with public fields and no behaviour,
 * so that any JSON binding can read and write them.
 */
@Export
@Version("1.1.0")
package org.rocmon.api.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
