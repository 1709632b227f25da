package org.rocmon.catalog.internal.repository;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/**
 * What to install for one resource: the resource itself plus, transitively, the repository resources that export
 * the packages it imports and the node does not already export. A deliberately simple closure (packages only,
 * highest version first, no backtracking): mixins are small bundles whose imports the runtime mostly satisfies.
 */
final class Closure {

    static final String PACKAGE = "osgi.wiring.package";

    private Closure() {
    }

    /**
     * @param root the resource asked for
     * @param repository every resource the indexes offer
     * @param node whether an installed bundle already provides a requirement
     * @return root first, then what it needs
     * @throws UnresolvableException naming the first package nobody provides
     */
    static List<IndexResource> of(IndexResource root, List<IndexResource> repository,
            Predicate<IndexResource.Requirement> node) throws UnresolvableException {
        Set<IndexResource> chosen = new LinkedHashSet<>();
        chosen.add(root);
        Deque<IndexResource> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            IndexResource r = todo.poll();
            for (IndexResource.Requirement q : r.requirements()) {
                if (!PACKAGE.equals(q.namespace()) || q.optional() || q.filter() == null) {
                    continue;
                }
                Filter filter = filter(r, q);
                if (isJava(q.filter()) || providedBy(chosen, filter) || node.test(q)) {
                    continue;
                }
                IndexResource provider = best(repository, filter);
                if (provider == null) {
                    throw new UnresolvableException(r + " needs " + q.filter()
                            + ", which neither the node nor the mixin repository provides");
                }
                if (chosen.add(provider)) {
                    todo.add(provider);
                }
            }
        }
        return new ArrayList<>(chosen);
    }

    private static Filter filter(IndexResource r, IndexResource.Requirement q) throws UnresolvableException {
        try {
            return FrameworkUtil.createFilter(q.filter());
        } catch (InvalidSyntaxException e) {
            throw new UnresolvableException(r + " has a malformed requirement filter " + q.filter());
        }
    }

    // Since OSGi R7 bundles may import java.*; the system bundle always provides those.
    private static boolean isJava(String filter) {
        return filter.contains("(" + PACKAGE + "=java.");
    }

    private static boolean providedBy(Set<IndexResource> resources, Filter filter) {
        for (IndexResource r : resources) {
            if (provides(r, filter)) {
                return true;
            }
        }
        return false;
    }

    private static IndexResource best(List<IndexResource> repository, Filter filter) {
        return repository.stream().filter(r -> provides(r, filter))
                .max(Comparator.comparing(IndexResource::version)).orElse(null);
    }

    static boolean provides(IndexResource r, Filter filter) {
        for (IndexResource.Capability c : r.capabilities()) {
            if (PACKAGE.equals(c.namespace()) && matches(filter, c.attributes())) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(Filter filter, Map<String, ?> attributes) {
        try {
            return filter.matches(attributes);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** No provider for a requirement. */
    static final class UnresolvableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnresolvableException(String message) {
            super(message);
        }
    }
}
