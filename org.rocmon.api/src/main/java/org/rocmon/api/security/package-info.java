/**
 * Who is calling: the authenticated caller the node's {@code RequestGuard} attaches to a request of the shared HTTP
 * context, and the role names servlets check. Authentication itself lives once, in {@code org.rocmon.security};
 * servlets only read {@link org.rocmon.api.security.Caller#ATTRIBUTE} (and {@code HttpServletRequest.getRemoteUser()}).
 */
@Export
@Version("1.2.0")
package org.rocmon.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
