package org.rocmon.occi.internal.frontend;

import java.util.ArrayList;
import java.util.List;

import org.rocmon.http.Problem;
import org.rocmon.occi.internal.frontend.model.Entity;
import org.rocmon.occi.internal.frontend.model.Model;
import org.rocmon.occi.internal.frontend.model.Refs;
import org.rocmon.occi.internal.frontend.model.Submission;
import org.rocmon.occi.internal.frontend.render.Views;

/**
 * Which entities one caller may see, the one place the front end applies ownership: a user sees, changes, deletes
 * and acts on the entities whose {@code rocmon.owner} they are; an admin sees all. Another user's entity is
 * answered exactly like a missing one (404, or the 400 of an unknown source or target), so its id does not leak.
 * The one exception is the id itself: ids are one namespace, so creating an entity under a taken id answers 409.
 * What an ordinary user may change is confined here too ({@link #admission}): the mixins {@link MixinPolicy} allows
 * users, and a number of entities of their own.
 */
public final class Ownership implements Views.Lookup {

    private final OcciRequest req;
    private final Frontend frontend;

    Ownership(OcciRequest req, Frontend frontend) {
        this.req = req;
        this.frontend = frontend;
    }

    /** @return whether the caller may see the entity */
    boolean sees(Entity e) {
        return sees(e, req.user, req.admin);
    }

    /** @return whether a user (an admin when {@code admin}) may see the entity: the rule, also for NGSI */
    public static boolean sees(Entity e, String user, boolean admin) {
        return e != null && (admin || (user != null && user.equals(e.owner)));
    }

    /** @return the entity if it exists and the caller may see it, else null */
    @Override
    public Entity get(String id) {
        Entity e = frontend.get(id);
        return sees(e) ? e : null;
    }

    /** @return full names of the entity's secret attributes, which renderings mask */
    @Override
    public java.util.Set<String> secrets(Entity e) {
        return frontend.model().secrets(e.mixins);
    }

    /** @return the links of a resource the caller may see */
    @Override
    public List<Entity> linksOf(String id) {
        return filter(frontend.linksOf(id));
    }

    /** @return every entity the caller may see, sorted by id */
    List<Entity> all() {
        return filter(frontend.all());
    }

    /** @return whether the id is used by an entity the caller may not see (a PUT or POST would take it over) */
    boolean takenByAnother(String id) {
        Entity e = frontend.get(id);
        return e != null && !sees(e);
    }

    /**
     * A user's collector may only join their own entities: a source or target the caller may not see is refused
     * with the validator's words for an unknown one.
     */
    void checkEnds(Submission s) throws Problem {
        if (req.admin) {
            return;
        }
        if (s.source != null && takenByAnother(Refs.id(s.source))) {
            throw Problem.badRequest("source " + Refs.id(s.source)
                    + " is not a known entity; create the compute resource first", "occi.core.source");
        }
        if (s.target != null && takenByAnother(Refs.id(s.target))) {
            throw Problem.badRequest("target " + Refs.id(s.target)
                    + " is not a known entity; create the sensor first", "occi.core.target");
        }
    }

    /**
     * What an ordinary user may change, checked by the front end under its lock: mixins the entity does not have yet
     * must be allowed for users (those already on it stay, so that an entity made before the policy changed can still
     * be changed and have them removed), destinations new or changed must be on the operator's list, and a new entity
     * must not take the user past the caps on entities and on collectors. Admins may do anything.
     *
     * @param limits what users are confined by
     */
    Frontend.Admission admission(UserLimits limits) {
        return (old, e) -> {
            if (req.admin) {
                return;
            }
            List<String> added = new ArrayList<>(e.mixins);
            if (old != null) {
                added.removeAll(old.mixins);
            }
            limits.mixins.check(false, req.user, added);
            limits.destinations.check(frontend.model(), req.user, old, e);
            if (old == null) {
                List<Entity> own = frontend.all().stream().filter(x -> req.user != null && req.user.equals(x.owner))
                        .collect(java.util.stream.Collectors.toList());
                if (own.size() >= limits.maxEntities) {
                    throw Problem.of(403, "user " + req.user + " owns " + own.size() + " entities, the limit; delete "
                            + "some or ask an admin to raise maxEntitiesPerUser").with("limit", limits.maxEntities)
                            .with("owned", own.size()).with("setting", "maxEntitiesPerUser");
                }
                long collectors = own.stream().filter(x -> Model.COLLECTOR.equals(x.kind)).count();
                if (Model.COLLECTOR.equals(e.kind) && collectors >= limits.maxCollectors) {
                    throw Problem.of(403, "user " + req.user + " owns " + collectors + " collectors, the limit; delete "
                            + "some or ask an admin to raise maxCollectorsPerUser").with("limit", limits.maxCollectors)
                            .with("owned", collectors).with("setting", "maxCollectorsPerUser");
                }
            }
        };
    }

    private List<Entity> filter(List<Entity> entities) {
        if (req.admin) {
            return entities;
        }
        List<Entity> out = new ArrayList<>();
        for (Entity e : entities) {
            if (sees(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
