package org.rocmon.sensor.internal;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.rocmon.json.RocmonJson;

import org.rocmon.http.Problem;

/**
 * One sensor declared by a factory configuration ({@value #FACTORY_PID}), e.g. a FileInstall file
 * {@code deploy/org.rocmon.sensor.declared-s01.cfg}. The sensor is defined as a POST would define it, updated
 * when the configuration changes and deleted when it is deleted. A bad declaration is logged (with the attribute
 * at fault) and counted; the sensor it names keeps its previous definition, if any.
 */
@Component(configurationPid = DeclaredSensor.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = DeclaredSensor.Config.class, factory = true)
public final class DeclaredSensor {

    static final String FACTORY_PID = "org.rocmon.sensor.declared";

    /** ComponentConstants.DEACTIVATION_REASON_*, spelled out to keep org.osgi.service.component off the path. */
    static final int REASON_DISABLED = 1;
    static final int REASON_CONFIGURATION_DELETED = 4;

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredSensor.class);

    /** A sensor kept as configuration. */
    @ObjectClassDefinition(name = "Rocmon declared sensor",
            description = "A sensor defined by configuration instead of a REST POST")
    public @interface Config {
        @AttributeDefinition(required = false,
                description = "The sensor's JSON, as POSTed to /sensor/{id}/ (listing 1 or the flat OCCI form)")
        String description();

        @AttributeDefinition(required = false,
                description = "Path of a file holding that JSON; relative to the node's data folder")
        String file();

        @AttributeDefinition(required = false, description = "Sensor id, when the JSON does not give one")
        String id();
    }

    private final ObjectMapper mapper = RocmonJson.mapper();
    private final SensorRegistry registry;
    private final Path dataDir;
    private final String owner;
    /** Id of the sensor this configuration currently defines, or null. */
    private volatile String sensorId;

    @Activate
    public DeclaredSensor(Map<String, Object> props, @Reference SensorManager manager) {
        this.registry = manager.registry();
        this.dataDir = manager.dataDir();
        this.owner = "config:" + props.get(Constants.SERVICE_PID);
        apply(props);
    }

    @Modified
    void modified(Map<String, Object> props) {
        apply(props);
    }

    /** Only a deleted configuration deletes its sensor; a stopping bundle or runtime keeps the stored one. */
    @Deactivate
    void deactivate(int reason) {
        String id = sensorId;
        if (id == null) {
            return;
        }
        if (reason == REASON_CONFIGURATION_DELETED
                || reason == REASON_DISABLED) {
            if (registry.deleteOwned(owner, id)) {
                LOG.info("sensor {} deleted with its configuration {}", id, owner);
            }
        } else {
            registry.release(owner, id);
        }
    }

    String sensorId() {
        return sensorId;
    }

    private void apply(Map<String, ?> props) {
        try {
            JsonNode body = Declaration.body(mapper, props, dataDir);
            String id = Declaration.id(props, body);
            String previous = sensorId;
            boolean created = registry.defineOwned(owner, id, body);
            sensorId = id;
            if (previous != null && !previous.equals(id)) {
                registry.deleteOwned(owner, previous);
            }
            LOG.info("sensor {} {} by {}", id, created ? "defined" : "updated", owner);
        } catch (Problem e) {
            registry.refusedDeclaration();
            LOG.warn("configuration {} refused ({}): {}{}", owner, e.status(), e.getMessage(),
                    e.attribute() == null ? "" : " [attribute " + e.attribute() + "]");
        } catch (RuntimeException e) {
            // A declaration must never take the component (or SCR's thread) down; the REST path answers 503.
            registry.refusedDeclaration();
            LOG.error("configuration {} could not be applied", owner, e);
        }
    }
}
