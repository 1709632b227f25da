/**
 * The node's one HTTP front door. Every Rocmon servlet selects the shared whiteboard context
 * ({@link org.rocmon.http.RocmonHttp#CONTEXT_SELECT}); its {@code handleSecurity} consults the
 * {@link org.rocmon.http.RequestGuard} services, once, for every request. Request bodies are read and refused
 * ({@link org.rocmon.http.HttpIo}) and errors are rendered ({@link org.rocmon.http.Problem}, RFC 9457
 * {@code application/problem+json}) in one way for every endpoint.
 */
@Export
@Version("1.0.0")
package org.rocmon.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
