package org.rocmon.http.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;
import org.rocmon.http.HttpIo;
import org.rocmon.http.Problem;
import org.rocmon.http.RequestGuard;
import org.rocmon.http.RocmonHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared whiteboard context of every Rocmon servlet, at the root path so URLs stay as they are. Its
 * {@link #handleSecurity} is the one place requests are admitted: every {@link RequestGuard}, highest ranking first.
 */
@Component(service = ServletContextHelper.class, scope = org.osgi.service.component.annotations.ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = RocmonHttp.CONTEXT_NAME, path = "/")
public final class RocmonContext extends ServletContextHelper {

    private static final Logger LOG = LoggerFactory.getLogger(RocmonContext.class);

    /** Sorted by ranking, highest first; replaced whole when a guard comes or goes. */
    private final List<Ranked> guards = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGuard(RequestGuard guard, ServiceReference<RequestGuard> ref) {
        guards.add(new Ranked(ref, guard));
        guards.sort(null);
    }

    void removeGuard(RequestGuard guard) {
        guards.removeIf(r -> r.guard == guard);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (Ranked r : guards) {
            try {
                r.guard.check(request);
            } catch (Problem p) {
                HttpIo.drain(request);
                HttpIo.problem(response, p);
                return false;
            } catch (RuntimeException e) {
                // a broken guard must not open the door: refuse, and say so in the log only
                LOG.error("request guard {} failed on {} {}", r.guard.getClass().getName(), request.getMethod(),
                        request.getRequestURI(), e);
                HttpIo.problem(response, Problem.of(503, "the node cannot check this request now"));
                return false;
            }
        }
        return true;
    }

    private static final class Ranked implements Comparable<Ranked> {
        final ServiceReference<RequestGuard> ref;
        final RequestGuard guard;

        Ranked(ServiceReference<RequestGuard> ref, RequestGuard guard) {
            this.ref = ref;
            this.guard = guard;
        }

        @Override
        public int compareTo(Ranked o) {
            return o.ref.compareTo(ref); // ServiceReference orders by ranking then id; highest first
        }
    }
}
